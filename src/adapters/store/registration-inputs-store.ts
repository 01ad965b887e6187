/**
 * Everything the registration verdict reads, in one statement: every sign-in's response carries the verdict, and on
 * PostgreSQL each statement is a round trip (issue #18 item 1). The five reads (policy, confirmation time, answers,
 * methods, an administrator's re-registration requirement) become one UNION ALL, a row per item tagged by kind, ordered as the separate queries order them, so
 * `listMethods`/`listAnswers` and this agree on both dialects' collations. PostgreSQL types a union's columns from
 * the branches in order, so the integer column's nulls are cast.
 */
import { sql, type Kysely } from 'kysely';
import type { MethodRecord } from '../../core/methods/records.js';
import type { RegistrationInputs } from '../../core/ports.js';
import { compiledOnce } from './compiled-once.js';
import type { Database } from './schema.js';
import { toMethod } from './security-info-store.js';
import { policyFromJson } from './sspr-policy-store.js';

/** One union row: `kind` says which table it is from; the sort keys order it as that table's own query does. */
interface InputRow {
  kind: 'a_policy' | 'b_confirmed' | 'c_answer' | 'd_method' | 'e_reregistration';
  sort1: string | null;
  sort2: string | null;
  text1: string | null;
  text2: string | null;
  text3: string | null;
  text4: string | null;
  text5: string | null;
  text6: string | null;
  text7: string | null;
  text8: string | null;
  step: number | string | null;
}

const inputRows = compiledOnce((db: Kysely<Database>, tenantId: string, userId: string) =>
  sql<InputRow>`
    select 'a_policy' as kind, null as sort1, null as sort2, policy as text1, null as text2, null as text3,
      null as text4, null as text5, null as text6, null as text7, null as text8, cast(null as integer) as step
      from sspr_policies where tenant_id = ${tenantId}
    union all
    select 'b_confirmed', null, null, confirmed_at, null, null, null, null, null, null, null, cast(null as integer)
      from security_info_confirmations where tenant_id = ${tenantId} and user_id = ${userId}
    union all
    select 'c_answer', question_id, null, question_id, answer_hash, created_at, null, null, null, null, null,
      cast(null as integer)
      from security_answers where tenant_id = ${tenantId} and user_id = ${userId}
    union all
    select 'd_method', created_at, method_id, method_id, type, value, sealed_secret, label, status, verified_at,
      updated_at, last_totp_step
      from security_methods where tenant_id = ${tenantId} and user_id = ${userId}
    union all
    select 'e_reregistration', null, null, required_at, null, null, null, null, null, null, null, cast(null as integer)
      from reregistration_requirements where tenant_id = ${tenantId} and user_id = ${userId}
    order by kind, sort1, sort2`.compile(db),
);

export const readRegistrationInputs = async (
  db: Kysely<Database>,
  tenantId: string,
  userId: string,
): Promise<RegistrationInputs> => {
  const inputs: RegistrationInputs = {
    policy: undefined,
    confirmedAt: undefined,
    answers: [],
    methods: [],
    reregistrationRequiredAt: undefined,
  };
  for (const row of (await inputRows(db, tenantId, userId)).rows) {
    if (row.kind === 'a_policy') inputs.policy = policyFromJson(row.text1!);
    else if (row.kind === 'b_confirmed') inputs.confirmedAt = row.text1!;
    else if (row.kind === 'c_answer')
      inputs.answers.push({ tenantId, userId, questionId: row.text1!, answerHash: row.text2!, createdAt: row.text3! });
    else if (row.kind === 'd_method') inputs.methods.push(methodOf(row, tenantId, userId));
    else inputs.reregistrationRequiredAt = row.text1!;
  }
  return inputs;
};

const methodOf = (row: InputRow, tenantId: string, userId: string): MethodRecord =>
  toMethod({
    tenant_id: tenantId,
    user_id: userId,
    method_id: row.text1!,
    type: row.text2!,
    value: row.text3,
    sealed_secret: row.text4,
    label: row.text5,
    status: row.text6!,
    verified_at: row.text7,
    updated_at: row.text8!,
    created_at: row.sort1!,
    last_totp_step: row.step === null ? null : Number(row.step),
  });

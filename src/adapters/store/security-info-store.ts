import { sql, type Kysely, type Selectable } from 'kysely';
import type { CodePurpose, MethodRecord, PendingCode } from '../../core/methods/records.js';
import type { SecurityInfoRepository } from '../../core/ports.js';
import { inLockedBatch } from './batches.js';
import { compiledOnce } from './compiled-once.js';
import type { Dialect } from './database.js';
import { readRegistrationInputs } from './registration-inputs-store.js';
import { createSendCountStore } from './send-count-store.js';
import type { Database, SecurityCodesTable, SecurityMethodsTable } from './schema.js';

export const toMethod = (row: Selectable<SecurityMethodsTable>): MethodRecord => ({
  tenantId: row.tenant_id,
  methodId: row.method_id,
  userId: row.user_id,
  type: row.type as MethodRecord['type'],
  value: row.value,
  sealedSecret: row.sealed_secret,
  label: row.label,
  status: row.status === 'verified' ? 'verified' : 'pending',
  lastTotpStep: row.last_totp_step === null ? null : Number(row.last_totp_step),
  createdAt: row.created_at,
  verifiedAt: row.verified_at,
  updatedAt: row.updated_at,
});

/** Read back as written: a reset code was once read as `register`, so a check of its purpose could not tell. */
const codePurposes: ReadonlySet<string> = new Set<CodePurpose>([
  'register',
  'step-up',
  'reset',
  'helpdesk',
  'reset-decoy',
]);

const toCode = (row: Selectable<SecurityCodesTable>): PendingCode => ({
  tenantId: row.tenant_id,
  codeId: row.code_id,
  userId: row.user_id,
  subjectId: row.subject_id,
  // A purpose this version does not know (a newer instance's) reads as the stand-in's, which no check accepts.
  purpose: codePurposes.has(row.purpose) ? (row.purpose as CodePurpose) : 'reset-decoy',
  codeHash: row.code_hash,
  expiresAt: row.expires_at,
  attempts: Number(row.attempts),
  consumedAt: row.consumed_at,
  createdAt: row.created_at,
});

// Every sign-in's registration verdict reads these three: compiled once (compiled-once.ts).
const methodRows = compiledOnce((db: Kysely<Database>, tenantId: string, userId: string) =>
  db
    .selectFrom('security_methods')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('method_id'),
);
const answerRows = compiledOnce((db: Kysely<Database>, tenantId: string, userId: string) =>
  db
    .selectFrom('security_answers')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .orderBy('question_id'),
);
const confirmedAtRow = compiledOnce((db: Kysely<Database>, tenantId: string, userId: string) =>
  db
    .selectFrom('security_info_confirmations')
    .select('confirmed_at')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId),
);

export const createSecurityInfoStore = (db: Kysely<Database>, dialect: Dialect): SecurityInfoRepository => ({
  ...createSendCountStore(db),
  async listMethods(tenantId, userId) {
    const { rows } = await methodRows(db, tenantId, userId);
    return rows.map(toMethod);
  },
  async findMethod(tenantId, userId, methodId) {
    const row = await db
      .selectFrom('security_methods')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('method_id', '=', methodId)
      .executeTakeFirst();
    return row && toMethod(row);
  },
  async addMethod(m) {
    await db
      .insertInto('security_methods')
      .values({
        tenant_id: m.tenantId,
        method_id: m.methodId,
        user_id: m.userId,
        type: m.type,
        value: m.value,
        sealed_secret: m.sealedSecret,
        label: m.label,
        status: m.status,
        last_totp_step: m.lastTotpStep,
        created_at: m.createdAt,
        verified_at: m.verifiedAt,
        updated_at: m.updatedAt,
      })
      .execute();
  },
  async markVerified(tenantId, methodId, verifiedAt) {
    const result = await db
      .updateTable('security_methods')
      .set({ status: 'verified', verified_at: verifiedAt, updated_at: verifiedAt })
      .where('tenant_id', '=', tenantId)
      .where('method_id', '=', methodId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },
  async advanceTotpStep(tenantId, methodId, step, updatedAt) {
    const result = await db
      .updateTable('security_methods')
      .set({ last_totp_step: step, updated_at: updatedAt })
      .where('tenant_id', '=', tenantId)
      .where('method_id', '=', methodId)
      .where((eb) => eb.or([eb('last_totp_step', 'is', null), eb('last_totp_step', '<', step)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },
  async removeMethod(tenantId, userId, methodId) {
    const result = await db
      .deleteFrom('security_methods')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('method_id', '=', methodId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
  async lockUser(tenantId, userId) {
    // SQLite transactions are already serialised on its one connection.
    if (dialect === 'postgres')
      await db
        .selectFrom('users')
        .select('user_id')
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .forUpdate()
        .execute();
  },
  async listAnswers(tenantId, userId) {
    const { rows } = await answerRows(db, tenantId, userId);
    return rows.map((r) => ({
      tenantId: r.tenant_id,
      userId: r.user_id,
      questionId: r.question_id,
      answerHash: r.answer_hash,
      createdAt: r.created_at,
    }));
  },
  async replaceAnswers(tenantId, userId, answers) {
    await db.deleteFrom('security_answers').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
    if (answers.length === 0) return;
    await db
      .insertInto('security_answers')
      .values(
        answers.map((a) => ({
          tenant_id: tenantId,
          user_id: userId,
          question_id: a.questionId,
          answer_hash: a.answerHash,
          created_at: a.createdAt,
        })),
      )
      .execute();
  },
  async addCode(c) {
    // A new code supersedes any earlier one for the same entry and purpose: only the newest works. Supersede and
    // insert are one transaction, serialised per subject, or two concurrent issues (two resends) could each
    // supersede only what was there before either and both insert: two live codes.
    const issue = async (trx: Kysely<Database>) => {
      // PostgreSQL: a transaction-scoped advisory lock on the subject; the second issuer waits, then its UPDATE
      // (read committed) sees and supersedes the first one's code. SQLite: transactions are serialised already.
      if (dialect === 'postgres')
        await sql`select pg_advisory_xact_lock(hashtext(${`security-code:${c.tenantId}:${c.subjectId}:${c.purpose}`}))`.execute(
          trx,
        );
      await trx
        .updateTable('security_codes')
        .set({ consumed_at: c.createdAt })
        .where('tenant_id', '=', c.tenantId)
        .where('subject_id', '=', c.subjectId)
        .where('purpose', '=', c.purpose)
        .where('consumed_at', 'is', null)
        .execute();
      await trx
        .insertInto('security_codes')
        .values({
          tenant_id: c.tenantId,
          code_id: c.codeId,
          user_id: c.userId,
          subject_id: c.subjectId,
          purpose: c.purpose,
          code_hash: c.codeHash,
          expires_at: c.expiresAt,
          attempts: c.attempts,
          consumed_at: c.consumedAt,
          created_at: c.createdAt,
        })
        .execute();
    };
    await (db.isTransaction ? issue(db) : db.transaction().execute(issue));
  },
  async findCode(tenantId, codeId) {
    const row = await db
      .selectFrom('security_codes')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('code_id', '=', codeId)
      .executeTakeFirst();
    return row && toCode(row);
  },
  async latestCode(tenantId, subjectId, purpose) {
    const row = await db
      .selectFrom('security_codes')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('subject_id', '=', subjectId)
      .where('purpose', '=', purpose)
      .where('consumed_at', 'is', null)
      .orderBy('created_at', 'desc')
      .orderBy('code_id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && toCode(row);
  },
  async countAttempt(tenantId, codeId, maxAttempts) {
    // Conditional: concurrent wrong guesses can never count past the limit.
    const row = await db
      .updateTable('security_codes')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('tenant_id', '=', tenantId)
      .where('code_id', '=', codeId)
      .where('attempts', '<', maxAttempts)
      .where('consumed_at', 'is', null)
      .returning('attempts')
      .executeTakeFirst();
    return row ? Number(row.attempts) : undefined;
  },
  async consumeCode(tenantId, codeId, consumedAt) {
    const result = await db
      .updateTable('security_codes')
      .set({ consumed_at: consumedAt })
      .where('tenant_id', '=', tenantId)
      .where('code_id', '=', codeId)
      .where('consumed_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },
  async voidCodes(tenantId, subjectId, at) {
    await db
      .updateTable('security_codes')
      .set({ consumed_at: at })
      .where('tenant_id', '=', tenantId)
      .where('subject_id', '=', subjectId)
      .where('consumed_at', 'is', null)
      .execute();
  },
  async deleteExpiredCodes(tenantId, before, limit) {
    // The batch is chosen by key in a subquery (a DELETE takes no LIMIT on PostgreSQL): one short statement per call.
    // On PostgreSQL it skips rows another purge holds (batches.ts); SQLite runs one writer at a time.
    const batch = db
      .selectFrom('security_codes')
      .select('code_id')
      .where('tenant_id', '=', tenantId)
      .where('expires_at', '<', before)
      .limit(limit);
    const result = await db
      .deleteFrom('security_codes')
      .where('tenant_id', '=', tenantId)
      .where((eb) =>
        dialect === 'postgres' ? inLockedBatch('code_id', batch.forUpdate().skipLocked()) : eb('code_id', 'in', batch),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
  async listCustomQuestions(tenantId) {
    const rows = await db
      .selectFrom('security_custom_questions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('question_id')
      .execute();
    return rows.map((r) => ({
      tenantId: r.tenant_id,
      questionId: r.question_id,
      text: r.text,
      createdAt: r.created_at,
    }));
  },
  async addCustomQuestion(q) {
    await db
      .insertInto('security_custom_questions')
      .values({ tenant_id: q.tenantId, question_id: q.questionId, text: q.text, created_at: q.createdAt })
      .execute();
  },
  async removeCustomQuestion(tenantId, questionId) {
    // Answers to a removed question go with it: they can no longer be asked.
    await db
      .deleteFrom('security_answers')
      .where('tenant_id', '=', tenantId)
      .where('question_id', '=', questionId)
      .execute();
    const result = await db
      .deleteFrom('security_custom_questions')
      .where('tenant_id', '=', tenantId)
      .where('question_id', '=', questionId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
  async getConfirmedAt(tenantId, userId) {
    const [row] = (await confirmedAtRow(db, tenantId, userId)).rows;
    return row?.confirmed_at;
  },
  registrationInputs: (tenantId, userId) => readRegistrationInputs(db, tenantId, userId),
  async setConfirmedAt(tenantId, userId, confirmedAt) {
    await db
      .insertInto('security_info_confirmations')
      .values({ tenant_id: tenantId, user_id: userId, confirmed_at: confirmedAt })
      .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doUpdateSet({ confirmed_at: confirmedAt }))
      .execute();
  },
  async setSteppedUp(tenantId, sessionHash, at) {
    await db
      .updateTable('sessions')
      .set({ stepped_up_at: at })
      .where('tenant_id', '=', tenantId)
      .where('session_hash', '=', sessionHash)
      .execute();
  },
});

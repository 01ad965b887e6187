import type { Kysely } from 'kysely';
import { defaultSsprPolicy, type SsprPolicy } from '../../core/policy/sspr-policy.js';
import type { SsprPolicyRepository } from '../../core/ports.js';
import { compiledOnce } from './compiled-once.js';
import type { Database } from './schema.js';

/** Every sign-in's registration verdict reads it: compiled once (compiled-once.ts). */
const policyRow = compiledOnce((db: Kysely<Database>, tenantId: string) =>
  db.selectFrom('sspr_policies').select('policy').where('tenant_id', '=', tenantId),
);

/** Stored policies are completed with today's defaults, so a setting added later reads sensibly. */
export const policyFromJson = (json: string): SsprPolicy => ({
  ...defaultSsprPolicy,
  ...(JSON.parse(json) as Partial<SsprPolicy>),
});

export const createSsprPolicyStore = (db: Kysely<Database>): SsprPolicyRepository => ({
  async get(tenantId) {
    const [row] = (await policyRow(db, tenantId)).rows;
    return row && policyFromJson(row.policy);
  },
  async put(tenantId, policy, updatedAt) {
    const values = { policy: JSON.stringify(policy), updated_at: updatedAt };
    await db
      .insertInto('sspr_policies')
      .values({ tenant_id: tenantId, ...values })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
      .execute();
  },
});

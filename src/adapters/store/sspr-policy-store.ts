import type { Kysely } from 'kysely';
import { defaultSsprPolicy, type SsprPolicy } from '../../core/policy/sspr-policy.js';
import type { SsprPolicyRepository } from '../../core/ports.js';
import type { Database } from './schema.js';

export const createSsprPolicyStore = (db: Kysely<Database>): SsprPolicyRepository => ({
  async get(tenantId) {
    const row = await db
      .selectFrom('sspr_policies')
      .select('policy')
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    // Stored policies are completed with today's defaults, so a setting added later reads sensibly.
    return row && { ...defaultSsprPolicy, ...(JSON.parse(row.policy) as Partial<SsprPolicy>) };
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

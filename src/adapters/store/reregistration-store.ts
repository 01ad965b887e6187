import type { Kysely } from 'kysely';
import type { ReregistrationRepository } from '../../core/ports/helpdesk-ports.js';
import type { Database } from './schema.js';

/** "Require re-registration" markers: one row per user, a later requirement replaces the earlier one. */
export const createReregistrationStore = (db: Kysely<Database>): ReregistrationRepository => ({
  async get(tenantId, userId) {
    const row = await db
      .selectFrom('reregistration_requirements')
      .select(['required_at', 'required_by'])
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row && { requiredAt: row.required_at, requiredBy: row.required_by };
  },
  async put(tenantId, userId, requirement) {
    const values = { required_at: requirement.requiredAt, required_by: requirement.requiredBy };
    await db
      .insertInto('reregistration_requirements')
      .values({ tenant_id: tenantId, user_id: userId, ...values })
      .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doUpdateSet(values))
      .execute();
  },
});

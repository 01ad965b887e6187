import type { Kysely } from 'kysely';

/** One SSPR policy per tenant, as JSON: the policy is read and written whole. */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable('sspr_policies')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.tenant_id'))
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
};

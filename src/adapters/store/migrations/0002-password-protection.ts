import type { Kysely } from 'kysely';

/** Per-tenant password protection: the chosen profile and switches, and the custom banned list. */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable('password_protection_settings')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.tenant_id'))
    .addColumn('profile', 'text', (c) => c.notNull())
    .addColumn('nist_min_length', 'integer', (c) => c.notNull())
    .addColumn('nist_max_length', 'integer', (c) => c.notNull())
    .addColumn('enforce_custom_list', 'integer', (c) => c.notNull())
    .addColumn('breached_check', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('banned_password_terms')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.tenant_id'))
    // The normalised form is the key: "C0ntoso" and "contoso" are one term.
    .addColumn('term_key', 'text', (c) => c.notNull())
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('banned_password_terms_pk', ['tenant_id', 'term_key'])
    .execute();
};

import type { Kysely } from 'kysely';

/**
 * The common-password check (issue #13 item 6) is a per-tenant switch, on by default: existing tenants' rows get 1,
 * as new tenants (no row) get the default settings. A 0/1 integer, as every boolean in this schema.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .alterTable('password_protection_settings')
    .addColumn('common_password_check', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
};

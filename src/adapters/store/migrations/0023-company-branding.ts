import type { Kysely } from 'kysely';

/**
 * Company branding (issue 14 item 5): one row per branded tenant. The logo (≤ 100 KB, PNG or JPEG) is kept as
 * base64 text so that one column type serves SQLite and PostgreSQL alike; `logo_version` (a hash of the bytes)
 * names it in its URL. No row = the product's default look.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable('tenant_branding')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey())
    .addColumn('display_name', 'text')
    .addColumn('accent_colour', 'text')
    .addColumn('sign_in_text', 'text')
    .addColumn('logo_type', 'text')
    .addColumn('logo_version', 'text')
    .addColumn('logo_size', 'integer')
    .addColumn('logo_base64', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
};

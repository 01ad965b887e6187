import type { Kysely } from 'kysely';

/**
 * Recovery codes and helpdesk caller verification (issue #17 items 3 and 4).
 *
 * - `recovery_codes`: the keyed hashes of a user's current set (ten, made at once; a new set deletes the old
 *   rows), each with `used_at` once spent. The primary key leads with the tenant and user, so "find this hash
 *   for this user" is one index lookup.
 * - `caller_verifications`: the last time a helpdesk agent saw a caller prove to be the user (a code sent to a
 *   registered method, or an authenticator code read out): one row per user, overwritten.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable('recovery_codes')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.tenant_id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addPrimaryKeyConstraint('recovery_codes_pk', ['tenant_id', 'user_id', 'code_hash'])
    .execute();
  await db.schema
    .createTable('caller_verifications')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.tenant_id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('verified_at', 'text', (c) => c.notNull())
    .addColumn('verified_by', 'text')
    .addPrimaryKeyConstraint('caller_verifications_pk', ['tenant_id', 'user_id'])
    .execute();
};

import type { Kysely } from 'kysely';

/**
 * Temporary Access Pass (issue #17 item 2).
 *
 * - `temporary_access_passes`: one pass per user (a new one replaces the old): the keyed hash of the pass (never
 *   the pass), one-time or multi-use, its expiry, when a one-time pass was used, and who issued it. Keyed by
 *   tenant and user; no foreign key to the user, so deleting a user needs no change here (the row is unreachable
 *   without the user, and a user made again gets a new id).
 * - `sessions.scope`: `securityInfo` for a session opened with a pass (good only for registering security info);
 *   null for a password sign-in.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable('temporary_access_passes')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.tenant_id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('pass_hash', 'text', (c) => c.notNull())
    .addColumn('one_time', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_by', 'text')
    .addPrimaryKeyConstraint('temporary_access_passes_pk', ['tenant_id', 'user_id'])
    .execute();
  await db.schema.alterTable('sessions').addColumn('scope', 'text').execute();
};

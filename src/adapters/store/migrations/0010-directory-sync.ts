import type { Kysely } from 'kysely';

/**
 * Directory sync (issue 7, item 2).
 *
 * - `directory_sync_states`: one row per (tenant, connection): the watermark of the last run (OpenLDAP
 *   generalized time, AD uSNChanged), when the last run and the last full run finished, its outcome and
 *   counts (JSON), and a lease (`lock_owner`, `locked_until`) taken by compare-and-set so that two
 *   instances never sync the same connection at once; a crashed run's lease simply expires.
 * - users and groups gain the connection they came from and their DN there; `on_prem_anchor` (users:
 *   since 0001) is the immutable link (entryUUID / objectGUID), the DN only a cache for membership lookup.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable('directory_sync_states')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.tenant_id'))
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('watermark', 'text')
    .addColumn('last_run_at', 'text')
    .addColumn('last_full_run_at', 'text')
    .addColumn('last_outcome', 'text')
    .addColumn('last_counts', 'text')
    .addColumn('lock_owner', 'text')
    .addColumn('locked_until', 'text')
    .addPrimaryKeyConstraint('directory_sync_states_pk', ['tenant_id', 'connection_id'])
    .execute();
  await db.schema.alterTable('users').addColumn('on_prem_connection_id', 'text').execute();
  await db.schema.alterTable('users').addColumn('on_prem_dn', 'text').execute();
  await db.schema.alterTable('groups').addColumn('on_prem_connection_id', 'text').execute();
  await db.schema.alterTable('groups').addColumn('on_prem_anchor', 'text').execute();
  await db.schema.alterTable('groups').addColumn('on_prem_dn', 'text').execute();
  await db.schema.createIndex('users_on_prem').on('users').columns(['tenant_id', 'on_prem_connection_id']).execute();
  await db.schema.createIndex('groups_on_prem').on('groups').columns(['tenant_id', 'on_prem_connection_id']).execute();
};

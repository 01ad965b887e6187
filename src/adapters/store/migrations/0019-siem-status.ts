import type { Kysely } from 'kysely';

/**
 * The SIEM status view (issue 15): per tenant, sink and source, when the sink last acknowledged a batch and the last
 * failed send with its time, so an administrator sees per destination how far it got and why it stopped. A table of
 * its own rather than columns on 0021's `siem_cursors`: migrations run in name order on a new store, so 0019 runs
 * before 0021 exists and must not depend on it.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable('siem_status')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('sink', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('forwarded_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'text')
    .addPrimaryKeyConstraint('siem_status_pk', ['tenant_id', 'sink', 'source'])
    .execute();
};

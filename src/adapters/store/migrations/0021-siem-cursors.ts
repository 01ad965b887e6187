import type { Kysely } from 'kysely';

/**
 * The SIEM stream (issue 15, item 7): per tenant, sink (syslog, webhook) and source (audit events, sign-ins), the
 * last record the sink acknowledged and the lease that lets one instance forward at a time.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable('siem_cursors')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('sink', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('siem_cursors_pk', ['tenant_id', 'sink', 'source'])
    .execute();
};

import type { Kysely } from 'kysely';

/**
 * The write-ahead record of an on-premises password write (core/ports/pending-writeback-ports.ts): committed before
 * the directory is written, deleted by the transaction that records the outcome, declared unknown (`unknown_since`)
 * by `sspr serve`'s recovery when the process that wrote it died in between. No password (0036 adds a hash of it). Keyed by
 * tenant first, as every table; the second index serves the flow's retry, the third the recovery's scan per tenant.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable('pending_writebacks')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.tenant_id'))
    .addColumn('operation_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('flow_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_upn', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('instance', 'text', (c) => c.notNull())
    .addColumn('unknown_since', 'text')
    .addPrimaryKeyConstraint('pending_writebacks_pk', ['tenant_id', 'operation_id'])
    .execute();
  await db.schema
    .createIndex('pending_writebacks_flow')
    .on('pending_writebacks')
    .columns(['tenant_id', 'user_id', 'flow_id'])
    .execute();
  await db.schema
    .createIndex('pending_writebacks_started')
    .on('pending_writebacks')
    .columns(['tenant_id', 'unknown_since', 'started_at'])
    .execute();
};

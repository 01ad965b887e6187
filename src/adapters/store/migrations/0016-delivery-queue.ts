import type { Kysely } from 'kysely';

/**
 * The delivery queue (issue #13 item 2): every outgoing email, SMS and voice call, written in the transaction that
 * causes it and delivered by the worker of `sspr serve`. Keyed by tenant; the body is sealed and erased once the
 * message is delivered or dropped; final rows are purged after a day. The index serves the worker's claim (status,
 * then the due time), which reads across tenants as the agent queue's purge does.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable('delivery_queue')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.tenant_id'))
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('sealed_body', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('claim_token', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('delivery_queue_pk', ['tenant_id', 'message_id'])
    .execute();
  await db.schema
    .createIndex('delivery_queue_due')
    .on('delivery_queue')
    .columns(['status', 'next_attempt_at'])
    .execute();
};

import type { Kysely } from 'kysely';

/**
 * Voice calls placed to confirm a phone: one row per call, keyed by the caller's random call id,
 * so the provider's callback (or the dev outbox's button) can record the answer exactly once.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable('voice_calls')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.tenant_id'))
    .addColumn('call_id', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text')
    .addPrimaryKeyConstraint('voice_calls_pk', ['tenant_id', 'call_id'])
    .execute();
};

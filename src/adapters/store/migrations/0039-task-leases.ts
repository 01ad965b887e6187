import type { Kysely } from 'kysely';

/**
 * A lease per background task of `sspr serve` that spans every tenant (the minute purges): a round runs only on the
 * instance that holds its task's lease, taken or renewed by one upsert whose update applies only when the lease is
 * free (expired, or never taken) or already the caller's (src/adapters/store/task-lease-store.ts).
 *
 * The one table besides `captcha_uses` not keyed by tenant, on purpose: a round covers all tenants, so its lease
 * belongs to none; a pseudo-tenant would need a row in `tenants` (the key references it) and would then show in
 * every listing of tenants. A row names a task and an instance (host, process id, a random id), never a tenant, a
 * user or a secret; there is one row per task, so the table never grows.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable('task_leases')
    .addColumn('task', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('leased_until', 'text', (c) => c.notNull())
    .execute();
};

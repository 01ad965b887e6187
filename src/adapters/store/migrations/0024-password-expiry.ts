import type { Kysely } from 'kysely';

/**
 * Password expiry (issue #16): Entra's per-domain policy (no row = passwords never expire), the tenant's reminder
 * settings, the per-user opt-out and the expiry read from a directory, the language the user last used (so a
 * reminder speaks it), one row per reminder sent (its key makes "at most once per threshold of one password" a
 * unique constraint, on every instance), and one row per scheduled run claimed (one instance does each run).
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable('password_expiry_policies')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('validity_days', 'integer')
    .addColumn('notify_days', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('password_expiry_policies_pk', ['tenant_id', 'domain'])
    .execute();
  await db.schema
    .createTable('password_expiry_settings')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey())
    .addColumn('reminder_days', 'text', (c) => c.notNull())
    .addColumn('sms_reminders', 'integer', (c) => c.notNull())
    .addColumn('daily_reminder_cap', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('password_expiry_reminders')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('threshold_days', 'integer', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('sent_day', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('password_expiry_reminders_pk', ['tenant_id', 'user_id', 'expires_at', 'threshold_days'])
    .execute();
  await db.schema
    .createIndex('password_expiry_reminders_by_day')
    .on('password_expiry_reminders')
    .columns(['tenant_id', 'sent_day'])
    .execute();
  await db.schema
    .createTable('scheduled_runs')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('run_key', 'text', (c) => c.notNull())
    .addColumn('claimed_by', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('scheduled_runs_pk', ['tenant_id', 'job', 'run_key'])
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('password_never_expires', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('users').addColumn('directory_password_expires_at', 'text').execute();
  await db.schema.alterTable('users').addColumn('preferred_language', 'text').execute();
};

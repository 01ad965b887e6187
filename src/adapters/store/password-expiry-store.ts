import type { Kysely } from 'kysely';
import type { ExpiryCandidate, PasswordExpiryRepository } from '../../core/ports.js';
import type { Database } from './schema.js';

/** Ids per `IN (...)` list: well under SQLite's and PostgreSQL's parameter limits. */
const idsPerQuery = 500;

const inserted = (result: { numInsertedOrUpdatedRows?: bigint }) => Number(result.numInsertedOrUpdatedRows ?? 0) > 0;

export const createPasswordExpiryStore = (db: Kysely<Database>): PasswordExpiryRepository => ({
  async listPolicies(tenantId) {
    const rows = await db
      .selectFrom('password_expiry_policies')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('domain')
      .execute();
    return rows.map((r) => ({ domain: r.domain, validityDays: r.validity_days, notifyDays: r.notify_days }));
  },
  async putPolicy(tenantId, policy, updatedAt) {
    const values = { validity_days: policy.validityDays, notify_days: policy.notifyDays, updated_at: updatedAt };
    await db
      .insertInto('password_expiry_policies')
      .values({ tenant_id: tenantId, domain: policy.domain, ...values })
      .onConflict((oc) => oc.columns(['tenant_id', 'domain']).doUpdateSet(values))
      .execute();
  },
  async getSettings(tenantId) {
    const row = await db
      .selectFrom('password_expiry_settings')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return (
      row && {
        reminderDays: JSON.parse(row.reminder_days) as number[],
        smsReminders: row.sms_reminders === 1,
        dailyReminderCap: row.daily_reminder_cap,
      }
    );
  },
  async putSettings(tenantId, settings, updatedAt) {
    const values = {
      reminder_days: JSON.stringify(settings.reminderDays),
      sms_reminders: settings.smsReminders ? 1 : 0,
      daily_reminder_cap: settings.dailyReminderCap,
      updated_at: updatedAt,
    };
    await db
      .insertInto('password_expiry_settings')
      .values({ tenant_id: tenantId, ...values })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
      .execute();
  },
  async listCandidates(tenantId, afterUserId, limit) {
    let query = db
      .selectFrom('users')
      .select([
        'user_id',
        'upn',
        'display_name',
        'source',
        'account_enabled',
        'password_last_set_at',
        'password_never_expires',
        'directory_password_expires_at',
        'alternate_email',
        'mobile_phone',
        'preferred_language',
      ])
      .where('tenant_id', '=', tenantId);
    if (afterUserId !== null) query = query.where('user_id', '>', afterUserId);
    const rows = await query.orderBy('user_id').limit(limit).execute();
    return rows.map((r): ExpiryCandidate => ({
      userId: r.user_id,
      upn: r.upn,
      displayName: r.display_name,
      source: r.source as ExpiryCandidate['source'],
      accountEnabled: r.account_enabled === 1,
      passwordLastSetAt: r.password_last_set_at,
      passwordNeverExpires: r.password_never_expires === 1,
      directoryPasswordExpiresAt: r.directory_password_expires_at ?? null,
      alternateEmail: r.alternate_email,
      mobilePhone: r.mobile_phone,
      preferredLanguage: r.preferred_language ?? null,
    }));
  },
  async sentThresholds(tenantId, userIds) {
    const sent = new Map<string, Set<number>>();
    for (let i = 0; i < userIds.length; i += idsPerQuery) {
      const rows = await db
        .selectFrom('password_expiry_reminders')
        .select(['user_id', 'expires_at', 'threshold_days'])
        .where('tenant_id', '=', tenantId)
        .where('user_id', 'in', userIds.slice(i, i + idsPerQuery))
        .execute();
      for (const r of rows) {
        const key = `${r.user_id}|${r.expires_at}`;
        sent.set(key, (sent.get(key) ?? new Set()).add(r.threshold_days));
      }
    }
    return sent;
  },
  async recordReminder(tenantId, reminder, sentAt) {
    const result = await db
      .insertInto('password_expiry_reminders')
      .values({
        tenant_id: tenantId,
        user_id: reminder.userId,
        expires_at: reminder.expiresAt,
        threshold_days: reminder.thresholdDays,
        sent_at: sentAt,
        sent_day: sentAt.slice(0, 10),
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return inserted(result);
  },
  async countRemindersOn(tenantId, day) {
    const row = await db
      .selectFrom('password_expiry_reminders')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('sent_day', '=', day)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
  async setPasswordNeverExpires(tenantId, userId, neverExpires) {
    await db
      .updateTable('users')
      .set({ password_never_expires: neverExpires ? 1 : 0 })
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .execute();
  },
  async setDirectoryPasswordExpiry(tenantId, userId, expiresAt) {
    await db
      .updateTable('users')
      .set({ directory_password_expires_at: expiresAt })
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .execute();
  },
  async setPreferredLanguage(tenantId, userId, language) {
    await db
      .updateTable('users')
      .set({ preferred_language: language })
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .execute();
  },
  async claimRun(tenantId, job, runKey, claimedBy, claimedAt) {
    const result = await db
      .insertInto('scheduled_runs')
      .values({ tenant_id: tenantId, job, run_key: runKey, claimed_by: claimedBy, claimed_at: claimedAt })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return inserted(result);
  },
});

/**
 * The reminder job of `sspr serve` (issue #16): every round, for each tenant, the users whose password reaches a
 * reminder threshold get one reminder by email (UPN and alternate address) and, when the tenant turns it on, by
 * SMS, in the language they last used, with a link to the change page built from `SSPR_PUBLIC_URL`.
 *
 * Safe with several instances: a round is claimed per tenant (the first instance to insert the run row does it),
 * and each reminder is a row whose key is (user, password expiry instant, threshold), inserted with its audit event
 * in one transaction, so a reminder is recorded at most once however many instances or restarts. After downtime the
 * next round sends what is due (only the nearest threshold; see core/password/expiry.ts), never a day's twice.
 *
 * A reminder's SMS goes through the send caps as every other SMS does (checklist §11 row 9; `scheduled`: per number,
 * per user and the tenant's hourly budget), counted in the reminder's transaction: while the budget breaker is open,
 * or when the SMS passes a cap (and may open the breaker), the reminder goes by email only.
 */
import {
  defaultReminderSettings,
  daysLeft,
  dueReminder,
  domainOf,
  passwordExpiresAt,
  policyForDomain,
  thresholdsWithin,
} from '../../core/password/expiry.js';
import type { ExpiryCandidate, StoreRepositories } from '../../core/ports.js';
import type { Tenant } from '../../core/model.js';
import { translate, type Locale } from '../../i18n/i18n.js';
import { recordAudit } from '../audit/audit-recorder.js';
import { enqueueMessage, wakeDelivery } from '../delivery/message-queue.js';
import { createSendCaps } from '../delivery/send-caps.js';
import type { ServiceDeps } from '../deps.js';
import { startRepeating, type RepeatingTask } from '../repeating-task.js';

export const expiryReminderJob = 'expiry-reminders';
export const defaultReminderIntervalMs = 60 * 60 * 1000;
const pageSize = 1000;

export interface ReminderRound {
  tenants: number;
  reminded: number;
  /** Due but held back by the tenant's daily cap; they go out on a later day. */
  deferred: number;
  /** Reminders whose SMS the send caps or the open budget breaker refused (their email went). */
  smsRefused: number;
}

const localeOf = (candidate: ExpiryCandidate, tenant: Tenant): Locale =>
  candidate.preferredLanguage === 'nl' || candidate.preferredLanguage === 'en'
    ? candidate.preferredLanguage
    : ['NL', 'BE', 'SR'].includes(tenant.country)
      ? 'nl'
      : 'en';

/** A round's slot: rounds of one slot are one run, whichever instance gets there first. */
export const runKeyOf = (now: Date, intervalMs: number) => String(Math.floor(now.getTime() / intervalMs));

interface DueReminder {
  candidate: ExpiryCandidate;
  expiresAt: Date;
  thresholdDays: number;
}

/** What became of a reminder's SMS. */
type SmsOutcome = 'queued' | 'refused' | 'none';

export const createExpiryReminders = (deps: ServiceDeps) => {
  const caps = createSendCaps(deps);

  /** Queues the reminder's messages in the caller's transaction (the delivery queue sends them, issue #13). */
  const queueReminder = async (
    store: StoreRepositories,
    tenant: Tenant,
    candidate: ExpiryCandidate,
    expiresAt: Date,
    smsToo: boolean,
  ): Promise<SmsOutcome> => {
    const locale = localeOf(candidate, tenant);
    const now = deps.clock.now();
    const params = {
      tenant: tenant.name,
      name: candidate.displayName,
      upn: candidate.upn,
      days: daysLeft(expiresAt, now),
      date: expiresAt.toISOString().slice(0, 16).replace('T', ' '),
      link: `${deps.publicUrl ?? ''}/account?mkt=${locale}`,
    };
    // A reminder that could only arrive after the password expired is pointless: the queue drops it then.
    const envelope = {
      tenantId: tenant.tenantId,
      purpose: 'expiry-reminder',
      userId: candidate.userId,
      expiresAt: expiresAt.toISOString(),
    };
    const addresses = [
      ...new Set(
        [candidate.upn, candidate.alternateEmail].filter((a): a is string => Boolean(a)).map((a) => a.toLowerCase()),
      ),
    ];
    for (const to of addresses)
      await enqueueMessage(deps, store, {
        ...envelope,
        channel: 'email',
        to,
        subject: translate(locale, 'expiry.remind.subject', params),
        text: translate(locale, 'expiry.remind.body', params),
      });
    if (!smsToo || !candidate.mobilePhone) return 'none';
    const to = candidate.mobilePhone;
    // No client address: the server sends a reminder, no request asked for it.
    const request = {
      tenantId: tenant.tenantId,
      userId: candidate.userId,
      to,
      channel: 'sms',
      scheduled: true,
    } as const;
    if (!(await caps.allow(request, store))) return 'refused';
    await enqueueMessage(deps, store, {
      ...envelope,
      channel: 'sms',
      to,
      text: translate(locale, 'expiry.remind.sms', params),
    });
    return 'queued';
  };

  const remindTenant = async (tenant: Tenant, round: ReminderRound) => {
    const { tenantId } = tenant;
    const policies = await deps.store.passwordExpiry.listPolicies(tenantId);
    const settings = (await deps.store.passwordExpiry.getSettings(tenantId)) ?? defaultReminderSettings;
    const now = deps.clock.now();
    const day = now.toISOString().slice(0, 10);
    let budget = settings.dailyReminderCap - (await deps.store.passwordExpiry.countRemindersOn(tenantId, day));
    for (let after: string | null = null; ;) {
      const page = await deps.store.passwordExpiry.listCandidates(tenantId, after, pageSize);
      if (page.length === 0) return;
      after = page[page.length - 1]!.userId;
      const dueNow: DueReminder[] = [];
      const sent = await deps.store.passwordExpiry.sentThresholds(
        tenantId,
        page.map((c) => c.userId),
      );
      for (const candidate of page) {
        // Disabled users get no reminder; they cannot sign in to change anything.
        if (!candidate.accountEnabled) continue;
        const expiresAt = passwordExpiresAt(candidate, policies);
        if (!expiresAt) continue;
        const key = `${candidate.userId}|${expiresAt.toISOString()}`;
        const thresholds = thresholdsWithin(
          settings.reminderDays,
          policyForDomain(policies, domainOf(candidate.upn)).notifyDays,
        );
        const due = dueReminder(expiresAt, thresholds, sent.get(key) ?? new Set(), now);
        if (due === undefined) continue;
        if (budget <= 0) {
          round.deferred += 1;
          continue;
        }
        budget -= 1;
        dueNow.push({ candidate, expiresAt, thresholdDays: due });
      }
      // One transaction per page: each reminder row with its audit event and its queued messages (a row already there,
      // written by another instance, is skipped with its messages).
      const recorded = await deps.store.transaction(async (store) => {
        const fresh: DueReminder[] = [];
        let smsRefused = 0;
        for (const reminder of dueNow) {
          const { candidate, expiresAt, thresholdDays } = reminder;
          const inserted = await store.passwordExpiry.recordReminder(
            tenantId,
            { userId: candidate.userId, expiresAt: expiresAt.toISOString(), thresholdDays },
            now.toISOString(),
          );
          if (!inserted) continue;
          fresh.push(reminder);
          const sms = await queueReminder(store, tenant, candidate, expiresAt, settings.smsReminders);
          if (sms === 'refused') smsRefused += 1;
          await recordAudit(deps, store, {
            tenantId,
            activity: 'passwordExpiryReminderSent',
            actor: { type: 'system', id: null, upn: null },
            target: { type: 'user', id: candidate.userId, name: candidate.upn },
            details: {
              thresholdDays,
              expiresAt: expiresAt.toISOString(),
              sms: sms === 'queued',
              smsRefused: sms === 'refused',
            },
          });
        }
        return { fresh, smsRefused };
      });
      round.reminded += recorded.fresh.length;
      round.smsRefused += recorded.smsRefused;
      if (recorded.fresh.length > 0) wakeDelivery(deps);
    }
  };

  return {
    /** One round over every tenant; `instanceId` names the claimer in the run rows. */
    async runRound(instanceId: string, intervalMs = defaultReminderIntervalMs): Promise<ReminderRound> {
      const round: ReminderRound = { tenants: 0, reminded: 0, deferred: 0, smsRefused: 0 };
      const now = deps.clock.now();
      for (const tenant of await deps.store.tenants.list()) {
        const claimed = await deps.store.passwordExpiry.claimRun(
          tenant.tenantId,
          expiryReminderJob,
          runKeyOf(now, intervalMs),
          instanceId,
          now.toISOString(),
        );
        if (!claimed) continue;
        round.tenants += 1;
        await remindTenant(tenant, round);
      }
      return round;
    },
  };
};

export type ExpiryReminders = ReturnType<typeof createExpiryReminders>;

export const startExpiryReminders = (
  reminders: ExpiryReminders,
  instanceId: string,
  onRound: (round: ReminderRound | undefined, error?: unknown) => void,
  intervalMs = defaultReminderIntervalMs,
): RepeatingTask => startRepeating(() => reminders.runRound(instanceId, intervalMs), intervalMs, onRound);

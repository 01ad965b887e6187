/**
 * Password expiry (issue #16): the per-domain policy and reminder settings (admin API, console, CLI), the per-user
 * opt-out, whether a user's password has expired (sign-in), and the preview of who would be reminded when.
 * Reminders themselves go out from `expiry-reminders.ts`.
 */
import {
  checkExpiryPolicy,
  checkReminderDays,
  defaultReminderSettings,
  domainOf,
  expiryLimits,
  isPasswordExpired,
  passwordExpiresAt,
  policyForDomain,
  reminderSchedule,
  thresholdsWithin,
  type DomainExpiryPolicy,
  type ExpiryReminderSettings,
} from '../../core/password/expiry.js';
import { SsprError, type ErrorCode } from '../../core/errors.js';
import type { AuditEvent, User } from '../../core/model.js';
import type { ExpiryCandidate } from '../../core/ports.js';
import { checkUpn } from '../../core/directory/identifiers.js';
import { canManageUser } from '../../core/roles/permissions.js';
import type { AdminPrincipal } from '../admin/admin-principal.js';
import { recordAudit } from '../audit/audit-recorder.js';
import type { ServiceDeps } from '../deps.js';

export interface PasswordExpiryView {
  domains: (DomainExpiryPolicy & { passwordsNeverExpire: boolean })[];
  reminders: ExpiryReminderSettings;
  /** Advice that does not refuse the change (a NIST-profile tenant with periodic expiry). */
  warnings: string[];
}

export interface PasswordExpiryChange {
  domain?: string;
  /** null: passwords never expire. */
  validityDays?: number | null;
  notifyDays?: number;
  reminderDays?: number[];
  smsReminders?: boolean;
  dailyReminderCap?: number;
}

export interface ReminderPreview {
  upn: string;
  expiresAt: string;
  reminders: { days: number; at: string; status: 'sent' | 'due' | 'scheduled' }[];
}

const maxDailyCap = 1_000_000;
const pageSize = 1000;

const refuse = (code: ErrorCode, detail: string): never => {
  throw new SsprError(code, detail);
};

/**
 * Sign-in asks every time whether a password expired; the domain policies change rarely, so each instance keeps a
 * tenant's for a short while (a change made here applies at once; one made on another instance within this time).
 */
const policyCacheMs = 30_000;

export const createPasswordExpiryService = (deps: ServiceDeps) => {
  const cached = new Map<string, { at: number; policies: Promise<DomainExpiryPolicy[]> }>();
  const policiesOf = (tenantId: string): Promise<DomainExpiryPolicy[]> => {
    const now = deps.clock.now().getTime();
    const hit = cached.get(tenantId);
    if (hit && now - hit.at < policyCacheMs && now >= hit.at) return hit.policies;
    const policies = deps.store.passwordExpiry.listPolicies(tenantId);
    cached.set(tenantId, { at: now, policies });
    // A failed read is not remembered.
    policies.catch(() => cached.delete(tenantId));
    return policies;
  };
  const settingsOf = async (tenantId: string): Promise<ExpiryReminderSettings> =>
    (await deps.store.passwordExpiry.getSettings(tenantId)) ?? defaultReminderSettings;

  const viewOf = async (tenantId: string): Promise<PasswordExpiryView> => {
    const tenant = await deps.store.tenants.findById(tenantId);
    const policies = await deps.store.passwordExpiry.listPolicies(tenantId);
    const domains = (tenant?.domains ?? []).map((domain) => {
      const policy = policyForDomain(policies, domain);
      return { ...policy, passwordsNeverExpire: policy.validityDays === null };
    });
    const protection = await deps.store.passwordProtection.getSettings(tenantId);
    const warnings =
      protection?.profile === 'nist' && domains.some((d) => d.validityDays !== null)
        ? ['NIST SP 800-63B recommends against periodic password expiry (the tenant uses the NIST profile).']
        : [];
    return { domains, reminders: await settingsOf(tenantId), warnings };
  };

  /** Expiry facts of a loaded user, as the candidate rows carry them. */
  const expiresAtOf = async (user: User): Promise<Date | null> =>
    passwordExpiresAt(
      {
        upn: user.upn,
        source: user.source,
        passwordLastSetAt: user.passwordLastSetAt,
        passwordNeverExpires: user.passwordNeverExpires === true,
        directoryPasswordExpiresAt: user.directoryPasswordExpiresAt ?? null,
      },
      // Directory users never read the tenant policy; skip the query for them.
      user.source === 'cloud' && user.passwordNeverExpires !== true ? await policiesOf(user.tenantId) : [],
    );

  return {
    show: viewOf,

    /** Validates everything before writing anything, so a bad field leaves the settings as they were. */
    async update(tenantId: string, change: PasswordExpiryChange, actor: AuditEvent['actor']) {
      const tenant = await deps.store.tenants.findById(tenantId);
      const domain = (change.domain ?? tenant?.domains[0] ?? '').toLowerCase();
      const touchesPolicy = change.validityDays !== undefined || change.notifyDays !== undefined;
      if (touchesPolicy && !tenant?.domains.includes(domain))
        refuse('EXPIRY_UNKNOWN_DOMAIN', `${domain} is not one of the tenant's domains`);
      const current = policyForDomain(await deps.store.passwordExpiry.listPolicies(tenantId), domain);
      const policy: DomainExpiryPolicy = {
        domain,
        validityDays: change.validityDays === undefined ? current.validityDays : change.validityDays,
        notifyDays: change.notifyDays ?? current.notifyDays,
      };
      const policyError = checkExpiryPolicy(policy);
      if (policyError)
        refuse(
          policyError,
          `days must be ${expiryLimits.minValidityDays}–${expiryLimits.maxValidityDays}, notify days 1–30`,
        );
      const settings = { ...(await settingsOf(tenantId)) };
      if (change.reminderDays !== undefined) {
        const days = checkReminderDays(change.reminderDays);
        if (typeof days === 'string') refuse(days, 'reminder days: one to five whole days, each 1–30');
        else settings.reminderDays = days;
      }
      if (change.smsReminders !== undefined) settings.smsReminders = change.smsReminders;
      if (change.dailyReminderCap !== undefined) {
        const cap = change.dailyReminderCap;
        if (!Number.isInteger(cap) || cap < 1 || cap > maxDailyCap)
          refuse('EXPIRY_DAILY_CAP_INVALID', `the daily reminder cap must be 1–${maxDailyCap}`);
        settings.dailyReminderCap = cap;
      }
      const now = deps.clock.now().toISOString();
      await deps.store.transaction(async (store) => {
        if (touchesPolicy) {
          await store.passwordExpiry.putPolicy(tenantId, policy, now);
          await recordAudit(deps, store, {
            tenantId,
            activity: 'updateDomain',
            actor,
            target: { type: 'tenant', id: tenantId, name: domain },
            details: {
              passwordValidityPeriodInDays: policy.validityDays,
              passwordNotificationWindowInDays: policy.notifyDays,
            },
          });
        }
        await store.passwordExpiry.putSettings(tenantId, settings, now);
      });
      cached.delete(tenantId);
      return viewOf(tenantId);
    },

    /** A user of the principal's tenant (another tenant's is not found), within the principal's reach. */
    async userFor(principal: Pick<AdminPrincipal, 'tenantId' | 'roles'>, upnInput: string): Promise<User> {
      const checked = checkUpn(upnInput);
      if (!checked.ok) throw new SsprError('UPN_INVALID', 'the user principal name is not valid');
      const user = await deps.store.users.findByUpn(principal.tenantId, checked.value.upn);
      if (!user) throw new SsprError('USER_NOT_FOUND', `${checked.value.upn} does not exist`);
      if (!canManageUser(principal.roles, user.roles)) throw new SsprError('TARGET_TOO_PRIVILEGED');
      return user;
    },

    async setPasswordNeverExpires(user: User, neverExpires: boolean, actor: AuditEvent['actor']) {
      await deps.store.transaction(async (store) => {
        await store.passwordExpiry.setPasswordNeverExpires(user.tenantId, user.userId, neverExpires);
        await recordAudit(deps, store, {
          tenantId: user.tenantId,
          activity: 'updateUser',
          actor,
          target: { type: 'user', id: user.userId, name: user.upn },
          details: { passwordPolicies: neverExpires ? 'DisablePasswordExpiration' : 'None' },
        });
      });
    },

    expiresAtOf,

    /** Has the user's password expired? Sign-in sends such a user to the change form (Entra's interrupt). */
    async hasExpired(user: User): Promise<boolean> {
      return isPasswordExpired(await expiresAtOf(user), deps.clock.now());
    },

    /** The language a reminder speaks: the one the user last used here. */
    async notePreferredLanguage(user: User, language: string) {
      await deps.store.passwordExpiry.setPreferredLanguage(user.tenantId, user.userId, language);
    },

    /**
     * Who would be reminded, and when, from `asOf` on: enabled users whose password expires after `asOf` and who
     * have a reminder left. Sends nothing.
     */
    async preview(tenantId: string, asOf: Date): Promise<ReminderPreview[]> {
      const policies = await deps.store.passwordExpiry.listPolicies(tenantId);
      const settings = await settingsOf(tenantId);
      const previews: ReminderPreview[] = [];
      for (let after: string | null = null; ;) {
        const page: ExpiryCandidate[] = await deps.store.passwordExpiry.listCandidates(tenantId, after, pageSize);
        if (page.length === 0) break;
        after = page[page.length - 1]!.userId;
        const sent = await deps.store.passwordExpiry.sentThresholds(
          tenantId,
          page.map((c) => c.userId),
        );
        for (const candidate of page) {
          const expiresAt = candidate.accountEnabled ? passwordExpiresAt(candidate, policies) : null;
          if (!expiresAt || expiresAt.getTime() <= asOf.getTime()) continue;
          const notifyDays = policyForDomain(policies, domainOf(candidate.upn)).notifyDays;
          const done = sent.get(`${candidate.userId}|${expiresAt.toISOString()}`) ?? new Set<number>();
          const reminders = reminderSchedule(expiresAt, thresholdsWithin(settings.reminderDays, notifyDays))
            .map(({ days, at }) => ({
              days,
              at: at.toISOString(),
              status: done.has(days)
                ? ('sent' as const)
                : at.getTime() <= asOf.getTime()
                  ? ('due' as const)
                  : ('scheduled' as const),
            }))
            // A threshold passed while another nearer one is also due is skipped (only the nearest goes out).
            .filter(
              (r, i, all) => r.status !== 'due' || all.slice(i + 1).every((later) => later.status === 'scheduled'),
            );
          if (reminders.some((r) => r.status !== 'sent'))
            previews.push({ upn: candidate.upn, expiresAt: expiresAt.toISOString(), reminders });
        }
      }
      return previews.sort((a, b) => a.expiresAt.localeCompare(b.expiresAt) || a.upn.localeCompare(b.upn));
    },
  };
};

export type PasswordExpiryService = ReturnType<typeof createPasswordExpiryService>;

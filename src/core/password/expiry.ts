/**
 * Password expiry (issue #16): Entra's per-domain expiration policy (validity days, notification days), the
 * expiry instant of one user's password, and which reminder is due. Pure: the caller passes the instant.
 *
 * A cloud user's password expires `validityDays` after it was last set, under the policy of their UPN's domain.
 * A user whose password lives in a directory (synced, passthrough, federated) expires when the directory says
 * (read during sync); the tenant policy does not apply to them, as Entra's cloud policy does not apply to synced
 * users. A user flagged "password never expires" (service accounts) never does.
 */

export const expiryLimits = {
  minValidityDays: 14,
  maxValidityDays: 730,
  minNotifyDays: 1,
  maxNotifyDays: 30,
  defaultNotifyDays: 14,
} as const;

/** Days before expiry at which a reminder goes out; each at most once per password. */
export const defaultReminderDays: readonly number[] = [14, 7, 1];

export const defaultDailyReminderCap = 10_000;

export interface DomainExpiryPolicy {
  domain: string;
  /** null: passwords never expire (Entra's default). */
  validityDays: number | null;
  notifyDays: number;
}

export interface ExpiryReminderSettings {
  /** Thresholds in days, distinct, descending. */
  reminderDays: number[];
  smsReminders: boolean;
  /** Reminder messages per tenant per UTC day; the rest wait for the next day. */
  dailyReminderCap: number;
}

export const defaultReminderSettings: ExpiryReminderSettings = {
  reminderDays: [...defaultReminderDays],
  smsReminders: false,
  dailyReminderCap: defaultDailyReminderCap,
};

export const neverExpiringPolicy = (domain: string): DomainExpiryPolicy => ({
  domain,
  validityDays: null,
  notifyDays: expiryLimits.defaultNotifyDays,
});

export type ExpiryInputError =
  'EXPIRY_DAYS_OUT_OF_RANGE' | 'EXPIRY_NOTIFY_DAYS_OUT_OF_RANGE' | 'EXPIRY_REMINDER_DAYS_INVALID';

const isWhole = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n);

/** The first rule a requested policy breaks, or undefined. */
export const checkExpiryPolicy = (policy: {
  validityDays: number | null;
  notifyDays: number;
}): ExpiryInputError | undefined => {
  const { validityDays, notifyDays } = policy;
  if (
    validityDays !== null &&
    (!isWhole(validityDays) ||
      validityDays < expiryLimits.minValidityDays ||
      validityDays > expiryLimits.maxValidityDays)
  )
    return 'EXPIRY_DAYS_OUT_OF_RANGE';
  if (!isWhole(notifyDays) || notifyDays < expiryLimits.minNotifyDays || notifyDays > expiryLimits.maxNotifyDays)
    return 'EXPIRY_NOTIFY_DAYS_OUT_OF_RANGE';
  return undefined;
};

/** Reminder thresholds: 1–30 whole days, at most five; returned distinct and descending. */
export const checkReminderDays = (days: readonly number[]): number[] | ExpiryInputError => {
  const ok =
    days.length >= 1 &&
    days.length <= 5 &&
    days.every((d) => isWhole(d) && d >= expiryLimits.minNotifyDays && d <= expiryLimits.maxNotifyDays);
  return ok ? [...new Set(days)].sort((a, b) => b - a) : 'EXPIRY_REMINDER_DAYS_INVALID';
};

/** What the expiry of one user's password depends on. */
export interface ExpiryFacts {
  upn: string;
  source: 'cloud' | 'synced' | 'passthrough' | 'federated';
  passwordLastSetAt: string | null;
  passwordNeverExpires: boolean;
  /** Read from the directory during sync; null when it never expires there or is unknown. */
  directoryPasswordExpiresAt: string | null;
}

const dayMs = 86_400_000;

export const domainOf = (upn: string): string => upn.slice(upn.lastIndexOf('@') + 1).toLowerCase();

export const policyForDomain = (policies: readonly DomainExpiryPolicy[], domain: string): DomainExpiryPolicy =>
  policies.find((p) => p.domain === domain.toLowerCase()) ?? neverExpiringPolicy(domain.toLowerCase());

/** When the user's current password expires, or null when it does not. */
export const passwordExpiresAt = (facts: ExpiryFacts, policies: readonly DomainExpiryPolicy[]): Date | null => {
  if (facts.passwordNeverExpires) return null;
  if (facts.source !== 'cloud')
    return facts.directoryPasswordExpiresAt ? new Date(facts.directoryPasswordExpiresAt) : null;
  const { validityDays } = policyForDomain(policies, domainOf(facts.upn));
  if (validityDays === null || !facts.passwordLastSetAt) return null;
  return new Date(new Date(facts.passwordLastSetAt).getTime() + validityDays * dayMs);
};

export const isPasswordExpired = (expiresAt: Date | null, now: Date): boolean =>
  expiresAt !== null && now.getTime() >= expiresAt.getTime();

/** Thresholds that apply under a domain's notification window: a reminder never comes before the window opens. */
export const thresholdsWithin = (reminderDays: readonly number[], notifyDays: number): number[] =>
  reminderDays.filter((d) => d <= notifyDays).sort((a, b) => b - a);

/** Whole days left (rounded up), for the reminder text. */
export const daysLeft = (expiresAt: Date, now: Date): number =>
  Math.max(0, Math.ceil((expiresAt.getTime() - now.getTime()) / dayMs));

/**
 * The reminder due now for a password expiring at `expiresAt`: the nearest threshold already reached, if it was
 * not sent. After downtime that spanned several thresholds only the nearest is sent (the user needs one mail
 * saying how long is left, not three); earlier ones are skipped for good because time only moves on. An expired
 * password gets no reminder: sign-in sends the user to the change form.
 */
export const dueReminder = (
  expiresAt: Date,
  thresholds: readonly number[],
  sent: ReadonlySet<number>,
  now: Date,
): number | undefined => {
  if (now.getTime() >= expiresAt.getTime()) return undefined;
  const reached = thresholds.filter((d) => now.getTime() >= expiresAt.getTime() - d * dayMs);
  if (reached.length === 0) return undefined;
  const nearest = Math.min(...reached);
  return sent.has(nearest) ? undefined : nearest;
};

/** The instants at which each threshold's reminder becomes due (for the preview), in time order. */
export const reminderSchedule = (expiresAt: Date, thresholds: readonly number[]): { days: number; at: Date }[] =>
  [...thresholds].sort((a, b) => b - a).map((days) => ({ days, at: new Date(expiresAt.getTime() - days * dayMs) }));

/**
 * Where a password stands for the report (issue #16 item 4): expired, expiring within its domain's notification
 * window (the period Entra warns users in), or neither (also when it never expires).
 */
export const expiryStanding = (
  expiresAt: Date | null,
  notifyDays: number,
  now: Date,
): 'expired' | 'expiring' | null => {
  if (expiresAt === null) return null;
  if (now.getTime() >= expiresAt.getTime()) return 'expired';
  return expiresAt.getTime() - now.getTime() <= notifyDays * dayMs ? 'expiring' : null;
};

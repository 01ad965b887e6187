/**
 * The Usage tab (reference §8.2): password resets and account unlocks per day, succeeded and failed
 * with why, resets by the methods that proved the user, and registrations per day — folded from the
 * audit log's per-day counts (`UsageCount`), so the database does the counting.
 */
import { auditActivities } from '../audit/activities.js';
import type { UsageCount } from '../ports/report-ports.js';

/** Why a reset or unlock did not happen, in the words of Entra's legacy activity report (§8.2). */
export const failureKinds = [
  'blocked',
  'gatesNotPassed',
  'passwordRefused',
  'directoryError',
  'canceled',
  'other',
] as const;
export type FailureKind = (typeof failureKinds)[number];

const name = auditActivities;
/** The activities the report reads, by Entra's display name (the audit log stores names). */
export const usageActivities = [
  name.resetPasswordSelfService.name,
  name.unlockSelfService.name,
  name.blockedFromSspr.name,
  name.resetFlowProgress.name,
  name.userRegisteredForSspr.name,
];

const passwordReasons = ['FuzzyPolicyViolationInvalidPassword', 'BreachedPasswordViolation', 'PasswordPolicyViolation'];

/** Maps an event's activity and Entra reason string to one kind. */
export const failureKindOf = (activity: string, reason: string | null): FailureKind => {
  if (activity === name.blockedFromSspr.name) return 'blocked';
  const why = reason ?? '';
  if (why === 'Canceled' || why === 'ContactedAdmin') return 'canceled';
  if (passwordReasons.includes(why) || why.startsWith('OnPremisesPolicy:')) return 'passwordRefused';
  if (/^(SSPR_0029|SSPR_0030|OnPremises)/.test(why)) return 'directoryError';
  if (activity === name.resetFlowProgress.name) return 'gatesNotPassed';
  return 'other';
};

export interface UsageDay {
  day: string;
  resetsSucceeded: number;
  resetsFailed: number;
  unlocksSucceeded: number;
  unlocksFailed: number;
  registrations: number;
}

export interface UsageReport {
  since: string;
  until: string;
  totals: Omit<UsageDay, 'day'>;
  days: UsageDay[];
  /** Successful resets and unlocks by each method the user proved (a two-gate reset counts for both). */
  byMethod: Array<{ method: string; count: number }>;
  failures: Array<{ reason: FailureKind; count: number }>;
}

const emptyDay = (day: string): UsageDay => ({
  day,
  resetsSucceeded: 0,
  resetsFailed: 0,
  unlocksSucceeded: 0,
  unlocksFailed: 0,
  registrations: 0,
});

/** Every UTC day from `since` up to (not including) `until`, so a chart shows quiet days as zero. */
export const daysBetween = (since: string, until: string): string[] => {
  const days: string[] = [];
  const end = Date.parse(until);
  for (let t = Date.parse(since.slice(0, 10)); t < end && days.length < 400; t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
};

export const foldUsage = (counts: readonly UsageCount[], since: string, until: string): UsageReport => {
  const days = new Map(daysBetween(since, until).map((d) => [d, emptyDay(d)]));
  const methods = new Map<string, number>();
  const failures = new Map<FailureKind, number>(failureKinds.map((k) => [k, 0]));
  for (const row of counts) {
    const day = days.get(row.day) ?? emptyDay(row.day);
    days.set(row.day, day);
    const ok = row.result === 'success';
    if (row.activity === name.userRegisteredForSspr.name) {
      if (ok) day.registrations += row.count;
      continue;
    }
    if (!ok)
      failures.set(
        failureKindOf(row.activity, row.reason),
        (failures.get(failureKindOf(row.activity, row.reason)) ?? 0) + row.count,
      );
    if (row.activity === name.resetPasswordSelfService.name || row.activity === name.blockedFromSspr.name) {
      if (ok) day.resetsSucceeded += row.count;
      else day.resetsFailed += row.count;
    } else if (row.activity === name.unlockSelfService.name) {
      if (ok) day.unlocksSucceeded += row.count;
      else day.unlocksFailed += row.count;
    } else continue;
    if (ok && row.methods)
      for (const method of row.methods.split(',').filter(Boolean))
        methods.set(method, (methods.get(method) ?? 0) + row.count);
  }
  const list = [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
  const sum = (key: keyof Omit<UsageDay, 'day'>) => list.reduce((total, d) => total + d[key], 0);
  return {
    since,
    until,
    totals: {
      resetsSucceeded: sum('resetsSucceeded'),
      resetsFailed: sum('resetsFailed'),
      unlocksSucceeded: sum('unlocksSucceeded'),
      unlocksFailed: sum('unlocksFailed'),
      registrations: sum('registrations'),
    },
    days: list,
    byMethod: [...methods].map(([method, count]) => ({ method, count })).sort((a, b) => b.count - a.count),
    failures: [...failures].map(([reason, count]) => ({ reason, count })),
  };
};

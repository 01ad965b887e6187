import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkExpiryPolicy,
  checkReminderDays,
  dueReminder,
  expiryStanding,
  isPasswordExpired,
  passwordExpiresAt,
  reminderSchedule,
  thresholdsWithin,
  type ExpiryFacts,
} from './expiry.js';

const day = 86_400_000;
const cloud = (over: Partial<ExpiryFacts> = {}): ExpiryFacts => ({
  upn: 'ada@contoso.example',
  source: 'cloud',
  passwordLastSetAt: '2026-01-01T00:00:00.000Z',
  passwordNeverExpires: false,
  directoryPasswordExpiresAt: null,
  ...over,
});
const policy90 = [{ domain: 'contoso.example', validityDays: 90, notifyDays: 14 }];

describe('password expiry policy', () => {
  it('accepts Entra bounds and refuses what is outside them', () => {
    expect(checkExpiryPolicy({ validityDays: null, notifyDays: 14 })).toBeUndefined();
    expect(checkExpiryPolicy({ validityDays: 14, notifyDays: 1 })).toBeUndefined();
    expect(checkExpiryPolicy({ validityDays: 730, notifyDays: 30 })).toBeUndefined();
    expect(checkExpiryPolicy({ validityDays: 13, notifyDays: 14 })).toBe('EXPIRY_DAYS_OUT_OF_RANGE');
    expect(checkExpiryPolicy({ validityDays: 731, notifyDays: 14 })).toBe('EXPIRY_DAYS_OUT_OF_RANGE');
    expect(checkExpiryPolicy({ validityDays: 90.5, notifyDays: 14 })).toBe('EXPIRY_DAYS_OUT_OF_RANGE');
    expect(checkExpiryPolicy({ validityDays: 90, notifyDays: 0 })).toBe('EXPIRY_NOTIFY_DAYS_OUT_OF_RANGE');
    expect(checkExpiryPolicy({ validityDays: 90, notifyDays: 31 })).toBe('EXPIRY_NOTIFY_DAYS_OUT_OF_RANGE');
  });

  it('normalises reminder days and refuses bad ones', () => {
    expect(checkReminderDays([1, 14, 7, 7])).toEqual([14, 7, 1]);
    expect(checkReminderDays([])).toBe('EXPIRY_REMINDER_DAYS_INVALID');
    expect(checkReminderDays([0])).toBe('EXPIRY_REMINDER_DAYS_INVALID');
    expect(checkReminderDays([31])).toBe('EXPIRY_REMINDER_DAYS_INVALID');
    expect(checkReminderDays([1, 2, 3, 4, 5, 6])).toBe('EXPIRY_REMINDER_DAYS_INVALID');
  });
});

describe('when a password expires', () => {
  it('a cloud password expires validity days after it was set, under its domain policy', () => {
    expect(passwordExpiresAt(cloud(), policy90)?.toISOString()).toBe('2026-04-01T00:00:00.000Z');
    expect(passwordExpiresAt(cloud({ upn: 'ada@fabrikam.example' }), policy90)).toBeNull();
    expect(passwordExpiresAt(cloud(), [])).toBeNull();
  });

  it('the never-expires flag wins; directory users follow the directory', () => {
    expect(passwordExpiresAt(cloud({ passwordNeverExpires: true }), policy90)).toBeNull();
    const synced = cloud({ source: 'synced', directoryPasswordExpiresAt: '2026-02-01T00:00:00.000Z' });
    expect(passwordExpiresAt(synced, policy90)?.toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(passwordExpiresAt(cloud({ source: 'passthrough' }), policy90)).toBeNull();
    expect(passwordExpiresAt({ ...synced, passwordNeverExpires: true }, policy90)).toBeNull();
  });

  it('is expired from the instant on', () => {
    const at = new Date('2026-04-01T00:00:00.000Z');
    expect(isPasswordExpired(at, new Date(at.getTime() - 1))).toBe(false);
    expect(isPasswordExpired(at, at)).toBe(true);
    expect(isPasswordExpired(null, at)).toBe(false);
  });
});

describe('reminders', () => {
  const expiresAt = new Date('2026-04-01T00:00:00.000Z');
  const thresholds = [14, 7, 1];
  const at = (daysBefore: number) => new Date(expiresAt.getTime() - daysBefore * day);

  it('sends each threshold when it is reached', () => {
    expect(dueReminder(expiresAt, thresholds, new Set(), at(15))).toBeUndefined();
    expect(dueReminder(expiresAt, thresholds, new Set(), at(14))).toBe(14);
    expect(dueReminder(expiresAt, thresholds, new Set([14]), at(10))).toBeUndefined();
    expect(dueReminder(expiresAt, thresholds, new Set([14]), at(7))).toBe(7);
    expect(dueReminder(expiresAt, thresholds, new Set([14, 7]), at(0.5))).toBe(1);
    expect(dueReminder(expiresAt, thresholds, new Set(), at(0))).toBeUndefined();
  });

  it('after downtime sends only the nearest threshold', () => {
    expect(dueReminder(expiresAt, thresholds, new Set(), at(3))).toBe(7);
  });

  it('follows the notification window', () => {
    expect(thresholdsWithin(thresholds, 7)).toEqual([7, 1]);
    expect(reminderSchedule(expiresAt, [7, 1]).map((r) => r.at.toISOString())).toEqual([
      '2026-03-25T00:00:00.000Z',
      '2026-03-31T00:00:00.000Z',
    ]);
  });

  it('property: whatever the polling times, never two reminders for one threshold of one password', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 * 24 }), { maxLength: 60 }), (hours) => {
        const sent = new Set<number>();
        const counts = new Map<number, number>();
        const start = expiresAt.getTime() - 40 * day;
        for (const h of [...hours].sort((a, b) => a - b)) {
          const due = dueReminder(expiresAt, thresholds, sent, new Date(start + h * 3_600_000));
          if (due === undefined) continue;
          sent.add(due);
          counts.set(due, (counts.get(due) ?? 0) + 1);
        }
        return [...counts.values()].every((n) => n === 1);
      }),
    );
  });
});

describe('expiryStanding (the report counts)', () => {
  const expires = new Date('2026-06-30T00:00:00Z');
  const at = (iso: string) => new Date(iso);

  it('expired from the instant on; expiring within the notification window; else neither', () => {
    expect(expiryStanding(expires, 14, at('2026-06-30T00:00:00Z'))).toBe('expired');
    expect(expiryStanding(expires, 14, at('2026-06-16T00:00:00Z'))).toBe('expiring');
    expect(expiryStanding(expires, 14, at('2026-06-15T23:59:59Z'))).toBeNull();
    expect(expiryStanding(expires, 1, at('2026-06-28T00:00:00Z'))).toBeNull();
    expect(expiryStanding(null, 14, at('2030-01-01T00:00:00Z'))).toBeNull();
  });
});

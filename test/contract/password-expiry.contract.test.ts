/**
 * The Store port's password-expiry contract (migration 0024), on every dialect: policies per domain, reminder
 * settings, the per-user flags, "at most once" reminder rows and run claims decided by the database.
 */
import { expect, it } from 'vitest';
import type { User } from '../../src/core/model.js';
import { describeStore } from '../support/store-suite.js';

const uuid = () => crypto.randomUUID();
const now = '2026-03-01T09:00:00.000Z';

describeStore('password-expiry store contract', (store) => {
  const aUser = async (over: Partial<User> = {}): Promise<User> => {
    const tenantId = over.tenantId ?? uuid();
    if (!over.tenantId)
      await store.tenants.create({
        tenantId,
        name: 'Contoso',
        country: 'NL',
        isTrial: false,
        createdAt: now,
        domains: [`${tenantId.slice(0, 8)}.example`],
      });
    const userId = uuid();
    const user: User = {
      tenantId,
      userId,
      upn: `u${userId.slice(0, 6)}@${tenantId.slice(0, 8)}.example`,
      displayName: 'Adele',
      givenName: null,
      surname: null,
      usageLocation: null,
      accountEnabled: true,
      source: 'cloud',
      onPremAnchor: null,
      passwordHash: null,
      passwordLastSetAt: now,
      mobilePhone: '+31612345678',
      officePhone: null,
      alternateEmail: 'adele@home.example',
      roles: [],
      createdAt: now,
      ...over,
    };
    await store.users.create(user, now);
    return user;
  };

  it('keeps one policy per domain and the reminder settings', async () => {
    const { tenantId } = await aUser();
    expect(await store.passwordExpiry.listPolicies(tenantId)).toEqual([]);
    await store.passwordExpiry.putPolicy(tenantId, { domain: 'b.example', validityDays: 90, notifyDays: 14 }, now);
    await store.passwordExpiry.putPolicy(tenantId, { domain: 'a.example', validityDays: null, notifyDays: 7 }, now);
    await store.passwordExpiry.putPolicy(tenantId, { domain: 'b.example', validityDays: 180, notifyDays: 30 }, now);
    expect(await store.passwordExpiry.listPolicies(tenantId)).toEqual([
      { domain: 'a.example', validityDays: null, notifyDays: 7 },
      { domain: 'b.example', validityDays: 180, notifyDays: 30 },
    ]);
    expect(await store.passwordExpiry.getSettings(tenantId)).toBeUndefined();
    const settings = { reminderDays: [10, 2], smsReminders: true, dailyReminderCap: 50 };
    await store.passwordExpiry.putSettings(tenantId, settings, now);
    expect(await store.passwordExpiry.getSettings(tenantId)).toEqual(settings);
  });

  it('pages candidates by user id with the flags and the language', async () => {
    const first = await aUser();
    const second = await aUser({ tenantId: first.tenantId, source: 'synced' });
    await store.passwordExpiry.setPasswordNeverExpires(first.tenantId, first.userId, true);
    await store.passwordExpiry.setDirectoryPasswordExpiry(second.tenantId, second.userId, '2026-05-01T00:00:00.000Z');
    await store.passwordExpiry.setPreferredLanguage(second.tenantId, second.userId, 'nl');
    const all = await store.passwordExpiry.listCandidates(first.tenantId, null, 10);
    expect(all.map((c) => c.userId)).toEqual([first.userId, second.userId].sort());
    const byId = new Map(all.map((c) => [c.userId, c]));
    expect(byId.get(first.userId)).toMatchObject({ passwordNeverExpires: true, preferredLanguage: null });
    expect(byId.get(second.userId)).toMatchObject({
      passwordNeverExpires: false,
      directoryPasswordExpiresAt: '2026-05-01T00:00:00.000Z',
      preferredLanguage: 'nl',
      source: 'synced',
    });
    const page = await store.passwordExpiry.listCandidates(first.tenantId, all[0]!.userId, 10);
    expect(page.map((c) => c.userId)).toEqual([all[1]!.userId]);
    expect((await store.users.findById(first.tenantId, first.userId))?.passwordNeverExpires).toBe(true);
  });

  it('records a reminder once, however often it is tried', async () => {
    const user = await aUser();
    const reminder = { userId: user.userId, expiresAt: '2026-04-01T00:00:00.000Z', thresholdDays: 7 };
    const tries = await Promise.all(
      [1, 2, 3].map(() => store.passwordExpiry.recordReminder(user.tenantId, reminder, now)),
    );
    expect(tries.filter(Boolean)).toHaveLength(1);
    expect(await store.passwordExpiry.recordReminder(user.tenantId, { ...reminder, thresholdDays: 1 }, now)).toBe(true);
    const sent = await store.passwordExpiry.sentThresholds(user.tenantId, [user.userId]);
    expect([...(sent.get(`${user.userId}|2026-04-01T00:00:00.000Z`) ?? [])].sort()).toEqual([1, 7]);
    expect(await store.passwordExpiry.countRemindersOn(user.tenantId, '2026-03-01')).toBe(2);
    expect(await store.passwordExpiry.countRemindersOn(user.tenantId, '2026-03-02')).toBe(0);
    await store.users.delete(user.tenantId, user.userId);
    expect((await store.passwordExpiry.sentThresholds(user.tenantId, [user.userId])).size).toBe(0);
  });

  it('lets one instance claim each run', async () => {
    const { tenantId } = await aUser();
    const claims = await Promise.all(
      ['a', 'b'].map((who) => store.passwordExpiry.claimRun(tenantId, 'expiry-reminders', '2026-03-01T09', who, now)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.passwordExpiry.claimRun(tenantId, 'expiry-reminders', '2026-03-01T10', 'a', now)).toBe(true);
  });
});

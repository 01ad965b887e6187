/**
 * Password expiry (issue #16) on both store dialects, with the manual clock: the per-domain policy through the admin
 * API (bounds, unknown domain, roles, the NIST warning), an expired cloud password sent to the change form at sign-in
 * and the change resetting the clock, reminders at 14/7/1 days each once per password, catch-up after downtime, two
 * instances running the job at once, the daily cap, the per-user opt-out and no reminder to disabled users; SMS
 * reminders through the SMS-pumping controls (checklist §11 row 9): counted per number, per user and against the
 * hourly budget (not the block or the tenant's daily code cap), email only while the budget breaker is open, and
 * reminders past the budget opening the breaker once.
 */
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/core/html.js';
import { translate } from '../../../src/i18n/i18n.js';
import type { SecurityInfoSettings } from '../../../src/core/methods/records.js';
import { defaultSecurityInfoSettings } from '../../../src/services/delivery/send-caps.js';
import { createExpiryReminders } from '../../../src/services/password/expiry-reminders.js';
import { aPassword, aTenant, aUser } from '../../support/factories.js';
import { formContext, sessionCookie, signInApi } from '../../support/http.js';
import { sentMessages } from '../../support/outbox.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

const day = 86_400;
const cli = { type: 'cli' as const, id: null, upn: null };

describe.each(testDialects())('password expiry (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);
  const app = () => ctx.world.app;
  const expiry = () => app().services.passwordExpiry;
  const adminCookie = async (roles: string[], domain = ctx.domain) => {
    const admin = await aUser(app(), domain, { roles });
    return sessionCookie(ctx.server, admin.upn, aPassword);
  };
  const patch = async (cookie: string, payload: object, url = '/api/v1/admin/password-expiry') =>
    ctx.server.inject({ method: 'PATCH', url, headers: { cookie }, payload });
  const mailsTo = async (upn: string) =>
    (await sentMessages(app(), { recipient: upn.toLowerCase(), limit: 100 })).filter((m) =>
      /expires in|verloopt over/.test(m.subject ?? ''),
    );
  /** A tenant of its own, so each test's clock jumps and policies do not meet another's users. */
  const freshTenant = async (validityDays: number | null = 30) => {
    const tenant = await aTenant(app());
    const domain = tenant.domains[0]!;
    if (validityDays !== null) await expiry().update(tenant.tenantId, { domain, validityDays, notifyDays: 14 }, cli);
    return { tenant, domain };
  };
  const round = (instance = 'test') => app().services.expiryReminders.runRound(instance, 60_000);
  const tick = () => ctx.world.clock.advance(61);
  /** A fresh tenant reminding by SMS too, under these SMS-pumping settings. */
  const smsTenant = async (caps: Partial<SecurityInfoSettings> = {}) => {
    const { tenant, domain } = await freshTenant(30);
    await expiry().update(tenant.tenantId, { domain, smsReminders: true }, cli);
    const now = ctx.world.clock.now().toISOString();
    await app().store.securityInfo.putSettings(tenant.tenantId, { ...defaultSecurityInfoSettings, ...caps }, now);
    return { tenant, domain };
  };
  const texts = (to: string) => sentMessages(app(), { recipient: to });
  const reminderAudits = (tenantId: string) =>
    app().store.audit.list(tenantId, { activity: 'Password expiry reminder sent', limit: 20 });
  const breakerOpenedAudits = (tenantId: string) =>
    app().store.audit.list(tenantId, { activity: 'Disable SMS and voice sends for directory (budget exceeded)' });
  const breaker = (tenantId: string) => app().services.securityInfoAdmin.breaker(tenantId);

  it('keeps the policy per domain, refuses bad input with stable codes and changes nothing then', async () => {
    const globalAdmin = await adminCookie(['Global Administrator']);
    const shown = await ctx.server.inject({ url: '/api/v1/admin/password-expiry', headers: { cookie: globalAdmin } });
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json()).toMatchObject({
      domains: [{ domain: ctx.domain, validityDays: null, notifyDays: 14, passwordsNeverExpire: true }],
      reminders: { reminderDays: [14, 7, 1], smsReminders: false },
    });
    const set = await patch(globalAdmin, {
      domain: ctx.domain,
      validityDays: 90,
      notifyDays: 10,
      reminderDays: [1, 10],
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({
      domains: [{ domain: ctx.domain, validityDays: 90, notifyDays: 10, passwordsNeverExpire: false }],
      reminders: { reminderDays: [10, 1] },
      warnings: [],
    });
    for (const [body, code] of [
      [{ validityDays: 13 }, 'EXPIRY_DAYS_OUT_OF_RANGE'],
      [{ validityDays: 731 }, 'EXPIRY_DAYS_OUT_OF_RANGE'],
      [{ notifyDays: 31 }, 'EXPIRY_NOTIFY_DAYS_OUT_OF_RANGE'],
      [{ domain: 'elsewhere.example', validityDays: 90 }, 'EXPIRY_UNKNOWN_DOMAIN'],
      [{ reminderDays: [0] }, 'EXPIRY_REMINDER_DAYS_INVALID'],
      [{ dailyReminderCap: 0 }, 'EXPIRY_DAILY_CAP_INVALID'],
    ] as const) {
      const refused = await patch(globalAdmin, { domain: ctx.domain, ...body });
      expect([refused.statusCode, refused.json().code]).toEqual([400, code]);
    }
    const after = await ctx.server.inject({ url: '/api/v1/admin/password-expiry', headers: { cookie: globalAdmin } });
    expect(after.json()).toEqual(set.json());
    const helpdesk = await adminCookie(['Helpdesk Administrator']);
    expect((await patch(helpdesk, { validityDays: 100 })).statusCode).toBe(403);
    const reader = await adminCookie(['Global Reader']);
    expect(
      (await ctx.server.inject({ url: '/api/v1/admin/password-expiry', headers: { cookie: reader } })).statusCode,
    ).toBe(200);
    await app().services.passwordProtection.updateSettings(ctx.tenantId, { profile: 'nist' }, cli);
    const warned = await ctx.server.inject({ url: '/api/v1/admin/password-expiry', headers: { cookie: globalAdmin } });
    expect(warned.json().warnings).toHaveLength(1);
    await app().services.passwordProtection.updateSettings(ctx.tenantId, { profile: 'entra' }, cli);
    await patch(globalAdmin, { domain: ctx.domain, validityDays: null });
  });

  it('sends a user whose password expired to the change form, and the change resets the clock', async () => {
    const { domain } = await freshTenant(30);
    const user = await aUser(app(), domain);
    ctx.world.clock.advance(29 * day);
    expect((await signInApi(ctx.server, user.upn, aPassword)).json()).toMatchObject({ mustChangePassword: false });
    ctx.world.clock.advance(2 * day);
    const signin = await formContext(ctx.server, '/signin?mkt=nl-NL');
    const signedIn = await ctx.server.inject({
      method: 'POST',
      url: '/signin?mkt=nl-NL',
      headers: { cookie: signin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: signin.token, username: user.upn, password: aPassword }).toString(),
    });
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toContain('/account');
    const cookie = [signin.cookie, String(signedIn.headers['set-cookie']).split(';')[0]].join('; ');
    const account = await ctx.server.inject({ url: '/account?mkt=nl-NL', headers: { cookie } });
    expect(account.body).toContain(escapeHtml(translate('nl', 'expiry.expired.notice')));
    const apiCookie = await sessionCookie(ctx.server, user.upn, aPassword);
    const changed = await ctx.server.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie: apiCookie },
      payload: { currentPassword: aPassword, newPassword: 'Harbour-Lantern-Quay-42' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const [event] = await app().store.audit.list(user.tenantId, {
      activity: 'Change password (self-service)',
      limit: 1,
    });
    expect(event).toMatchObject({ result: 'success', resultReason: 'PasswordExpired' });
    const again = await signInApi(ctx.server, user.upn, 'Harbour-Lantern-Quay-42');
    expect(again.json()).toMatchObject({ mustChangePassword: false });
    const stored = await expiry().expiresAtOf((await app().store.users.findByUpn(user.tenantId, user.upn))!);
    expect(stored?.getTime()).toBe(ctx.world.clock.now().getTime() + 30 * day * 1000);
  });

  it('reminds at 14, 7 and 1 days, once each, to both addresses, in the language last used', async () => {
    const { domain } = await freshTenant(30);
    const user = await aUser(app(), domain, { alternateEmail: `home-${Date.now()}@mail.example` });
    const stored = (await app().store.users.findByUpn(user.tenantId, user.upn))!;
    await app().store.passwordExpiry.setPreferredLanguage(user.tenantId, user.userId, 'nl');
    const start = ctx.world.clock.now().getTime();
    const at = (daysBefore: number) => {
      const target = start + (30 - daysBefore) * day * 1000;
      ctx.world.clock.advance((target - ctx.world.clock.now().getTime()) / 1000);
    };
    at(15);
    await round();
    expect(await mailsTo(user.upn)).toHaveLength(0);
    for (const [daysBefore, count] of [
      [14, 1],
      [10, 1],
      [7, 2],
      [1, 3],
      [0.5, 3],
    ] as const) {
      at(daysBefore);
      await round();
      tick();
      await round();
      expect(await mailsTo(user.upn)).toHaveLength(count);
    }
    const mails = await mailsTo(user.upn);
    expect(mails[0]!.subject).toContain('verloopt over');
    expect(mails.map((m) => m.bodyText).join('\n')).toContain('http://127.0.0.1:3000/account?mkt=nl');
    expect(await mailsTo(stored.alternateEmail!)).toHaveLength(3);
    const events = await app().store.audit.list(user.tenantId, {
      activity: 'Password expiry reminder sent',
      limit: 10,
    });
    expect(events.map((e) => e.details.thresholdDays).sort()).toEqual([1, 14, 7]);
  });

  it('after downtime sends only the nearest reminder, and two instances at once send it once', async () => {
    const { domain } = await freshTenant(30);
    const user = await aUser(app(), domain);
    ctx.world.clock.advance(27 * day);
    const second = createExpiryReminders(app().services.deps);
    const rounds = await Promise.all([round('a'), second.runRound('b', 60_000), round('c')]);
    expect(rounds.reduce((n, r) => n + r.reminded, 0)).toBe(1);
    tick();
    await round();
    const mails = await mailsTo(user.upn);
    expect(mails).toHaveLength(1);
    // A tenant in the Netherlands speaks Dutch to a user who never chose a language here.
    expect(mails[0]!.subject).toContain('3 dag(en)');
    const [event] = await app().store.audit.list(user.tenantId, {
      activity: 'Password expiry reminder sent',
      limit: 5,
    });
    expect(event?.details).toMatchObject({ thresholdDays: 7 });
  });

  it('skips disabled users and service accounts, and holds what is over the daily cap for the next day', async () => {
    const { tenant, domain } = await freshTenant(30);
    await expiry().update(tenant.tenantId, { domain, dailyReminderCap: 1 }, cli);
    const disabled = await aUser(app(), domain);
    await app().services.userAdmin.update(
      { tenantId: tenant.tenantId, roles: ['GlobalAdministrator'], actor: cli, userId: null, via: 'cli' },
      disabled.upn,
      { accountEnabled: false },
    );
    const service = await aUser(app(), domain);
    const admin = await aUser(app(), domain, { roles: ['User Administrator'] });
    const adminSession = await sessionCookie(ctx.server, admin.upn, aPassword);
    // The administrator is a user of the tenant too: flag both, so only the two plain users remain.
    for (const upn of [service.upn, admin.upn]) {
      const flagged = await patch(
        adminSession,
        { passwordNeverExpires: true },
        `/api/v1/admin/password-expiry/users/${encodeURIComponent(upn)}`,
      );
      expect(flagged.json()).toMatchObject({ passwordNeverExpires: true, expiresAt: null, expired: false });
    }
    const globalAdmin = await aUser(app(), domain, { roles: ['Global Administrator'] });
    const outOfReach = await patch(
      adminSession,
      { passwordNeverExpires: true },
      `/api/v1/admin/password-expiry/users/${encodeURIComponent(globalAdmin.upn)}`,
    );
    expect([outOfReach.statusCode, outOfReach.json().code]).toEqual([403, 'TARGET_TOO_PRIVILEGED']);
    await expiry().setPasswordNeverExpires(
      (await app().store.users.findByUpn(tenant.tenantId, globalAdmin.upn))!,
      true,
      cli,
    );
    const first = await aUser(app(), domain);
    const second = await aUser(app(), domain);
    ctx.world.clock.advance(16 * day + 3600);
    const held = await round();
    expect(held).toMatchObject({ reminded: 1, deferred: 1 });
    ctx.world.clock.advance(day);
    expect(await round()).toMatchObject({ reminded: 1, deferred: 0 });
    expect((await mailsTo(first.upn)).length + (await mailsTo(second.upn)).length).toBe(2);
    expect(await mailsTo(disabled.upn)).toHaveLength(0);
    expect(await mailsTo(service.upn)).toHaveLength(0);
    const preview = await expiry().preview(tenant.tenantId, ctx.world.clock.now());
    expect(preview.map((p) => p.upn).sort()).toEqual([first.upn, second.upn].sort());
    expect(preview[0]!.reminders.map((r) => [r.days, r.status])).toEqual([
      [14, 'sent'],
      [7, 'scheduled'],
      [1, 'scheduled'],
    ]);
  });

  it('reminds by SMS too when the tenant turns it on, and counts the text against the hourly SMS budget', async () => {
    const { tenant, domain } = await smsTenant();
    const user = await aUser(app(), domain, { mobilePhone: '+31613570001' });
    ctx.world.clock.advance(16 * day + 3600);
    expect(await round()).toMatchObject({ reminded: 1, deferred: 0, smsRefused: 0 });
    expect(await mailsTo(user.upn)).toHaveLength(1);
    const [sms, ...more] = await texts('+31613570001');
    expect(more).toHaveLength(0);
    expect(sms!.bodyText).toContain('verloopt over 14 dag(en)');
    expect(await breaker(tenant.tenantId)).toMatchObject({ open: false, sentThisHour: 1 });
    const [event] = await reminderAudits(tenant.tenantId);
    expect(event?.details).toMatchObject({ thresholdDays: 14, sms: true, smsRefused: false });
  });

  it('counts a reminder text per number, not against the number block or the tenant daily code cap', async () => {
    const { tenant, domain } = await smsTenant({ dailyCapPerNumber: 1, hourlyCapPerPrefix: 1, dailyCapPerTenant: 1 });
    // Two numbers of one block (+316135), and a third user sharing the first number (a team phone).
    const numbers = ['+31613580001', '+31613580002', '+31613580001'];
    const users = [];
    for (const mobilePhone of numbers) users.push(await aUser(app(), domain, { mobilePhone }));
    ctx.world.clock.advance(16 * day + 3600);
    expect(await round()).toMatchObject({ reminded: 3, smsRefused: 1 });
    expect([(await texts(numbers[0]!)).length, (await texts(numbers[1]!)).length]).toEqual([1, 1]);
    for (const user of users) expect(await mailsTo(user.upn)).toHaveLength(1);
    const events = await reminderAudits(tenant.tenantId);
    expect(events.map((e) => [e.details.sms, e.details.smsRefused]).sort()).toEqual([
      [false, true],
      [true, false],
      [true, false],
    ]);
    expect(await breaker(tenant.tenantId)).toMatchObject({ open: false, sentThisHour: 2 });
  });

  it('reminds by email only while the SMS budget breaker is open, and by SMS again once it is closed', async () => {
    const { tenant, domain } = await smsTenant();
    const user = await aUser(app(), domain, { mobilePhone: '+31613590001' });
    ctx.world.clock.advance(16 * day + 3600);
    // The breaker opened (by other sends) just before the round.
    const at = ctx.world.clock.now().toISOString();
    const { generation } = await app().store.securityInfo.getBreaker(tenant.tenantId);
    expect(await app().store.securityInfo.setBreaker(tenant.tenantId, generation, at, at)).toBe(true);
    expect(await round()).toMatchObject({ reminded: 1, smsRefused: 1 });
    expect(await mailsTo(user.upn)).toHaveLength(1);
    expect(await texts('+31613590001')).toHaveLength(0);
    const [event] = await reminderAudits(tenant.tenantId);
    expect(event?.details).toMatchObject({ thresholdDays: 14, sms: false, smsRefused: true });
    expect(await breaker(tenant.tenantId)).toMatchObject({ open: true, sentThisHour: 0 });

    expect(await app().services.securityInfoAdmin.closeBreaker(tenant.tenantId, cli)).toMatchObject({ closed: true });
    ctx.world.clock.advance(7 * day);
    expect(await round()).toMatchObject({ reminded: 1, smsRefused: 0 });
    expect(await mailsTo(user.upn)).toHaveLength(2);
    expect(await texts('+31613590001')).toHaveLength(1);
  });

  it('opens the SMS budget breaker once when reminders pass the hourly budget; the rest go by email only', async () => {
    const { tenant, domain } = await smsTenant({ hourlyPhoneBudget: 2 });
    const numbers = ['+31613600001', '+31613610001', '+31613620001', '+31613630001'];
    const users = [];
    for (const mobilePhone of numbers) users.push(await aUser(app(), domain, { mobilePhone }));
    // A user whose 14-day reminder falls due half an hour later, while the breaker is still open.
    ctx.world.clock.advance(1800);
    const late = await aUser(app(), domain, { mobilePhone: '+31613640001' });
    ctx.world.clock.advance(16 * day - 1800 + 60);
    expect(await round()).toMatchObject({ reminded: 4, smsRefused: 2 });
    for (const user of users) expect(await mailsTo(user.upn)).toHaveLength(1);
    let sent = 0;
    for (const to of numbers) sent += (await texts(to)).length;
    expect(sent).toBe(2);
    const opened = await breakerOpenedAudits(tenant.tenantId);
    expect(opened).toHaveLength(1);
    expect(opened[0]!.details).toMatchObject({ hourlyBudget: 2, sentThisHour: 2 });
    expect(await breaker(tenant.tenantId)).toMatchObject({ open: true });
    // The open breaker stops the reminders of a later round too, and is not opened (nor audited) again.
    ctx.world.clock.advance(1800 + 61);
    expect(await round()).toMatchObject({ reminded: 1, smsRefused: 1 });
    expect(await mailsTo(late.upn)).toHaveLength(1);
    expect(await texts('+31613640001')).toHaveLength(0);
    expect(await breakerOpenedAudits(tenant.tenantId)).toHaveLength(1);
  });
});

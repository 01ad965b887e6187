/**
 * Checklist §11 row 9, on both dialects: SMS-pumping controls beyond the daily caps. Sends to distinct numbers of one
 * block (calling code + 4 digits) are capped per hour, as are phone sends asked for from one client address across
 * accounts; past the tenant's hourly SMS/voice budget the breaker opens (audited once), stops every SMS and voice
 * send but no email, shows in the admin API, and closes by an administrator or after its cool-down. In a reset the
 * block counted is the typed number's, so a burst refuses a real user and an unknown one alike.
 */
import { describe, expect, it } from 'vitest';
import type { SecurityInfoSettings } from '../../../src/core/methods/records.js';
import { defaultSecurityInfoSettings } from '../../../src/services/delivery/send-caps.js';
import { escapeHtml } from '../../../src/core/html.js';
import { translate } from '../../../src/i18n/i18n.js';
import { aPassword, aTenant, aUser } from '../../support/factories.js';
import { formContext, sessionCookie } from '../../support/http.js';
import { sentMessages } from '../../support/outbox.js';
import { testDialects } from '../../support/postgres.js';
import { aResetUser, resetApi } from '../../support/reset.js';
import { useHttpWorld } from '../../support/world.js';

const env = { SSPR_CAPTCHA_DIFFICULTY: '20', SSPR_RESET_RATE_LIMIT: '100000', SSPR_RESET_TENANT_RATE_LIMIT: '100000' };
const opened = 'Disable SMS and voice sends for directory (budget exceeded)';
const closed = 'Enable SMS and voice sends for directory';

describe.each(testDialects())('SMS-pumping controls (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { env });
  const app = () => ctx.world.app;

  /** A fresh tenant with these settings, and a way to sign its users in from a client address. */
  const aTenantWith = async (settings: Partial<SecurityInfoSettings>) => {
    const tenant = await aTenant(app());
    const now = ctx.world.clock.now().toISOString();
    await app().store.securityInfo.putSettings(tenant.tenantId, { ...defaultSecurityInfoSettings, ...settings }, now);
    const domain = tenant.domains[0]!;
    const member = async (remoteAddress = '127.0.0.1', roles: string[] = []) => {
      const user = await aUser(app(), domain, { roles });
      const cookie = await sessionCookie(ctx.server, user.upn, aPassword);
      const call = (method: 'GET' | 'POST', url: string, payload?: object) => {
        ctx.world.clock.advance(1);
        return ctx.server.inject({ method, url, headers: { cookie }, remoteAddress, ...(payload && { payload }) });
      };
      return {
        user,
        cookie,
        call,
        addPhone: (number: string) => call('POST', '/api/v1/me/methods', { type: 'mobilePhone', number }),
      };
    };
    const sms = async (to: string) => (await sentMessages(app(), { recipient: to })).length;
    const audits = async (activity: string) => (await app().store.audit.list(tenant.tenantId, { activity })).length;
    return { tenant, domain, member, sms, audits };
  };

  it('refuses a premium-rate or VoIP number at registration: a stable code in English and Dutch, no SMS', async () => {
    const t = await aTenantWith({ allowedCountries: ['NL', 'GB'] });
    const { call } = await t.member();
    for (const number of ['+31 900 1234567', '+44 56 1234 5678', '+31 20 123 4567']) {
      const en = await call('POST', '/api/v1/me/methods', { type: 'mobilePhone', number });
      expect(en.statusCode, number).toBe(400);
      expect(en.json().code, number).toBe('PHONE_TYPE_NOT_ALLOWED');
    }
    const digits = ['+319001234567', '+445612345678', '+31201234567'];
    for (const to of digits) expect(await t.sms(to)).toBe(0);
    expect(await app().store.deliveryQueue.list(t.tenant.tenantId)).toEqual([]);
  });

  it('stops a burst into one number block, lets numbers already counted and other blocks through, and resets by the hour', async () => {
    const t = await aTenantWith({ hourlyCapPerPrefix: 3 });
    const block = ['+31612345001', '+31612345002', '+31612345003', '+31612345004'];
    const [a, b, c, d] = [await t.member(), await t.member(), await t.member(), await t.member()];
    const first = await a.addPhone(block[0]!);
    expect(first.statusCode).toBe(201);
    expect((await b.addPhone(block[1]!)).statusCode).toBe(201);
    expect((await c.addPhone(block[2]!)).statusCode).toBe(201);
    // The fourth distinct number of +316123 within the hour: refused with the daily caps' answer, nothing sent.
    const fourth = await d.addPhone(block[3]!);
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json().code).toBe('SEND_LIMIT_REACHED');
    expect(await t.sms(block[3]!)).toBe(0);
    // A number of the block already counted is sent to again; a number of another block is not held back.
    expect((await a.call('POST', `/api/v1/me/methods/${first.json().method.id as string}/resend`)).statusCode).toBe(
      200,
    );
    expect(await t.sms(block[0]!)).toBe(2);
    expect((await (await t.member()).addPhone('+31 6 2345 6789')).statusCode).toBe(201);
    // The next hour counts afresh.
    ctx.world.clock.advance(3600);
    expect((await (await t.member()).addPhone('+31 6 1234 5005')).statusCode).toBe(201);
    expect(await t.sms('+31612345005')).toBe(1);
  });

  it('caps phone sends asked for from one client address across accounts; another address is not held back', async () => {
    const t = await aTenantWith({ hourlyCapPerIp: 2 });
    const numbers = ['+31 6 3000 0001', '+31 6 3100 0001', '+31 6 3200 0001'];
    const results: number[] = [];
    for (const number of numbers) results.push((await (await t.member('203.0.113.7')).addPhone(number)).statusCode);
    expect(results).toEqual([201, 201, 429]);
    expect(await t.sms('+31632000001')).toBe(0);
    // Email is not a pumping target: the same address still gets an email code.
    const mail = await (
      await t.member('203.0.113.7')
    ).call('POST', '/api/v1/me/methods', {
      type: 'alternateEmail',
      address: 'still.mails@fabrikam.test',
    });
    expect(mail.statusCode).toBe(201);
    expect((await (await t.member('203.0.113.8')).addPhone('+31 6 3300 0001')).statusCode).toBe(201);
  });

  it('opens the budget breaker once past the hourly budget: SMS stops, email goes, the admin sees and closes it', async () => {
    const t = await aTenantWith({ hourlyPhoneBudget: 2 });
    const admin = await t.member('127.0.0.1', ['Authentication Policy Administrator']);
    const add = async (number: string) => (await (await t.member()).addPhone(number)).statusCode;
    expect([await add('+31 6 4000 0001'), await add('+31 6 4100 0001')]).toEqual([201, 201]);
    expect((await admin.call('GET', '/api/v1/admin/sms-breaker')).json()).toMatchObject({
      open: false,
      sentThisHour: 2,
      hourlyBudget: 2,
    });
    expect(await add('+31 6 4200 0001')).toBe(429);
    expect(await add('+31 6 4300 0001')).toBe(429);
    expect([await t.sms('+31642000001'), await t.sms('+31643000001')]).toEqual([0, 0]);
    expect(await t.audits(opened)).toBe(1);
    const state = (await admin.call('GET', '/api/v1/admin/sms-breaker')).json();
    // The open breaker still shows this hour's count: the two sent and the one over the budget that opened it.
    expect(state).toMatchObject({
      open: true,
      openedAt: expect.any(String),
      closesAt: expect.any(String),
      sentThisHour: 3,
    });
    // Email is not affected by the breaker.
    const mailer = await t.member();
    const mail = await mailer.call('POST', '/api/v1/me/methods', {
      type: 'alternateEmail',
      address: 'b@fabrikam.test',
    });
    expect(mail.statusCode).toBe(201);
    expect((await sentMessages(app(), { recipient: 'b@fabrikam.test' })).length).toBe(1);

    // The console's SMS budget tab shows it open, in English and Dutch, and closes it (the API says so too).
    const tab = '/admin/password-reset/sms-budget';
    const form = await formContext(ctx.server, tab, admin.cookie);
    expect(form.page.body).toContain('The breaker is open since');
    const dutch = await ctx.server.inject({
      url: `${tab}?mkt=nl-NL`,
      headers: { cookie: admin.cookie, accept: 'text/html' },
    });
    expect(dutch.body).toContain('De zekering is doorgeslagen sinds');
    expect(dutch.body).toContain('Dit uur: 3 van 2 sms-berichten en spraakoproepen.');
    const closing = await ctx.server.inject({
      method: 'POST',
      url: `${tab}/close`,
      headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(form.token)}`,
    });
    expect(closing.statusCode).toBe(303);
    // After the close, one message says so (as other tabs after a save), not it and the "closed" status line too.
    for (const [url, locale] of [
      [String(closing.headers.location), 'en'],
      [`${tab}?mkt=nl-NL&saved=closed`, 'nl'],
    ] as const) {
      const after = await ctx.server.inject({ url, headers: { cookie: admin.cookie, accept: 'text/html' } });
      expect(after.body).toContain(escapeHtml(translate(locale, 'admin.smsBudget.wasClosed')));
      expect(after.body).not.toContain(escapeHtml(translate(locale, 'admin.smsBudget.closed')));
      expect(after.body.match(/role="status"/g)).toHaveLength(1);
    }
    expect((await admin.call('GET', '/api/v1/admin/sms-breaker')).json()).toMatchObject({
      open: false,
      sentThisHour: 0,
    });
    expect((await admin.call('POST', '/api/v1/admin/sms-breaker/close')).json()).toMatchObject({ closed: false });
    expect(await t.audits(closed)).toBe(1);
    // Counted afresh after the close: two more go, the third opens it again (a second event), the cool-down ends it.
    expect([await add('+31 6 4400 0001'), await add('+31 6 4500 0001'), await add('+31 6 4600 0001')]).toEqual([
      201, 201, 429,
    ]);
    expect(await t.audits(opened)).toBe(2);
    ctx.world.clock.advance(61 * 60);
    expect(await add('+31 6 4700 0001')).toBe(201);
    expect(await t.sms('+31647000001')).toBe(1);
  });

  it('refuses a reset challenge into an exhausted block alike for a real user and an unknown one', async () => {
    const t = await aTenantWith({ hourlyCapPerPrefix: 2 });
    const real = await aResetUser(app(), t.tenant, { mobilePhone: '+31612346001' });
    const api = resetApi(ctx.server, ctx.world.clock);
    const smsMethodOf = async (username: string) => {
      const flowId = await api.flowOf(username);
      const view = (await api.intent(flowId, 'reset')).json<{ methods: { id: string; type: string }[] }>();
      return { flowId, sms: view.methods.find((m) => m.type === 'mobileSms') };
    };
    // An unknown user ID whose decoy offers mobile SMS (decoys are a deterministic pick per user ID).
    let ghost: Awaited<ReturnType<typeof smsMethodOf>> | undefined;
    for (let i = 0; !ghost?.sms; i += 1) ghost = await smsMethodOf(`ghost${i}@${t.domain}`);
    const mine = await smsMethodOf(real.upn);
    // Two other numbers of +316123 exhaust the block (registrations by colleagues).
    await (await t.member()).addPhone('+31 6 1234 6002');
    await (await t.member()).addPhone('+31 6 1234 6003');
    const challenge = (flow: typeof mine, phoneNumber: string) =>
      api.challenge(flow.flowId, { methodId: flow.sms!.id, phoneNumber });
    const realAnswer = await challenge(mine, '+31 6 1234 6001');
    const ghostAnswer = await challenge(ghost, '+31 6 1234 6004');
    expect([realAnswer.statusCode, ghostAnswer.statusCode]).toEqual([429, 429]);
    expect(realAnswer.json()).toEqual(ghostAnswer.json());
    expect(await t.sms('+31612346001')).toBe(0);
  });
});

/**
 * No oracle (checklist §11 rows 1, 9, 13; issue 13 items 1 and 4), on both dialects: a real, locked, disabled,
 * unregistered, unknown and administrator account answer every unauthenticated step alike — status, headers, body
 * shape and meaning; decoys are calibrated on the tenant's users (mail domains, administrator share); decoy sends
 * count against the daily send caps; a holder of an authenticator app must pass it (policy switch), decoys alike.
 */
import { describe, expect, it } from 'vitest';
import type { Tenant, User } from '../../../src/core/model.js';
import { aTenant } from '../../support/factories.js';
import { signInApi } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { aResetUser, aVerifiedAuthenticator, resetApi } from '../../support/reset.js';
import { csrfOf, resetBrowser } from '../../support/reset-pages.js';
import { lastCodeTo } from '../../support/security-info.js';
import { useHttpWorld } from '../../support/world.js';
import { sentMessages } from '../../support/outbox.js';
import { defaultSecurityInfoSettings } from '../../../src/services/delivery/send-caps.js';

const env = { SSPR_CAPTCHA_DIFFICULTY: '20', SSPR_RESET_RATE_LIMIT: '100000', SSPR_RESET_TENANT_RATE_LIMIT: '100000' };
const admin = { type: 'cli' as const, id: null, upn: null };
type Method = { id: string; type: string; display: string; passed: boolean };
type Reply = { statusCode: number; headers: Record<string, unknown>; json(): Record<string, unknown> };

/** The shape of a JSON value: keys and value types, not the values. */
const shapeOf = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.length > 0 ? ['array', shapeOf(value[0])] : ['array'];
  if (value === null || typeof value !== 'object') return value === null ? 'null' : typeof value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, shapeOf(v)]),
  );
};
/** What a reply tells apart from another: status, the header names and cookies, the body's shape and code. */
const faceOf = (reply: Reply) => {
  const body = reply.json();
  return {
    status: reply.statusCode,
    headers: Object.keys(reply.headers)
      .filter((name) => !['date', 'content-length', 'x-sspr-support-code'].includes(name))
      .sort(),
    contentType: reply.headers['content-type'],
    cookie: reply.headers['set-cookie'],
    shape: shapeOf(body),
    code: body.code,
  };
};

/** Headers that differ per response whatever the account (dates, lengths, ids, the flow cookie's value). */
const volatileHeaders = ['date', 'content-length', 'x-sspr-support-code', 'etag', 'x-request-id'];
/**
 * An HTML page's shape: its tags with their attribute names, in order; no text and no attribute values (a masked
 * number, a CSRF token and a method id differ per user by design, not by kind of account).
 */
const htmlShapeOf = (body: string): string =>
  [...body.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '').matchAll(/<(\/?[a-z0-9]+)([^>]*)>/gi)]
    .map(
      ([, tag, attributes]) =>
        `${tag}${[...(attributes ?? '').matchAll(/([a-z-]+)=/gi)]
          .map(([, a]) => a)
          .sort()
          .join(',')}`,
    )
    .join(' ');
/** The method cards of a methods page, each as its shape. */
const cardsOf = (body: string): string[] => body.split('<form').slice(1).map(htmlShapeOf);
/** What a page reply tells apart: status, header names, cookie names, where it redirects (path only), the body's shape. */
const pageFaceOf = (reply: Reply & { body: string }) => ({
  status: reply.statusCode,
  headers: Object.keys(reply.headers)
    .filter((name) => !volatileHeaders.includes(name))
    .sort(),
  contentType: reply.headers['content-type'],
  cookies: [reply.headers['set-cookie'] ?? []]
    .flat()
    // A tab's cookie is named after its random handle (one flow per tab): the name's shape is what must match.
    .map((line) => (typeof line === 'string' ? line.split('=')[0]!.replace(/^(sspr_reset_).{16}$/, '$1<tab>') : '')),
  location: typeof reply.headers.location === 'string' ? reply.headers.location.split('?')[0] : undefined,
  shape: htmlShapeOf(reply.body),
});

describe.each(testDialects())('password reset: no oracle (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { env });
  const api = () => resetApi(ctx.server, ctx.world.clock);
  const app = () => ctx.world.app;
  const freshTenant = async (changes = {}): Promise<Tenant> => {
    const tenant = await aTenant(app(), { name: 'Northwind' });
    await app().services.ssprPolicy.update(tenant.tenantId, changes, admin);
    return tenant;
  };
  const addAuthenticator = (user: User) => aVerifiedAuthenticator(app(), user, ctx.world.clock.now().toISOString());
  let phone = 0;
  const aMobile = () => `+3161234${String(5000 + (phone++ % 5000)).padStart(4, '0')}`;

  it('answers every unauthenticated API step alike for real, locked, disabled, unregistered, unknown and admin accounts', async () => {
    const tenant = await freshTenant({ methods: ['email', 'mobileSms'] });
    const domain = tenant.domains[0]!;
    const real = await aResetUser(app(), tenant, { mobilePhone: aMobile() });
    const locked = await aResetUser(app(), tenant, { mobilePhone: aMobile() });
    const disabled = await aResetUser(app(), tenant, { mobilePhone: aMobile() });
    const unregistered = await aResetUser(app(), tenant, { alternateEmail: '' });
    const administrator = await aResetUser(app(), tenant, { roles: ['Global Administrator'], mobilePhone: aMobile() });
    await app().store.users.update(tenant.tenantId, disabled.userId, { accountEnabled: false });
    for (let i = 0; i < 10; i += 1) await signInApi(ctx.server, locked.upn, `Wrong-password-${i}`);

    const walk = async (upn: string) => {
      const outboxBefore = (await sentMessages(app(), {})).length;
      const start = await api().start(upn);
      const flowId = start.json<{ flowId: string }>().flowId;
      const unlock = await api().intent(flowId, 'unlock');
      const reset = await api().intent(flowId, 'reset');
      const view = reset.json<{ methods: Method[]; canUnlock: boolean; gatesRequired: number }>();
      const sms = view.methods.find((m) => m.type === 'mobileSms')!;
      // A well-formed number that is not the one on file: "if this is your number, we sent a code".
      const wrongNumber = await api().challenge(flowId, { methodId: sms.id, phoneNumber: '+31 6 99999999' });
      const noNumber = await api().challenge(flowId, { methodId: sms.id, phoneNumber: 'nonsense' });
      const wrongCode = await api().verify(flowId, { methodId: sms.id, code: '12345678' });
      const password = await api().password(flowId, 'Tulip-Canal-Bridge-88');
      const unlockNow = await api().unlock(flowId);
      const sent = (await sentMessages(app(), {})).length - outboxBefore;
      return {
        faces: [start, unlock, reset, wrongNumber, noNumber, wrongCode, password, unlockNow].map(faceOf),
        canUnlock: view.canUnlock,
        kinds: new Set(view.methods.map((m) => m.type)),
        sent,
        wrongCode: wrongCode.json(),
      };
    };
    const expected = await walk(real.upn);
    expect(expected.faces.map((f) => f.status)).toEqual([200, 200, 200, 200, 400, 400, 403, 403]);
    expect(expected.canUnlock).toBe(true);
    expect(expected.sent).toBe(0);
    for (const upn of [locked.upn, disabled.upn, unregistered.upn, `nobody@${domain}`, administrator.upn]) {
      const walked = await walk(upn);
      expect(walked.faces, upn).toEqual(expected.faces);
      expect(walked.canUnlock, upn).toBe(true);
      expect(walked.sent, upn).toBe(0);
      expect(walked.wrongCode).toEqual(expected.wrongCode);
      // Every user here holds both kinds, so every decoy shows both (the administrator policy adds its own methods —
      // voice calls here — for the administrator and for the decoys drawn as one, a third of them here).
      for (const kind of expected.kinds) expect(walked.kinds.has(kind), `${upn} ${kind}`).toBe(true);
    }
  });

  it('answers every /passwordreset page step alike, the unlock choice included, for every kind of account', async () => {
    const tenant = await freshTenant({ methods: ['email', 'mobileSms'] });
    const real = await aResetUser(app(), tenant, { mobilePhone: aMobile() });
    const locked = await aResetUser(app(), tenant, { mobilePhone: aMobile() });
    const disabled = await aResetUser(app(), tenant, { mobilePhone: aMobile() });
    const unregistered = await aResetUser(app(), tenant, { alternateEmail: '' });
    const administrator = await aResetUser(app(), tenant, { roles: ['Global Administrator'], mobilePhone: aMobile() });
    await app().store.users.update(tenant.tenantId, disabled.userId, { accountEnabled: false });
    for (let i = 0; i < 10; i += 1) await signInApi(ctx.server, locked.upn, `Wrong-password-${i}`);
    expect((await app().store.lockouts.get(tenant.tenantId, locked.userId))?.lockedUntil).not.toBeNull();
    const unknown = `nobody@${tenant.domains[0]!}`;
    const walk = async (upn: string) => {
      const browser = resetBrowser(() => ctx.server);
      const start = await browser.get('/passwordreset');
      const started = await browser.post('/passwordreset', {
        _csrf: csrfOf(start),
        username: upn,
        captcha: await browser.solveCaptcha(),
      });
      const intent = await browser.get('/passwordreset/flow');
      const chosen = await browser.post('/passwordreset/intent', { _csrf: csrfOf(intent), intent: 'unlock' });
      const methods = await browser.get('/passwordreset/flow');
      const smsId = /name="methodId" value="(mobileSms\.[^"]+)"/.exec(methods.body)![1]!;
      const challenged = await browser.post('/passwordreset/challenge', {
        _csrf: csrfOf(methods),
        methodId: smsId,
        phoneNumber: '+31 6 99999999',
      });
      const codePage = await browser.get('/passwordreset/flow');
      const wrongCode = await browser.post('/passwordreset/verify', {
        _csrf: csrfOf(codePage),
        methodId: smsId,
        code: '12345678',
      });
      const afterWrong = await browser.get('/passwordreset/flow');
      const steps = [started, intent, chosen, challenged, codePage, wrongCode, afterWrong];
      return {
        faces: steps.map(pageFaceOf),
        // The method list is drawn per user ID (an administrator, real or decoy, also gets voice calls): its cards
        // must include the real user's kinds of card; the page around them is the same.
        methods: { ...pageFaceOf(methods), shape: undefined },
        cards: new Set(cardsOf(methods.body)),
        unlockOffered: intent.body.includes('value="unlock"'),
        codeAsked: codePage.body.includes('name="code"'),
      };
    };
    const expected = await walk(real.upn);
    // Post/redirect/get (issue 14): the wrong code's post answers 303, the page it leads to carries the 400.
    expect(expected.faces.map((f) => f.status)).toEqual([303, 200, 303, 303, 200, 303, 400]);
    expect(expected.unlockOffered && expected.codeAsked).toBe(true);
    for (const upn of [locked.upn, disabled.upn, unregistered.upn, unknown, administrator.upn]) {
      const walked = await walk(upn);
      expect(walked.faces, upn).toEqual(expected.faces);
      expect(walked.methods, upn).toEqual(expected.methods);
      expect([walked.unlockOffered, walked.codeAsked], upn).toEqual([true, true]);
      for (const card of expected.cards) expect(walked.cards.has(card), `${upn}: ${card}`).toBe(true);
    }
  });

  it('calibrates decoys on the tenant: its users’ mail domain, and administrators’ two gates about as often', async () => {
    const tenant = await freshTenant();
    for (let i = 0; i < 4; i += 1)
      await aResetUser(app(), tenant, {
        alternateEmail: `person${i}@contoso-mail.example`,
        mobilePhone: aMobile(),
        ...(i % 2 === 0 && { roles: ['Global Administrator'] }),
      });
    const views = [];
    for (let i = 0; i < 24; i += 1)
      views.push((await api().view(await api().flowOf(`nobody${i}@${tenant.domains[0]!}`))).json());
    for (const view of views) {
      const email = (view.methods as Method[]).find((m) => m.type === 'email');
      if (email) expect(email.display).toMatch(/^[a-z]\*\*\*@c\*\*\*\.example$/);
    }
    // Half the users are administrators (two gates): so are some decoys, not all.
    const twoGates = views.filter((v) => v.gatesRequired === 2).length;
    expect(twoGates).toBeGreaterThan(3);
    expect(twoGates).toBeLessThan(21);
    // The same user ID keeps its decoy.
    expect((await api().view(await api().flowOf(`nobody0@${tenant.domains[0]!}`))).json().methods).toEqual(
      views[0].methods,
    );
  });

  it('counts decoy sends against the daily caps: the tenant cap is reached by decoys too, for real users alike', async () => {
    const tenant = await freshTenant({ methods: ['email'] });
    await app().store.securityInfo.putSettings(
      tenant.tenantId,
      { ...defaultSecurityInfoSettings, dailyCapPerNumber: 10, dailyCapPerTenant: 3 },
      ctx.world.clock.now().toISOString(),
    );
    const real = await aResetUser(app(), tenant);
    const challengeFor = async (upn: string) => {
      const flowId = await api().flowOf(upn);
      const view = (await api().intent(flowId, 'reset')).json<{ methods: Method[] }>();
      return api().challenge(flowId, { methodId: view.methods.find((m) => m.type === 'email')!.id });
    };
    for (let i = 0; i < 3; i += 1)
      expect((await challengeFor(`nobody${i}@${tenant.domains[0]!}`)).statusCode).toBe(200);
    const decoyCapped = await challengeFor(`nobody9@${tenant.domains[0]!}`);
    const realCapped = await challengeFor(real.upn);
    expect(faceOf(decoyCapped)).toEqual(faceOf(realCapped));
    expect(realCapped.json().code).toBe('SEND_LIMIT_REACHED');
    expect(await sentMessages(app(), { recipient: real.alternateEmail! })).toHaveLength(0);
  });

  it('makes a holder of an authenticator app pass it (policy switch on by default, off keeps one gate); decoys alike', async () => {
    const tenant = await freshTenant();
    const user = await aResetUser(app(), tenant);
    await addAuthenticator(user);
    const unknown = `nobody@${tenant.domains[0]!}`;
    const on = await api().flowOf(user.upn);
    const onView = (await api().intent(on, 'reset')).json<{ methods: Method[]; gatesRequired: number }>();
    expect(onView.gatesRequired).toBe(2);
    const email = onView.methods.find((m) => m.type === 'email')!;
    await api().challenge(on, { methodId: email.id });
    const passed = await api().verify(on, { methodId: email.id, code: await lastCodeTo(app(), user.alternateEmail!) });
    expect(passed.json()).toMatchObject({ gatesPassed: 1, canSetPassword: false });
    expect((await api().password(on, 'Tulip-Canal-Bridge-88')).json().code).toBe('GATES_INCOMPLETE');
    // The view says which method must be one of the steps, before a weaker second choice is refused.
    expect(onView).toMatchObject({ requiredMethods: ['authenticatorCode'] });
    expect(passed.json()).toMatchObject({ requiredMethods: ['authenticatorCode'] });
    // Every user here holds an app, so a decoy does too, with the same two gates and the same requirement.
    const decoyOn = (await api().view(await api().flowOf(unknown))).json();
    expect(decoyOn.gatesRequired).toBe(2);
    expect(decoyOn.requiredMethods).toEqual(['authenticatorCode']);
    expect((decoyOn.methods as Method[]).some((m) => m.type === 'authenticatorCode')).toBe(true);
    // The wizard names it, in English and Dutch, for the real user and the decoy alike.
    for (const [upn, locale, text] of [
      [user.upn, 'en', 'Use your authenticator app for one of the steps.'],
      [unknown, 'nl', 'Gebruik uw authenticator-app voor een van de stappen.'],
      [unknown, 'en', 'Use your authenticator app for one of the steps.'],
    ] as const) {
      const browser = resetBrowser(() => ctx.server);
      const start = await browser.get(`/passwordreset?mkt=${locale}`);
      await browser.post(`/passwordreset?mkt=${locale}`, {
        _csrf: csrfOf(start),
        username: upn,
        captcha: await browser.solveCaptcha(),
      });
      const intent = await browser.get(`/passwordreset/flow?mkt=${locale}`);
      await browser.post(`/passwordreset/intent?mkt=${locale}`, { _csrf: csrfOf(intent), intent: 'reset' });
      expect((await browser.get(`/passwordreset/flow?mkt=${locale}`)).body, `${upn} ${locale}`).toContain(text);
    }

    await app().services.ssprPolicy.update(tenant.tenantId, { requireStrongMethod: false }, admin);
    const off = await api().flowOf(user.upn);
    const offView = (await api().intent(off, 'reset')).json<{ gatesRequired: number }>();
    expect(offView).toMatchObject({ gatesRequired: 1, requiredMethods: [] });
    await api().challenge(off, { methodId: email.id });
    await api().verify(off, { methodId: email.id, code: await lastCodeTo(app(), user.alternateEmail!) });
    expect((await api().password(off, 'Tulip-Canal-Bridge-88')).json()).toEqual({ status: 'passwordReset' });
    expect((await api().view(await api().flowOf(unknown))).json().gatesRequired).toBe(1);
  });
});

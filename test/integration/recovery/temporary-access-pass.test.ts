/**
 * Temporary Access Pass (issue #17 item 2) on both dialects: who may issue one for whom, lifetime bounds, shown
 * once and stored hashed, replacement, revocation, expiry and one-time use; signing in with it to a session good
 * only for security info; unknown users answered as wrong passes; a pass as a reset gate where the tenant ticks it.
 */
import { describe, expect, it } from 'vitest';
import { aPassword, aTenant, aUser } from '../../support/factories.js';
import { cookiePair, formContext } from '../../support/http.js';
import { signedInAs } from '../../support/admin-http.js';
import { testDialects } from '../../support/postgres.js';
import { aResetUser, resetApi } from '../../support/reset.js';
import { useHttpWorld } from '../../support/world.js';
import { sentMessages } from '../../support/outbox.js';

const env = { SSPR_CAPTCHA_DIFFICULTY: '20', SSPR_RESET_RATE_LIMIT: '100000', SSPR_RESET_TENANT_RATE_LIMIT: '100000' };
const passShape = /^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){5}$/;

describe.each(testDialects())('Temporary Access Pass (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { env });
  const app = () => ctx.world.app;
  const passUrl = (upn: string) => `/api/v1/admin/users/${encodeURIComponent(upn)}/temporary-access-pass`;
  const issue = (cookie: string, upn: string, payload: object = {}) =>
    ctx.server.inject({ method: 'POST', url: passUrl(upn), headers: { cookie }, payload });
  /** The page's form as a browser posts it; a refusal is the page the redirect leads back to (post/redirect/get). */
  const passSignIn = async (username: string, pass: string) => {
    const form = await formContext(ctx.server, '/signin/temporary-access-pass');
    const posted = await ctx.server.inject({
      method: 'POST',
      url: '/signin/temporary-access-pass',
      headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload: new URLSearchParams({ _csrf: form.token, username, pass }).toString(),
    });
    if (posted.headers.location !== '/signin/temporary-access-pass') return posted;
    const flash = cookiePair(posted, 'sspr_flash');
    return ctx.server.inject({
      url: posted.headers.location,
      headers: { cookie: [form.cookie, flash].filter(Boolean).join('; '), accept: 'text/html' },
    });
  };

  it('is issued by an Authentication Administrator, shown once, stored hashed, audited and told to the user', async () => {
    const admin = await signedInAs(ctx, ['Authentication Administrator']);
    const user = await aUser(app(), ctx.domain, { alternateEmail: 'adele@home.example' });
    const issued = await issue(admin.cookie, user.upn, { lifetimeMinutes: 120, oneTime: true });
    expect(issued.statusCode).toBe(201);
    const body = issued.json<{ temporaryAccessPass: string; expiresAt: string; lifetimeMinutes: number }>();
    expect(body.temporaryAccessPass).toMatch(passShape);
    expect(body).toMatchObject({ oneTime: true, lifetimeMinutes: 120, expiresAt: '2026-03-01T11:00:00.000Z' });

    const status = await ctx.server.inject({ url: passUrl(user.upn), headers: { cookie: admin.cookie } });
    expect(status.json()).toMatchObject({
      upn: user.upn,
      pass: { state: 'active', oneTime: true, lifetimeMinutes: 120 },
    });
    expect(status.body).not.toContain(body.temporaryAccessPass);
    const stored = await app().store.recovery.findPass(ctx.tenantId, user.userId);
    expect(stored?.passHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(stored)).not.toContain(body.temporaryAccessPass.replace(/-/g, ''));

    const [event] = await app().store.audit.list(ctx.tenantId, { activity: 'Admin registered security info' });
    expect(event).toMatchObject({ service: 'Authentication Methods', target: { name: user.upn } });
    expect(event!.details).toMatchObject({ method: 'Temporary Access Pass', lifetimeMinutes: 120, oneTime: true });
    expect(JSON.stringify(event)).not.toContain(body.temporaryAccessPass);
    const notices = await sentMessages(app(), { recipient: 'adele@home.example' });
    expect(notices[0]?.bodyText).toContain('Temporary Access Pass');
    expect(notices[0]?.bodyText).not.toContain(body.temporaryAccessPass);
  });

  it('refuses lifetimes outside 10 minutes–30 days, unknown users and other tenants’ users', async () => {
    const admin = await signedInAs(ctx, ['Authentication Administrator']);
    const user = await aUser(app(), ctx.domain);
    for (const lifetimeMinutes of [9, 43_201])
      expect((await issue(admin.cookie, user.upn, { lifetimeMinutes })).json()).toMatchObject({
        status: 400,
        code: 'TAP_LIFETIME_INVALID',
      });
    expect((await issue(admin.cookie, user.upn, { lifetimeMinutes: 10 })).statusCode).toBe(201);
    expect((await issue(admin.cookie, user.upn, { lifetimeMinutes: 43_200 })).statusCode).toBe(201);
    expect((await issue(admin.cookie, `nobody@${ctx.domain}`)).json().code).toBe('USER_NOT_FOUND');
    const other = await aTenant(app(), { name: 'Fabrikam' });
    const foreign = await aUser(app(), other.domains[0]!);
    expect((await issue(admin.cookie, foreign.upn)).json().code).toBe('USER_NOT_FOUND');
  });

  it('follows the admin-reset rules: who may issue one, and for whom', async () => {
    const plain = await aUser(app(), ctx.domain);
    const globalAdmin = await aUser(app(), ctx.domain, { roles: ['Global Administrator'] });
    const passwordAdmin = await aUser(app(), ctx.domain, { roles: ['Password Administrator'] });
    const helpdesk = await signedInAs(ctx, ['Helpdesk Administrator']);
    expect((await issue(helpdesk.cookie, plain.upn)).json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    const authAdmin = await signedInAs(ctx, ['Authentication Administrator']);
    expect((await issue(authAdmin.cookie, passwordAdmin.upn)).statusCode).toBe(201);
    expect((await issue(authAdmin.cookie, globalAdmin.upn)).json().code).toBe('TARGET_TOO_PRIVILEGED');
    const privileged = await signedInAs(ctx, ['Privileged Authentication Administrator']);
    expect((await issue(privileged.cookie, globalAdmin.upn)).statusCode).toBe(201);
    // Nobody issues one for themselves.
    expect((await issue(privileged.cookie, privileged.user.upn)).json().code).toBe('FORBIDDEN');
  });

  it('signs in to a session limited to security info; one-time passes work once; unknown users read alike', async () => {
    const admin = await signedInAs(ctx, ['Authentication Administrator']);
    const user = await aUser(app(), ctx.domain);
    const pass = (await issue(admin.cookie, user.upn, { oneTime: true })).json<{ temporaryAccessPass: string }>()
      .temporaryAccessPass;

    const wrongPass = await passSignIn(user.upn, 'aaaa-bbbb-cccc-dddd-eeee-ffff');
    const unknown = await passSignIn(`nobody@${ctx.domain}`, pass);
    expect(wrongPass.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const alert = (page: { body: string }) => /role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(page.body)?.[1];
    expect(alert(unknown)).toBe(alert(wrongPass));
    // Refused as /signin is: reached by a redirect, the account kept and never the pass; inputs carry the limits,
    // and a pass pasted past them is told so on the form, not on a dead-end error page.
    expect(wrongPass.body).toContain(`value="${user.upn}"`);
    expect(wrongPass.body).not.toContain('aaaa-bbbb');
    expect(wrongPass.body).toMatch(/name="pass"[^>]* maxlength="64"/);
    const pasted = await passSignIn(user.upn, 'x'.repeat(100));
    expect(pasted.statusCode).toBe(400);
    expect(alert(pasted)).toContain('This can be at most 64 characters.');

    const signedIn = await passSignIn(user.upn, pass.toUpperCase().replace(/-/g, ' '));
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe('/account/security-info');
    const cookie = cookiePair(signedIn, 'sspr_session')!;
    const page = await ctx.server.inject({ url: '/account/security-info', headers: { cookie, accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('You signed in with a Temporary Access Pass');
    // Nothing else opens: the account page, the console and the API's other routes.
    const account = await ctx.server.inject({ url: '/account', headers: { cookie, accept: 'text/html' } });
    expect(account.headers.location).toBe('/account/security-info');
    const console = await ctx.server.inject({ url: '/admin/users', headers: { cookie, accept: 'text/html' } });
    expect(console.headers.location).toBe('/account/security-info');
    const change = await ctx.server.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie },
      payload: { currentPassword: aPassword, newPassword: 'Another-Long-Pass-77' },
    });
    expect(change.json().code).toBe('FORBIDDEN');
    expect((await ctx.server.inject({ url: '/api/v1/me/methods', headers: { cookie } })).statusCode).toBe(200);
    // Adding security info needs no password: the pass was the proof.
    const added = await ctx.server.inject({
      method: 'POST',
      url: '/api/v1/me/methods',
      headers: { cookie },
      payload: { type: 'authenticatorApp' },
    });
    expect(added.statusCode).toBe(201);

    // Used once.
    expect((await passSignIn(user.upn, pass)).statusCode).toBe(401);
    expect((await app().store.recovery.findPass(ctx.tenantId, user.userId))?.usedAt).not.toBeNull();
  });

  it('expires, is replaced by a new one, and is revoked with the sessions it opened', async () => {
    const admin = await signedInAs(ctx, ['Authentication Administrator']);
    const user = await aUser(app(), ctx.domain);
    const first = (await issue(admin.cookie, user.upn, { lifetimeMinutes: 10 })).json().temporaryAccessPass as string;
    ctx.world.clock.advance(10 * 60);
    expect((await passSignIn(user.upn, first)).statusCode).toBe(401);
    const status = await ctx.server.inject({ url: passUrl(user.upn), headers: { cookie: admin.cookie } });
    expect(status.json().pass.state).toBe('expired');

    const second = (await issue(admin.cookie, user.upn)).json().temporaryAccessPass as string;
    const third = (await issue(admin.cookie, user.upn)).json().temporaryAccessPass as string;
    expect((await passSignIn(user.upn, second)).statusCode).toBe(401);
    const signedIn = await passSignIn(user.upn, third);
    expect(signedIn.statusCode).toBe(303);
    // Multi-use: it still works until it expires or is revoked.
    expect((await passSignIn(user.upn, third)).statusCode).toBe(303);
    const cookie = cookiePair(signedIn, 'sspr_session')!;

    const revoked = await ctx.server.inject({
      method: 'DELETE',
      url: passUrl(user.upn),
      headers: { cookie: admin.cookie },
    });
    expect(revoked.statusCode).toBe(204);
    expect((await passSignIn(user.upn, third)).statusCode).toBe(401);
    expect((await ctx.server.inject({ url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(401);
    const [event] = await app().store.audit.list(ctx.tenantId, { activity: 'Admin deleted security info' });
    expect(event?.details).toMatchObject({ method: 'Temporary Access Pass', endedSessions: 2 });
    const again = await ctx.server.inject({
      method: 'DELETE',
      url: passUrl(user.upn),
      headers: { cookie: admin.cookie },
    });
    expect(again.json()).toMatchObject({ status: 404, code: 'TAP_NOT_FOUND' });
  });

  it('counts wrong passes for smart lockout, as wrong passwords', async () => {
    const admin = await signedInAs(ctx, ['Authentication Administrator']);
    const user = await aUser(app(), ctx.domain);
    await issue(admin.cookie, user.upn);
    for (let i = 0; i < 10; i += 1) await passSignIn(user.upn, `wrong-pass-${i}`);
    expect((await app().store.lockouts.get(ctx.tenantId, user.userId))?.lockedUntil).not.toBeNull();
  });

  it('is one reset gate where the tenant ticks it, and then a one-time pass is used up', async () => {
    const tenant = await aTenant(app(), { name: 'Northwind' });
    const cli = { type: 'cli' as const, id: null, upn: null };
    const user = await aResetUser(app(), tenant);
    const issued = await app().services.temporaryAccessPass.issue(
      { tenantId: tenant.tenantId, roles: ['GlobalAdministrator'], actor: cli, userId: null, via: 'cli' },
      user.upn,
      { oneTime: true },
    );
    const api = resetApi(ctx.server, ctx.world.clock);
    const offered = async () => {
      const flowId = await api.flowOf(user.upn);
      const view = (await api.intent(flowId, 'reset')).json<{ methods: { id: string; type: string }[] }>();
      return { flowId, method: view.methods.find((m) => m.type === 'temporaryAccessPass') };
    };
    expect((await offered()).method).toBeUndefined();
    await app().services.ssprPolicy.update(
      tenant.tenantId,
      { methods: ['email', 'mobileSms', 'temporaryAccessPass'] },
      cli,
    );
    const { flowId, method } = await offered();
    expect(method).toBeDefined();
    const wrong = await api.verify(flowId, { methodId: method!.id, code: 'aaaa-bbbb-cccc-dddd-eeee-ffff' });
    expect(wrong.json().code).toBe('TAP_INVALID');
    const passed = await api.verify(flowId, { methodId: method!.id, code: issued.temporaryAccessPass });
    expect(passed.json()).toMatchObject({ gatesPassed: 1, canSetPassword: true });
    expect((await api.password(flowId, 'Tulip-Canal-Bridge-88')).json()).toEqual({ status: 'passwordReset' });
    // The one-time pass is spent: no longer offered, and no longer good for sign-in.
    expect((await offered()).method).toBeUndefined();
    expect((await passSignIn(user.upn, issued.temporaryAccessPass)).statusCode).toBe(401);
  });
});

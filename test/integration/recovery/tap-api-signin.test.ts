/**
 * Signing in with a Temporary Access Pass through the JSON API (issue #17 item 2), on both dialects, as the portal's
 * page does: a session good only for security info (passkey options included); every refusal of the pass or of an
 * unknown user is TAP_INVALID with the same body; wrong passes count for smart lockout and a locked user is told so;
 * bad bodies are VALIDATION_FAILED; the per-address sign-in limit applies; outcomes go to the sign-in log.
 */
import { describe, expect, it } from 'vitest';
import { aUser } from '../../support/factories.js';
import { signedInAs } from '../../support/admin-http.js';
import { cookiePair } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

const limit = 40;
const env = { SSPR_SIGNIN_RATE_LIMIT: String(limit) };
const route = '/api/v1/session/temporary-access-pass';

describe.each(testDialects())('Temporary Access Pass sign-in over the API (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { env });
  const app = () => ctx.world.app;
  const passFor = async (upn: string, payload: object = {}) => {
    const admin = await signedInAs(ctx, ['Authentication Administrator']);
    const issued = await ctx.server.inject({
      method: 'POST',
      url: `/api/v1/admin/users/${encodeURIComponent(upn)}/temporary-access-pass`,
      headers: { cookie: admin.cookie },
      payload,
    });
    expect(issued.statusCode, issued.body).toBe(201);
    return issued.json<{ temporaryAccessPass: string }>().temporaryAccessPass;
  };
  const signIn = (payload: object) => {
    ctx.world.clock.advance(1);
    return ctx.server.inject({ method: 'POST', url: route, payload });
  };
  const problem = (body: Record<string, unknown>) => {
    const { instance: _instance, ...rest } = body;
    return rest;
  };

  it('opens a session good only for security info; a one-time pass once; unknown users read as wrong passes', async () => {
    const user = await aUser(app(), ctx.domain);
    const pass = await passFor(user.upn, { oneTime: true });
    // Typed in capitals, without dashes, with a space around the user name: the pass and name still match.
    const signedIn = await signIn({ username: ` ${user.upn} `, pass: pass.replaceAll('-', '').toUpperCase() });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    expect(signedIn.json()).toEqual({
      user: { upn: user.upn, displayName: user.displayName },
      scope: 'securityInfo',
    });
    const cookie = cookiePair(signedIn, 'sspr_session')!;
    const get = (url: string) => ctx.server.inject({ url, headers: { cookie } });
    expect((await get('/api/v1/me')).json()).toMatchObject({ upn: user.upn });
    expect((await get('/api/v1/me/methods')).statusCode).toBe(200);
    expect((await get('/api/v1/admin/users')).json()).toMatchObject({ code: 'FORBIDDEN' });
    const change = await ctx.server.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie },
      payload: { currentPassword: 'x', newPassword: 'y' },
    });
    expect(change.json()).toMatchObject({ code: 'FORBIDDEN' });
    // The passkey options are reachable (the tenant has passkeys off here, so that is the answer, not FORBIDDEN).
    const options = await ctx.server.inject({
      method: 'POST',
      url: '/api/v1/me/passkeys/options',
      headers: { cookie },
      payload: {},
    });
    expect(options.json()).toMatchObject({ code: 'METHOD_TYPE_NOT_ALLOWED' });

    const used = await signIn({ username: user.upn, pass });
    expect(used.statusCode).toBe(401);
    expect(used.json()).toMatchObject({ code: 'TAP_INVALID' });
    expect(used.headers['set-cookie']).toBeUndefined();
    const unknown = await signIn({ username: `nobody@${ctx.domain}`, pass });
    expect(unknown.statusCode).toBe(used.statusCode);
    expect(problem(unknown.json())).toEqual(problem(used.json()));

    const log = await app().store.signIns.page(ctx.tenantId, { user: user.upn }, { top: 10, skip: 0 });
    expect(log.map((e) => [e.result, e.failureReason])).toEqual([
      ['failure', 'TAP_INVALID'],
      ['success', null],
    ]);
  });

  it('refuses bad bodies with VALIDATION_FAILED', async () => {
    for (const payload of [
      {},
      { username: 'a@b.example' },
      { username: '', pass: 'x' },
      { username: 'a', pass: 'x'.repeat(65) },
      { username: 'a', pass: 'x', password: 'y' },
    ]) {
      const refused = await signIn(payload);
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
  });

  it('counts wrong passes for smart lockout; a locked user’s right pass is ACCOUNT_LOCKED', async () => {
    const user = await aUser(app(), ctx.domain);
    const pass = await passFor(user.upn);
    for (let i = 0; i < 10; i += 1) {
      const wrong = await signIn({ username: user.upn, pass: `wrong-pass-${i}` });
      expect(wrong.json()).toMatchObject({ code: 'TAP_INVALID' });
    }
    const locked = await signIn({ username: user.upn, pass });
    expect(locked.statusCode).toBe(423);
    expect(locked.json()).toMatchObject({ code: 'ACCOUNT_LOCKED' });
    expect(locked.json<{ retryAfterSeconds: number }>().retryAfterSeconds).toBeGreaterThan(0);
    ctx.world.clock.advance(61);
    expect((await signIn({ username: user.upn, pass })).statusCode).toBe(200);
  });

  it('is held to the per-address sign-in limit', async () => {
    let status = 0;
    for (let i = 0; i < 2 * limit && status !== 429; i += 1)
      status = (await signIn({ username: `nobody@${ctx.domain}`, pass: 'x' })).statusCode;
    expect(status).toBe(429);
    const limited = await signIn({ username: `nobody@${ctx.domain}`, pass: 'x' });
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED' });
  });
});

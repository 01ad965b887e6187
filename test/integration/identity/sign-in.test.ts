import { describe, expect, it } from 'vitest';
import { aPassword, aTenant, aUser } from '../../support/factories.js';
import { cookiePair, setCookieHeader, signInApi } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

describe.each(testDialects())('sign-in and smart lockout (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);

  it('signs in with a server-side session in an HttpOnly, SameSite=Lax cookie of 128 random bits', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const response = await signInApi(ctx.server, user.upn, aPassword);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      user: { upn: user.upn, displayName: 'Adele Vance' },
      registration: { needsRegistration: true, needsReconfirmation: false },
      mustChangePassword: false,
    });
    const header = setCookieHeader(response, 'sspr_session')!;
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Lax/);
    expect(header).toMatch(/Path=\//);
    const secret = cookiePair(response, 'sspr_session')!.split('.')[1]!;
    expect(Buffer.from(secret, 'base64url')).toHaveLength(16);
    const me = await ctx.server.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: cookiePair(response, 'sspr_session')! },
    });
    expect(me.json()).toMatchObject({ upn: user.upn, source: 'cloud' });
  });

  it('answers a wrong password and an unknown user identically', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const wrong = await signInApi(ctx.server, user.upn, 'Wrong-Password-1');
    const unknown = await signInApi(ctx.server, `nobody@${ctx.domain}`, 'Wrong-Password-1');
    const otherTenant = await signInApi(ctx.server, 'nobody@unknown-tenant.example', 'Wrong-Password-1');
    for (const response of [wrong, unknown, otherTenant]) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toEqual(wrong.json());
      expect(response.headers['set-cookie']).toBeUndefined();
    }
    expect(wrong.json()).toMatchObject({ code: 'INVALID_CREDENTIALS', status: 401 });
  });

  it('locks after 10 distinct wrong passwords, says so only to the right password, and unlocks after 60 s', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    for (let i = 0; i < 10; i++)
      expect((await signInApi(ctx.server, user.upn, `Wrong-Password-${i}`)).statusCode).toBe(401);
    expect((await signInApi(ctx.server, user.upn, 'Wrong-Password-99')).json()).toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    const locked = await signInApi(ctx.server, user.upn, aPassword);
    expect(locked.statusCode).toBe(423);
    expect(locked.json()).toMatchObject({ code: 'ACCOUNT_LOCKED', retryAfterSeconds: 60 });
    const audit = await ctx.world.app.store.audit.list(user.tenantId, { activity: 'User locked out (smart lockout)' });
    expect(audit).toHaveLength(1);
    ctx.world.clock.advance(61);
    expect((await signInApi(ctx.server, user.upn, aPassword)).statusCode).toBe(200);
  });

  it('doubles the lockout on the next lock', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    for (let i = 0; i < 10; i++) await signInApi(ctx.server, user.upn, `First-Wrong-${i}`);
    ctx.world.clock.advance(61);
    for (let i = 0; i < 10; i++) await signInApi(ctx.server, user.upn, `Second-Wrong-${i}`);
    ctx.world.clock.advance(100);
    expect((await signInApi(ctx.server, user.upn, aPassword)).statusCode).toBe(423);
    ctx.world.clock.advance(21);
    expect((await signInApi(ctx.server, user.upn, aPassword)).statusCode).toBe(200);
  });

  it('does not count the same wrong password twice', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    for (let i = 0; i < 30; i++) await signInApi(ctx.server, user.upn, 'Same-Typo-123');
    expect((await signInApi(ctx.server, user.upn, aPassword)).statusCode).toBe(200);
  });

  it('counts failures from concurrent requests (shared, durable state)', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    await Promise.all(Array.from({ length: 10 }, (_, i) => signInApi(ctx.server, user.upn, `Parallel-Wrong-${i}`)));
    expect((await signInApi(ctx.server, user.upn, aPassword)).statusCode).toBe(423);
  });

  it('issues a new session id at every sign-in and ends the previous one', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const first = cookiePair(await signInApi(ctx.server, user.upn, aPassword), 'sspr_session')!;
    const second = cookiePair(await signInApi(ctx.server, user.upn, aPassword, first), 'sspr_session')!;
    expect(second).not.toBe(first);
    expect((await ctx.server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: first } })).statusCode).toBe(
      401,
    );
    expect(
      (await ctx.server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: second } })).statusCode,
    ).toBe(200);
  });

  it('ends a session on sign-out, after 30 idle minutes, and after 12 hours in all', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const me = (cookie: string) => ctx.server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });

    const signedOut = cookiePair(await signInApi(ctx.server, user.upn, aPassword), 'sspr_session')!;
    expect(
      (await ctx.server.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie: signedOut } }))
        .statusCode,
    ).toBe(204);
    expect((await me(signedOut)).statusCode).toBe(401);

    const idle = cookiePair(await signInApi(ctx.server, user.upn, aPassword), 'sspr_session')!;
    ctx.world.clock.advance(29 * 60);
    expect((await me(idle)).statusCode).toBe(200);
    ctx.world.clock.advance(30 * 60 + 1);
    expect((await me(idle)).statusCode).toBe(401);

    const busy = cookiePair(await signInApi(ctx.server, user.upn, aPassword), 'sspr_session')!;
    for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
      ctx.world.clock.advance(20 * 60);
      expect((await me(busy)).statusCode, `at ${minutes + 20} min`).toBe(200);
    }
    ctx.world.clock.advance(21 * 60);
    expect((await me(busy)).statusCode).toBe(401);
  });

  it('rejects forged and cross-tenant session cookies', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const real = cookiePair(await signInApi(ctx.server, user.upn, aPassword), 'sspr_session')!;
    const otherTenant = await aTenant(ctx.world.app);
    const [, value] = real.split('=');
    const forged = [
      `sspr_session=${otherTenant.tenantId}.${value!.split('.')[1]}`,
      `sspr_session=${value}x`,
      'sspr_session=garbage',
    ];
    for (const cookie of forged)
      expect((await ctx.server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(401);
  });
});

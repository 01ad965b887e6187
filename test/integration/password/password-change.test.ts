import { describe, expect, it } from 'vitest';
import { aPassword, aUser } from '../../support/factories.js';
import { sessionCookie, signInApi } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';
import { sentMessages } from '../../support/outbox.js';

describe.each(testDialects())('self-service password change (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { tenantName: 'Fabrikam' });

  const change = (cookie: string, currentPassword: string, newPassword: string, headers: Record<string, string> = {}) =>
    ctx.server.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie, ...headers },
      payload: { currentPassword, newPassword },
    });

  it('changes the password, revokes the other sessions, audits and notifies every address', async () => {
    const user = await aUser(ctx.world.app, ctx.domain, { alternateEmail: 'adele@home.example' });
    const current = await sessionCookie(ctx.server, user.upn, aPassword);
    const other = await sessionCookie(ctx.server, user.upn, aPassword);
    const response = await change(current, aPassword, 'New-Secret-2026');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'changed', revokedSessions: 1 });
    expect((await ctx.server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: other } })).statusCode).toBe(
      401,
    );
    expect(
      (await ctx.server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: current } })).statusCode,
    ).toBe(200);
    expect((await signInApi(ctx.server, user.upn, aPassword)).statusCode).toBe(401);
    expect((await signInApi(ctx.server, user.upn, 'New-Secret-2026')).statusCode).toBe(200);

    const [event] = await ctx.world.app.store.audit.list(user.tenantId, { activity: 'Change password (self-service)' });
    expect(event).toMatchObject({
      result: 'success',
      category: 'UserManagement',
      service: 'Self-service Password Management',
      target: { name: user.upn },
    });
    expect(JSON.stringify(event)).not.toContain('New-Secret-2026');

    const mail = await sentMessages(ctx.world.app, { tenantId: user.tenantId });
    expect(mail.map((m) => m.recipient).sort()).toEqual(['adele@home.example', user.upn.toLowerCase()].sort());
    expect(mail[0]?.subject).toBe('Fabrikam account password changed');
    expect(mail.map((m) => m.bodyText).join()).not.toContain('New-Secret-2026');
  });

  it('lists every violated rule with a stable code and changes nothing', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const cookie = await sessionCookie(ctx.server, user.upn, aPassword);
    const response = await change(cookie, aPassword, 'wachtwoordé');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'PASSWORD_POLICY_VIOLATION',
      violations: [
        { code: 'PASSWORD_INVALID_CHARACTERS' },
        { code: 'PASSWORD_INSUFFICIENT_COMPLEXITY', requiredClasses: 3, foundClasses: 1 },
        { code: 'PASSWORD_BANNED', list: 'global' },
      ],
    });
    expect((await change(cookie, aPassword, aPassword)).json().violations).toEqual([
      { code: 'PASSWORD_SAME_AS_CURRENT' },
    ]);
    expect((await signInApi(ctx.server, user.upn, aPassword)).statusCode).toBe(200);
    const failures = await ctx.world.app.store.audit.list(user.tenantId, {
      activity: 'Change password (self-service)',
    });
    expect(
      failures
        .filter((e) => e.target?.id === user.userId)
        .map((e) => e.resultReason)
        .sort(),
    ).toEqual(['FuzzyPolicyViolationInvalidPassword', 'PasswordPolicyViolation']);
  });

  it('refuses a wrong current password and counts it towards smart lockout', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const cookie = await sessionCookie(ctx.server, user.upn, aPassword);
    const wrong = await change(cookie, 'Not-The-Password-1', 'New-Secret-2026');
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().code).toBe('INVALID_CURRENT_PASSWORD');
    for (let i = 0; i < 9; i++) await change(cookie, `Guess-Number-${i}`, 'New-Secret-2026');
    expect((await change(cookie, aPassword, 'New-Secret-2026')).json().code).toBe('ACCOUNT_LOCKED');
  });

  it('lets only one of two concurrent changes made with the same current password win', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const cookie = await sessionCookie(ctx.server, user.upn, aPassword);
    const results = await Promise.all(
      ['First-New-Pass-1', 'Second-New-Pass-2'].map((p) => change(cookie, aPassword, p)),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 403]);
  });

  it('requires a session', async () => {
    const response = await ctx.server.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      payload: { currentPassword: 'a', newPassword: 'b' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('UNAUTHENTICATED');
  });
});

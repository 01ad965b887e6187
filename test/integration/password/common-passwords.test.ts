import { describe, expect, it } from 'vitest';
import { aPassword, aUser } from '../../support/factories.js';
import { sessionCookie } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

// Checklist §11 row 18: the most common passwords are refused, on by default per tenant, with their own code.
describe.each(testDialects())('common passwords (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { tenantName: 'Fabrikam' });
  const admin = async () => {
    const user = await aUser(ctx.world.app, ctx.domain, { roles: ['Authentication Policy Administrator'] });
    return sessionCookie(ctx.server, user.upn, aPassword);
  };
  const settings = (cookie: string, method: 'GET' | 'PATCH', payload?: object) =>
    ctx.server.inject({
      method,
      url: '/api/v1/admin/password-protection',
      headers: { cookie },
      ...(payload && { payload }),
    });

  it('refuses Password123!, Welcome123! and Summer2024! by default with its own code; a tenant may switch it off', async () => {
    const adminCookie = await admin();
    expect((await settings(adminCookie, 'GET')).json()).toMatchObject({ commonPasswordCheck: true });
    const user = await aUser(ctx.world.app, ctx.domain);
    const cookie = await sessionCookie(ctx.server, user.upn, aPassword);
    const change = (newPassword: string, language = 'en') =>
      ctx.server.inject({
        method: 'POST',
        url: '/api/v1/me/password',
        headers: { cookie, 'accept-language': language },
        payload: { currentPassword: aPassword, newPassword },
      });
    for (const password of ['Password123!', 'Welcome123!', 'Summer2024!']) {
      const refused = await change(password);
      expect(refused.statusCode, password).toBe(400);
      expect(refused.json().violations, password).toEqual([{ code: 'PASSWORD_COMMON' }]);
    }
    const { tenantId } = await ctx.world.app.services.tenants.requireTenantByDomain(ctx.domain);
    const subject = { tenant: { tenantId, name: 'Fabrikam' }, user };
    expect((await ctx.world.app.services.passwordProtection.evaluate(subject, 'Tulip-Kettle-2026!')).accepted).toBe(
      true,
    );

    const off = await settings(adminCookie, 'PATCH', { commonPasswordCheck: false });
    expect(off.json()).toMatchObject({ commonPasswordCheck: false });
    const audit = await ctx.world.app.store.audit.list(tenantId, { activity: 'Update password protection policy' });
    expect(audit[0]?.details).toMatchObject({ commonPasswordCheck: false });
    // Entra's own algorithm alone: Summer2024! scores summer + 5 characters = 6 and passes.
    expect((await change('Summer2024!')).statusCode).toBe(200);
  });

  it('says why on the portal, in Dutch', async () => {
    const { violationMessage } = await import('../../../src/i18n/violations.js');
    expect(violationMessage('nl', { code: 'PASSWORD_COMMON' })).toContain('meest gebruikte wachtwoorden');
    expect(violationMessage('en', { code: 'PASSWORD_COMMON' })).toContain('most commonly used passwords');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPassword, aTenant, aUser } from '../../support/factories.js';
import { sessionCookie, signInApi } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { createTestWorld, useHttpWorld, type TestWorld } from '../../support/world.js';

describe.each(testDialects())('password protection through the admin API and password change (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { tenantName: 'Fabrikam' });
  const admin = async () => {
    const user = await aUser(ctx.world.app, ctx.domain, { roles: ['Authentication Policy Administrator'] });
    return sessionCookie(ctx.server, user.upn, aPassword);
  };
  const api = (cookie: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    ctx.server.inject({
      method,
      url: `/api/v1/admin/password-protection${url}`,
      headers: { cookie },
      ...(payload && { payload }),
    });

  it('refuses users without an admin role', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const cookie = await sessionCookie(ctx.server, user.upn, aPassword);
    const response = await api(cookie, 'GET', '');
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('FORBIDDEN');
    expect((await ctx.server.inject({ method: 'GET', url: '/api/v1/admin/password-protection' })).statusCode).toBe(401);
  });

  it('manages the custom list and enforces it on password change only when switched on', async () => {
    const cookie = await admin();
    // The custom list needs a licence that grants it (Entra ID P1/P2).
    const { tenantId } = await ctx.world.app.services.tenants.requireTenantByDomain(ctx.domain);
    await ctx.world.app.services.licensing.setSubscription(tenantId, 'AAD_PREMIUM_P1', 5, 'add');
    const added = await api(cookie, 'POST', '/banned-terms', { terms: ['Tulpen', 'TULPEN', 't0lpen', 'Rotterdam'] });
    expect(added.json()).toEqual({ terms: ['Tulpen', 't0lpen', 'Rotterdam'], total: 3 });
    expect((await api(cookie, 'POST', '/banned-terms', { terms: ['abc'] })).json().code).toBe('BANNED_TERM_INVALID');
    expect((await api(cookie, 'POST', '/banned-terms', { terms: ['x'.repeat(17)] })).json().code).toBe(
      'BANNED_TERM_INVALID',
    );

    const user = await aUser(ctx.world.app, ctx.domain);
    const userCookie = await sessionCookie(ctx.server, user.upn, aPassword);
    const change = (newPassword: string, currentPassword = aPassword) =>
      ctx.server.inject({
        method: 'POST',
        url: '/api/v1/me/password',
        headers: { cookie: userCookie },
        payload: { currentPassword, newPassword },
      });
    // Not enforced yet: Entra's "Enforce custom list" is off by default.
    const notEnforced = await change('Tu1pen-Rood9');
    expect(notEnforced.statusCode).toBe(200);

    expect((await api(cookie, 'PATCH', '', { enforceCustomList: true })).json()).toMatchObject({
      enforceCustomList: true,
    });
    const refused = await change('Tulpen99!', 'Tu1pen-Rood9');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().violations).toEqual([{ code: 'PASSWORD_BANNED', list: 'custom' }]);
    expect(JSON.stringify(refused.json())).not.toMatch(/tulpen/i);

    expect((await api(cookie, 'DELETE', '/banned-terms/TULPEN')).statusCode).toBe(204);
    expect((await api(cookie, 'DELETE', '/banned-terms/tulpen')).statusCode).toBe(404);
    expect((await api(cookie, 'GET', '/banned-terms')).json()).toEqual({ terms: ['Rotterdam', 't0lpen'], total: 2 });
    const audit = await ctx.world.app.store.audit.list(
      (await ctx.world.app.services.tenants.requireTenantByDomain(ctx.domain)).tenantId,
      { activity: 'Update password protection policy' },
    );
    expect(audit.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(audit)).not.toMatch(/rotterdam/i);
  });

  it('serialises concurrent edits of the custom list and refuses unprintable terms', async () => {
    const cookie = await admin();
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => api(cookie, 'POST', '/banned-terms', { terms: ['Gelijktijdig'] })),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    expect(
      (await api(cookie, 'GET', '/banned-terms')).json().terms.filter((t: string) => t === 'Gelijktijdig'),
    ).toHaveLength(1);
    // A NUL byte is refused before any route sees it (issue #13 item 7: VALIDATION_FAILED everywhere, still a 400).
    expect((await api(cookie, 'DELETE', '/banned-terms/%00abcd')).json()).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect((await api(cookie, 'POST', '/banned-terms', { terms: ['\ud800abcd'] })).json().code).toBe(
      'BANNED_TERM_INVALID',
    );
  });

  it('switches the tenant to the NIST profile and validates its limits', async () => {
    const cookie = await admin();
    expect((await api(cookie, 'PATCH', '', { nistMinLength: 7 })).json().code).toBe('SETTING_INVALID');
    expect((await api(cookie, 'PATCH', '', { nistMaxLength: 32 })).json().code).toBe('SETTING_INVALID');
    expect((await api(cookie, 'PATCH', '', { profile: 'fancy' })).json().code).toBe('VALIDATION_FAILED');
    expect((await api(cookie, 'PATCH', '', { profile: 'nist' })).json()).toMatchObject({
      profile: 'nist',
      nistMinLength: 15,
    });
    const user = await aUser(ctx.world.app, ctx.domain);
    const userCookie = await sessionCookie(ctx.server, user.upn, aPassword);
    const change = (newPassword: string) =>
      ctx.server.inject({
        method: 'POST',
        url: '/api/v1/me/password',
        headers: { cookie: userCookie },
        payload: { currentPassword: aPassword, newPassword },
      });
    expect((await change('Short-Pass-1!')).json().violations).toEqual([{ code: 'PASSWORD_TOO_SHORT', minLength: 15 }]);
    // Typed decomposed (NFD), signed in with composed (NFC): the same password.
    const decomposed = 'crème brûlée op het terras'.normalize('NFD');
    expect((await change(decomposed)).statusCode).toBe(200);
    expect((await signInApi(ctx.server, user.upn, decomposed.normalize('NFC'))).statusCode).toBe(200);
    await api(cookie, 'PATCH', '', { profile: 'entra' });
  });

  it("rejects the tenant name and the user's names", async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const cookie = await sessionCookie(ctx.server, user.upn, aPassword);
    for (const candidate of ['F@brikam-2026!', 'Adele-Kwast-77!', 'Xy-VANCE-2026']) {
      const response = await ctx.server.inject({
        method: 'POST',
        url: '/api/v1/me/password',
        headers: { cookie },
        payload: { currentPassword: aPassword, newPassword: candidate },
      });
      expect(response.json().violations, candidate).toContainEqual({ code: 'PASSWORD_CONTAINS_PERSONAL_INFO' });
    }
  });
});

describe('custom banned list without an Entra ID P1/P2 subscription', () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createTestWorld('sqlite');
  });
  afterAll(async () => world?.close());

  it('is kept but not enforced until the tenant subscribes', async () => {
    const { services } = world.app;
    const tenant = await aTenant(world.app);
    const user = await aUser(world.app, tenant.domains[0]!);
    const cli = { type: 'cli' as const, id: null, upn: null };
    await services.passwordProtection.addCustomTerms(tenant.tenantId, ['tulpen'], cli);
    await services.passwordProtection.updateSettings(tenant.tenantId, { enforceCustomList: true }, cli);
    const subject = { tenant, user };
    await services.licensing.setSubscription(tenant.tenantId, 'M365_BUSINESS_STANDARD', 5, 'add');
    expect((await services.passwordProtection.evaluate(subject, 'Tulpen99!')).accepted).toBe(true);
    await services.licensing.setSubscription(tenant.tenantId, 'AAD_PREMIUM_P2', 5, 'add');
    expect((await services.passwordProtection.evaluate(subject, 'Tulpen99!')).accepted).toBe(false);
  });
});

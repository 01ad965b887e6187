import { describe, expect, it } from 'vitest';
import { signedInAs } from '../../support/admin-http.js';
import { aTenant, aUser } from '../../support/factories.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

describe.each(testDialects())('admin API: policy, licences, users (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);
  const signedIn = (roles: string[], domain = ctx.domain) => signedInAs(ctx, roles, domain);
  const call = (cookie: string, method: 'GET' | 'PATCH' | 'PUT' | 'POST', url: string, payload?: object) =>
    ctx.server.inject({ method, url: `/api/v1/admin${url}`, headers: { cookie }, ...(payload && { payload }) });

  it('gives each role only what Entra gives it', async () => {
    const helpdesk = await signedIn(['Helpdesk Administrator']);
    const policyAdmin = await signedIn(['Authentication Policy Administrator']);
    const licenseAdmin = await signedIn(['License Administrator']);
    const reader = await signedIn(['Global Reader']);

    expect((await call(helpdesk.cookie, 'GET', '/sspr-policy')).statusCode).toBe(403);
    expect((await call(reader.cookie, 'GET', '/sspr-policy')).json()).toMatchObject({ enabled: 'all' });
    expect((await call(reader.cookie, 'PATCH', '/sspr-policy', { methodsRequired: 2 })).statusCode).toBe(403);
    const patched = await call(policyAdmin.cookie, 'PATCH', '/sspr-policy', {
      methodsRequired: 2,
      helpdeskUrl: 'https://help.contoso.example',
    });
    expect(patched.json()).toMatchObject({
      methodsRequired: 2,
      helpdesk: { kind: 'url', url: 'https://help.contoso.example' },
    });
    expect((await call(policyAdmin.cookie, 'PATCH', '/sspr-policy', { reconfirmDays: 999 })).json()).toMatchObject({
      code: 'POLICY_INVALID',
    });

    expect((await call(policyAdmin.cookie, 'PUT', '/licenses/AAD_PREMIUM_P1', { seats: 5 })).statusCode).toBe(403);
    expect((await call(licenseAdmin.cookie, 'PUT', '/licenses/AAD_PREMIUM_P1', { seats: 5 })).json()).toEqual({
      sku: 'AAD_PREMIUM_P1',
      seats: 5,
    });
    const assigned = await call(licenseAdmin.cookie, 'POST', '/licenses/AAD_PREMIUM_P1/assignments', {
      upn: helpdesk.user.upn,
      usageLocation: 'NL',
    });
    expect(assigned.json()).toMatchObject({ state: 'active' });
    const shown = await call(helpdesk.cookie, 'GET', `/users/${encodeURIComponent(helpdesk.user.upn)}`);
    expect(shown.json()).toMatchObject({
      upn: helpdesk.user.upn,
      licenses: [{ sku: 'AAD_PREMIUM_P1', state: 'active', assignedVia: 'direct' }],
    });
    expect(shown.json()).not.toHaveProperty('passwordHash');
    expect((await call(reader.cookie, 'GET', '/licenses')).json().subscriptions).toEqual([
      { sku: 'AAD_PREMIUM_P1', seats: 5, used: 1, free: 4, errors: [] },
    ]);

    const remove = (url: string) =>
      ctx.server.inject({ method: 'DELETE', url: `/api/v1/admin${url}`, headers: { cookie: licenseAdmin.cookie } });
    expect((await remove(`/licenses/AAD_PREMIUM_P1/users/${encodeURIComponent(helpdesk.user.upn)}`)).json()).toEqual({
      sku: 'AAD_PREMIUM_P1',
      removed: true,
    });
    expect((await remove(`/licenses/AAD_PREMIUM_P1/users/${encodeURIComponent(helpdesk.user.upn)}`)).json().code).toBe(
      'ASSIGNMENT_NOT_FOUND',
    );
    expect((await remove('/licenses/AAD_PREMIUM_P1/groups/Nobody')).json().code).toBe('GROUP_NOT_FOUND');
    expect((await remove('/licenses/AAD_PREMIUM_P1')).json()).toEqual({ sku: 'AAD_PREMIUM_P1', removed: true });
    expect((await remove('/licenses/AAD_PREMIUM_P1')).statusCode).toBe(404);
  });

  it('treats anything of another tenant as not found', async () => {
    const admin = await signedIn(['Global Administrator']);
    const other = await aTenant(ctx.world.app);
    const stranger = await aUser(ctx.world.app, other.domains[0]!);
    expect((await call(admin.cookie, 'GET', `/users/${encodeURIComponent(stranger.upn)}`)).statusCode).toBe(404);
    await call(admin.cookie, 'PUT', '/licenses/AAD_PREMIUM_P2', { seats: 1 });
    expect(
      (
        await call(admin.cookie, 'POST', '/licenses/AAD_PREMIUM_P2/assignments', {
          upn: stranger.upn,
          usageLocation: 'NL',
        })
      ).statusCode,
    ).toBe(404);
    expect(await ctx.world.app.services.licensing.overview(other.tenantId)).toEqual([]);
  });

  it('refuses a group name holding a NUL as VALIDATION_FAILED, never a 500 (PostgreSQL refuses the parameter; issue #13 item 7)', async () => {
    const tenant = await aTenant(ctx.world.app);
    const admin = await signedIn(['Global Administrator'], tenant.domains[0]);
    const nul = 'a\u0000b';
    await call(admin.cookie, 'PUT', '/licenses/AAD_PREMIUM_P1', { seats: 5 });
    expect((await call(admin.cookie, 'POST', '/licenses/AAD_PREMIUM_P1/assignments', { group: nul })).json().code).toBe(
      'VALIDATION_FAILED',
    );
    const remove = await ctx.server.inject({
      method: 'DELETE',
      url: `/api/v1/admin/licenses/AAD_PREMIUM_P1/groups/${encodeURIComponent(nul)}`,
      headers: { cookie: admin.cookie },
    });
    expect(remove.json().code).toBe('VALIDATION_FAILED');
    expect(
      (await call(admin.cookie, 'PATCH', '/sspr-policy', { enabled: 'selected', selectedGroup: nul })).json().code,
    ).toBe('VALIDATION_FAILED');
  });
});

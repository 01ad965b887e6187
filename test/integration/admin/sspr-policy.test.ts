import { describe, expect, it } from 'vitest';
import { signedInAs } from '../../support/admin-http.js';
import { aTenant, aUser } from '../../support/factories.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

describe.each(testDialects())('SSPR policy (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);
  const cli = { type: 'cli' as const, id: null, upn: null };

  it('starts from the recommended defaults, validates changes as a whole, and audits old and new values', async () => {
    const { services, store } = ctx.world.app;
    const tenant = await aTenant(ctx.world.app);
    expect(await services.ssprPolicy.describe(tenant.tenantId)).toMatchObject({
      enabled: 'all',
      methodsRequired: 1,
      reconfirmDays: 180,
      selectedGroup: null,
    });

    await expect(
      services.ssprPolicy.update(tenant.tenantId, { methods: ['email'], methodsRequired: 2 }, cli),
    ).rejects.toMatchObject({ code: 'POLICY_INVALID' });
    await expect(
      services.ssprPolicy.update(tenant.tenantId, { enabled: 'selected', selectedGroup: 'Nobody' }, cli),
    ).rejects.toMatchObject({ code: 'GROUP_NOT_FOUND' });

    await services.groups.createGroup(tenant.tenantId, 'SSPR pilot');
    await services.ssprPolicy.update(
      tenant.tenantId,
      { enabled: 'selected', selectedGroup: 'SSPR pilot', methodsRequired: 2, reconfirmDays: 90 },
      cli,
    );
    expect(await services.ssprPolicy.describe(tenant.tenantId)).toMatchObject({
      enabled: 'selected',
      selectedGroup: 'SSPR pilot',
      methodsRequired: 2,
      reconfirmDays: 90,
    });

    const [event] = await store.audit.list(tenant.tenantId, { activity: 'Self-service password reset policy changes' });
    expect(event?.details).toMatchObject({
      enabled: '"all" -> "selected"',
      methodsRequired: '1 -> 2',
      reconfirmDays: '180 -> 90',
    });
    // A rejected change wrote nothing, and a no-op writes no audit event.
    await services.ssprPolicy.update(tenant.tenantId, { reconfirmDays: 90 }, cli);
    expect(
      await store.audit.list(tenant.tenantId, { activity: 'Self-service password reset policy changes' }),
    ).toHaveLength(1);
  });

  it('has the MFA-aware switch on by default; an administrator turns it off through the API and the change is audited', async () => {
    const tenant = await aTenant(ctx.world.app);
    const admin = await signedInAs(ctx, ['Authentication Policy Administrator'], tenant.domains[0]);
    const call = (method: 'GET' | 'PATCH', payload?: object) =>
      ctx.server.inject({
        method,
        url: '/api/v1/admin/sspr-policy',
        headers: { cookie: admin.cookie },
        ...(payload && { payload }),
      });

    expect((await call('GET')).json()).toMatchObject({ requireStrongMethod: true });
    expect((await call('PATCH', { requireStrongMethod: 'sometimes' })).statusCode).toBe(400);
    expect((await call('PATCH', { requireStrongMethod: false })).json()).toMatchObject({ requireStrongMethod: false });
    expect((await call('GET')).json()).toMatchObject({ requireStrongMethod: false });
    const [event] = await ctx.world.app.store.audit.list(tenant.tenantId, {
      activity: 'Self-service password reset policy changes',
    });
    expect(event?.details).toMatchObject({ requireStrongMethod: 'true -> false' });
  });

  it('scopes reset eligibility to the selected group, nested members included', async () => {
    const { services } = ctx.world.app;
    const tenant = await aTenant(ctx.world.app);
    const [inner, outsider] = [
      await aUser(ctx.world.app, tenant.domains[0]!),
      await aUser(ctx.world.app, tenant.domains[0]!),
    ];
    await services.licensing.setSubscription(tenant.tenantId, 'AAD_PREMIUM_P1', 5, 'add');
    for (const u of [inner, outsider]) {
      const { user } = await services.users.findUserWithTenant(u.upn);
      await services.licensing.assignToUser(user, 'AAD_PREMIUM_P1', 'NL');
    }
    await services.groups.createGroup(tenant.tenantId, 'SSPR users');
    await services.groups.createGroup(tenant.tenantId, 'Finance');
    await services.groups.addMember(tenant.tenantId, 'SSPR users', { group: 'Finance' });
    await services.groups.addMember(tenant.tenantId, 'Finance', { upn: inner.upn });
    await services.ssprPolicy.update(tenant.tenantId, { enabled: 'selected', selectedGroup: 'SSPR users' }, cli);
    const resetOf = async (upn: string) =>
      (await services.licensing.licensingOf((await services.users.findUserWithTenant(upn)).user)).eligibility
        .canResetPassword;
    expect(await resetOf(inner.upn)).toEqual({ allowed: true });
    expect(await resetOf(outsider.upn)).toEqual({ allowed: false, reason: 'SSPR_0013' });
    await services.ssprPolicy.update(tenant.tenantId, { enabled: 'none' }, cli);
    expect(await resetOf(inner.upn)).toEqual({ allowed: false, reason: 'SSPR_0009' });
  });
});

import { describe, expect, it } from 'vitest';
import { aTenant, aUser } from '../../support/factories.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

describe.each(testDialects())('licensing (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);
  const services = () => ctx.world.app.services;
  const statesOf = async (upn: string) => {
    const { user } = await services().users.findUserWithTenant(upn);
    return services().licensing.licensingOf(user);
  };

  it("licenses a group's direct members only, recomputing seats as membership changes", async () => {
    const tenant = await aTenant(ctx.world.app, { country: 'NL' });
    const domain = tenant.domains[0]!;
    const [anna, bert, carl] = [
      await aUser(ctx.world.app, domain),
      await aUser(ctx.world.app, domain),
      await aUser(ctx.world.app, domain),
    ];
    await services().groups.createGroup(tenant.tenantId, 'Staff');
    await services().groups.createGroup(tenant.tenantId, 'Contractors');
    await services().groups.addMember(tenant.tenantId, 'Staff', { upn: anna.upn });
    await services().groups.addMember(tenant.tenantId, 'Staff', { group: 'Contractors' });
    await services().groups.addMember(tenant.tenantId, 'Contractors', { upn: carl.upn });
    // A direct member, user or group, cannot be added twice.
    await expect(services().groups.addMember(tenant.tenantId, 'Staff', { upn: anna.upn })).rejects.toMatchObject({
      code: 'MEMBER_EXISTS',
    });
    await expect(services().groups.addMember(tenant.tenantId, 'Staff', { group: 'Contractors' })).rejects.toMatchObject(
      { code: 'MEMBER_EXISTS' },
    );
    await services().licensing.setSubscription(tenant.tenantId, 'AAD_PREMIUM_P1', 1, 'add');
    const assigned = await services().licensing.assignToGroup(tenant.tenantId, 'Staff', 'AAD_PREMIUM_P1');
    expect(assigned).toMatchObject({ members: 1, errors: 0 });

    // Anna inherits the tenant's country as usage location; Carl (nested) gets nothing.
    expect((await statesOf(anna.upn)).licenses).toEqual([
      { sku: 'AAD_PREMIUM_P1', state: 'active', assignedVia: 'Staff' },
    ]);
    expect((await statesOf(carl.upn)).licenses).toEqual([]);
    expect((await statesOf(anna.upn)).eligibility.canResetPassword).toEqual({ allowed: true });
    expect((await statesOf(carl.upn)).eligibility.canResetPassword).toEqual({ allowed: false, reason: 'SSPR_0012' });

    // A second member finds no seat; more seats fix it.
    await services().groups.addMember(tenant.tenantId, 'Staff', { upn: bert.upn });
    expect((await statesOf(bert.upn)).licenses[0]?.state).toBe('CountViolation');
    await services().licensing.setSubscription(tenant.tenantId, 'AAD_PREMIUM_P1', 2, 'update');
    expect((await statesOf(bert.upn)).licenses[0]?.state).toBe('active');
    expect(await services().licensing.overview(tenant.tenantId)).toEqual([
      { sku: 'AAD_PREMIUM_P1', seats: 2, used: 2, free: 0, errors: [] },
    ]);

    await services().licensing.assignToGroup(tenant.tenantId, 'Staff', 'AAD_PREMIUM_P1', true);
    expect((await statesOf(anna.upn)).licenses).toEqual([]);
  });

  it('needs a usage location for a direct assignment and keeps tenants apart', async () => {
    const a = await aTenant(ctx.world.app);
    const b = await aTenant(ctx.world.app);
    const user = await aUser(ctx.world.app, a.domains[0]!);
    const other = await aUser(ctx.world.app, b.domains[0]!);
    await services().licensing.setSubscription(a.tenantId, 'M365_BUSINESS_PREMIUM', 3, 'add');
    const { user: stored } = await services().users.findUserWithTenant(user.upn);
    await expect(services().licensing.assignToUser(stored, 'M365_BUSINESS_PREMIUM')).rejects.toThrow(/usage location/);
    expect(await services().licensing.assignToUser(stored, 'M365_BUSINESS_PREMIUM', 'nl')).toMatchObject({
      state: 'active',
    });
    expect((await services().users.showUser(user.upn)).usageLocation).toBe('NL');
    const { user: located } = await services().users.findUserWithTenant(user.upn);
    await expect(services().licensing.assignToUser(located, 'M365_BUSINESS_PREMIUM')).rejects.toThrow(
      /already assigned/,
    );
    await expect(services().licensing.assignToUser(stored, 'FREE')).rejects.toMatchObject({
      code: 'SKU_NOT_ASSIGNABLE',
    });
    // Tenant B has no subscription: the same SKU assigned there is a CountViolation, and A is untouched.
    const { user: otherStored } = await services().users.findUserWithTenant(other.upn);
    expect(await services().licensing.assignToUser(otherStored, 'M365_BUSINESS_PREMIUM', 'BE')).toMatchObject({
      state: 'CountViolation',
    });
    expect((await statesOf(user.upn)).licenses[0]?.state).toBe('active');
    expect((await statesOf(user.upn)).entitlements).toContain('onPremWriteback');
    const audit = await ctx.world.app.store.audit.list(a.tenantId, { activity: 'Change user license' });
    expect(audit).toHaveLength(1);
  });
});

/**
 * `users.findForSignIn`, sign-in's one statement before the verify (issue #18 item 1): the same answer as
 * `tenants.findByDomain`, then `users.findByUpn`, then `lockouts.get`, on every dialect; the tenant alone for a name
 * it does not have, so a refusal is logged under it without reading it again.
 */
import { expect, it } from 'vitest';
import type { LockoutState } from '../../src/core/lockout/smart-lockout.js';
import { aStoredTenant, aUserRecord, describeStore } from '../support/store-suite.js';

const now = '2026-03-01T09:00:00.000Z';

const locked: LockoutState = {
  failedCount: 10,
  lockoutCount: 1,
  lockedUntil: '2026-03-01T09:01:00.000Z',
  recentBadAttempts: ['a', 'b'],
  directoryFailures: ['2026-03-01T09:00:00.000Z'],
};

describeStore('sign-in lookup', (store) => {
  it('finds the user with every role, as findByUpn does, and no lockout state when there is no row', async () => {
    const tenant = await aStoredTenant(store);
    const domain = tenant.domains[0]!;
    const user = aUserRecord(tenant.tenantId, `Adele.Vance@${domain}`, {
      roles: ['User Administrator', 'Helpdesk Administrator', 'Global Reader'],
    });
    await store.users.create(user, now);

    const found = await store.users.findForSignIn(domain, `adele.vance@${domain}`);
    expect(found).toEqual({ tenantId: tenant.tenantId, user: await store.users.findByUpn(tenant.tenantId, user.upn) });
    expect(found).not.toHaveProperty('lockout');
    expect(found?.user?.roles).toEqual(['Global Reader', 'Helpdesk Administrator', 'User Administrator']);
    // The domain and the UPN compare case-insensitively, as findByDomain and findByUpn do.
    expect(await store.users.findForSignIn(domain.toUpperCase(), user.upn.toUpperCase())).toEqual(found);
  });

  it("returns the user's own lockout row, as lockouts.get reads it, with roles or without", async () => {
    const tenant = await aStoredTenant(store);
    const domain = tenant.domains[0]!;
    const withRoles = aUserRecord(tenant.tenantId, `a@${domain}`, { roles: ['Global Reader', 'User Administrator'] });
    const without = aUserRecord(tenant.tenantId, `b@${domain}`);
    const neighbour = aUserRecord(tenant.tenantId, `c@${domain}`);
    for (const user of [withRoles, without, neighbour]) await store.users.create(user, now);
    await store.lockouts.put(tenant.tenantId, withRoles.userId, locked, now);
    await store.lockouts.put(tenant.tenantId, without.userId, { ...locked, failedCount: 3, lockedUntil: null }, now);

    for (const user of [withRoles, without]) {
      const found = await store.users.findForSignIn(domain, user.upn);
      expect(found).toEqual({
        tenantId: tenant.tenantId,
        user: await store.users.findByUpn(tenant.tenantId, user.upn),
        lockout: await store.lockouts.get(tenant.tenantId, user.userId),
      });
      expect(found?.lockout).toBeDefined();
    }
    expect((await store.users.findForSignIn(domain, withRoles.upn))?.lockout).toEqual(locked);
    // Another user's row is not theirs.
    expect((await store.users.findForSignIn(domain, neighbour.upn))?.lockout).toBeUndefined();
  });

  it('finds nothing at a domain no tenant holds, and only the tenant for a name it does not have', async () => {
    const tenant = await aStoredTenant(store);
    const domain = tenant.domains[0]!;
    const user = aUserRecord(tenant.tenantId, `d@${domain}`, { roles: ['Global Reader'] });
    await store.users.create(user, now);
    await store.lockouts.put(tenant.tenantId, user.userId, locked, now);
    expect(await store.users.findForSignIn('unknown-tenant.example', `d@unknown-tenant.example`)).toBeUndefined();
    // The tenant's own user and lockout row do not leak into the answer for another name.
    expect(await store.users.findForSignIn(domain, `nobody@${domain}`)).toStrictEqual({ tenantId: tenant.tenantId });
    expect(await store.users.findForSignIn(domain.toUpperCase(), `NOBODY@${domain}`)).toStrictEqual({
      tenantId: tenant.tenantId,
    });
  });

  it('looks only in the tenant that holds the domain', async () => {
    const a = await aStoredTenant(store);
    const b = await aStoredTenant(store);
    const user = aUserRecord(a.tenantId, `x@${a.domains[0]}`);
    await store.users.create(user, now);
    await store.lockouts.put(a.tenantId, user.userId, locked, now);
    // A's user typed at B's domain: B's tenant, nobody in it.
    expect(await store.users.findForSignIn(b.domains[0]!, user.upn)).toStrictEqual({ tenantId: b.tenantId });
    // A name at A's domain stored in B (nothing stores one, but the store allows it) is not A's user.
    const stray = aUserRecord(b.tenantId, `y@${a.domains[0]}`);
    await store.users.create(stray, now);
    expect(await store.users.findForSignIn(a.domains[0]!, stray.upn)).toStrictEqual({ tenantId: a.tenantId });
    expect(await store.users.findForSignIn(a.domains[0]!, user.upn)).toMatchObject({
      tenantId: a.tenantId,
      user: { userId: user.userId },
      lockout: locked,
    });
  });
});

/**
 * The Store port's contract for administration: user update/delete/search and roles, group
 * removal, and API tokens — run against every dialect, each with its own fresh database.
 */
import { expect, it } from 'vitest';
import type { ApiToken, User } from '../../src/core/model.js';
import { aStoredTenant, aUserRecord, describeStore } from '../support/store-suite.js';

const uuid = () => crypto.randomUUID();
const now = '2026-03-01T09:00:00.000Z';

const aTenant = aStoredTenant;

const aUser = (tenantId: string, upn: string, overrides: Partial<User> = {}) =>
  aUserRecord(tenantId, upn, { mobilePhone: '+31612345678', ...overrides });

const aToken = (tenantId: string, overrides: Partial<ApiToken> = {}): ApiToken => ({
  tenantId,
  tokenId: uuid(),
  name: 'nightly sync',
  roles: ['UserAdministrator', 'GlobalReader'],
  tokenHash: `hash-${uuid()}`,
  createdAt: now,
  createdBy: null,
  expiresAt: '2026-06-01T09:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
  ...overrides,
});

describeStore('store contract: administration', (store) => {
  it('updates only the given fields, null clearing an optional one', async () => {
    const tenant = await aTenant(store);
    const user = aUser(tenant.tenantId, `u@${tenant.domains[0]}`);
    await store.users.create(user, now);
    await store.users.update(tenant.tenantId, user.userId, {
      displayName: 'Adele V.',
      mobilePhone: null,
      usageLocation: 'BE',
      accountEnabled: false,
      alternateEmail: 'a@home.example',
    });
    await store.users.update(tenant.tenantId, user.userId, {});
    expect(await store.users.findById(tenant.tenantId, user.userId)).toEqual({
      ...user,
      displayName: 'Adele V.',
      mobilePhone: null,
      usageLocation: 'BE',
      accountEnabled: false,
      alternateEmail: 'a@home.example',
    });
  });

  it('pages and searches users by UPN or display-name prefix, escaping LIKE wildcards', async () => {
    const tenant = await aTenant(store);
    const other = await aTenant(store);
    const make = (local: string, displayName: string, roles: string[] = []) =>
      aUser(tenant.tenantId, `${local}@${tenant.domains[0]}`, { displayName, roles });
    const users = [
      make('adele', 'Adele Vance', ['HelpdeskAdministrator']),
      make('alex', 'Alex Wilber'),
      make('megan', 'Megan Bowen', ['GlobalReader', 'UserAdministrator']),
      make('a_b', 'Percent% Person'),
    ];
    for (const u of users) await store.users.create(u, now);
    await store.users.create(aUser(other.tenantId, `adam@${other.domains[0]}`), now);
    const upns = (list: User[]) => list.map((u) => u.upn.split('@')[0]);
    expect(upns(await store.users.search(tenant.tenantId, { limit: 10, offset: 0 }))).toEqual([
      'a_b',
      'adele',
      'alex',
      'megan',
    ]);
    expect(upns(await store.users.search(tenant.tenantId, { limit: 2, offset: 1 }))).toEqual(['adele', 'alex']);
    expect(upns(await store.users.search(tenant.tenantId, { prefix: 'AL', limit: 10, offset: 0 }))).toEqual(['alex']);
    expect(upns(await store.users.search(tenant.tenantId, { prefix: 'megan b', limit: 10, offset: 0 }))).toEqual([
      'megan',
    ]);
    expect(upns(await store.users.search(tenant.tenantId, { prefix: 'a_', limit: 10, offset: 0 }))).toEqual(['a_b']);
    expect(upns(await store.users.search(tenant.tenantId, { prefix: 'percent%', limit: 10, offset: 0 }))).toEqual([
      'a_b',
    ]);
    expect(upns(await store.users.search(tenant.tenantId, { prefix: '%', limit: 10, offset: 0 }))).toEqual([]);
    const megan = (await store.users.search(tenant.tenantId, { prefix: 'megan', limit: 10, offset: 0 }))[0];
    expect(megan).toEqual(await store.users.findById(tenant.tenantId, users[2]!.userId));
    expect(megan?.roles).toEqual(['GlobalReader', 'UserAdministrator']);
  });

  it('adds and removes roles and lists the enabled holders', async () => {
    const tenant = await aTenant(store);
    const [a, b] = [
      aUser(tenant.tenantId, `ra@${tenant.domains[0]}`),
      aUser(tenant.tenantId, `rb@${tenant.domains[0]}`),
    ];
    for (const u of [a, b]) await store.users.create(u, now);
    expect(await store.users.addRole(tenant.tenantId, a.userId, 'GlobalAdministrator')).toBe(true);
    expect(await store.users.addRole(tenant.tenantId, a.userId, 'GlobalAdministrator')).toBe(false);
    expect(await store.users.addRole(tenant.tenantId, b.userId, 'GlobalAdministrator')).toBe(true);
    expect(await store.users.listEnabledRoleHolders(tenant.tenantId, 'GlobalAdministrator')).toEqual(
      [a.userId, b.userId].sort(),
    );
    await store.users.update(tenant.tenantId, b.userId, { accountEnabled: false });
    expect(await store.users.listEnabledRoleHolders(tenant.tenantId, 'GlobalAdministrator')).toEqual([a.userId]);
    expect(await store.users.removeRole(tenant.tenantId, a.userId, 'GlobalAdministrator')).toBe(1);
    expect(await store.users.removeRole(tenant.tenantId, a.userId, 'GlobalAdministrator')).toBe(0);
    expect((await store.users.findById(tenant.tenantId, a.userId))?.roles).toEqual([]);
  });

  it('deletes a user with everything that hangs off it, in its tenant only', async () => {
    const tenant = await aTenant(store);
    const user = aUser(tenant.tenantId, `d@${tenant.domains[0]}`, { roles: ['HelpdeskAdministrator'] });
    await store.users.create(user, now);
    const group = { tenantId: tenant.tenantId, groupId: uuid(), name: 'Staff', createdAt: now };
    await store.groups.create(group);
    await store.groups.addMember(tenant.tenantId, group.groupId, { type: 'user', id: user.userId });
    await store.sessions.create({
      tenantId: tenant.tenantId,
      sessionHash: `s-${uuid()}`,
      userId: user.userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: '2026-03-02T00:00:00.000Z',
    });
    await store.lockouts.put(
      tenant.tenantId,
      user.userId,
      { failedCount: 1, lockoutCount: 0, lockedUntil: null, recentBadAttempts: [] },
      now,
    );
    await store.licensing.addDirectAssignment(tenant.tenantId, user.userId, 'AAD_PREMIUM_P1', now);
    const other = await aTenant(store);
    expect(await store.users.delete(other.tenantId, user.userId)).toBe(0);
    expect(await store.users.delete(tenant.tenantId, user.userId)).toBe(1);
    expect(await store.users.findById(tenant.tenantId, user.userId)).toBeUndefined();
    expect(await store.groups.listMembers(tenant.tenantId, group.groupId)).toEqual([]);
    expect(await store.lockouts.get(tenant.tenantId, user.userId)).toBeUndefined();
    expect(await store.licensing.listAssignments(tenant.tenantId)).toEqual([]);
    expect(await store.users.delete(tenant.tenantId, user.userId)).toBe(0);
  });

  it('lists groups, removes members and deletes a group with its memberships elsewhere', async () => {
    const tenant = await aTenant(store);
    const user = aUser(tenant.tenantId, `g@${tenant.domains[0]}`);
    await store.users.create(user, now);
    const group = (name: string) => ({ tenantId: tenant.tenantId, groupId: uuid(), name, createdAt: now });
    const [staff, everyone] = [group('Staff'), group('Everyone')];
    for (const g of [staff, everyone]) await store.groups.create(g);
    await store.groups.addMember(tenant.tenantId, staff.groupId, { type: 'user', id: user.userId });
    await store.groups.addMember(tenant.tenantId, everyone.groupId, { type: 'group', id: staff.groupId });
    await store.licensing.addGroupAssignment(tenant.tenantId, staff.groupId, 'AAD_PREMIUM_P1', now);
    expect((await store.groups.list(tenant.tenantId)).map((g) => g.name)).toEqual(['Everyone', 'Staff']);
    expect(await store.groups.list((await aTenant(store)).tenantId)).toEqual([]);
    expect(await store.groups.removeMember(tenant.tenantId, staff.groupId, { type: 'group', id: user.userId })).toBe(0);
    expect(await store.groups.removeMember(tenant.tenantId, staff.groupId, { type: 'user', id: user.userId })).toBe(1);
    await store.groups.addMember(tenant.tenantId, staff.groupId, { type: 'user', id: user.userId });
    expect(await store.groups.delete(tenant.tenantId, staff.groupId)).toBe(1);
    expect(await store.groups.findById(tenant.tenantId, staff.groupId)).toBeUndefined();
    expect(await store.groups.listMembers(tenant.tenantId, everyone.groupId)).toEqual([]);
    expect(await store.groups.listMembers(tenant.tenantId, staff.groupId)).toEqual([]);
    expect(await store.licensing.listAssignments(tenant.tenantId)).toEqual([]);
    expect(await store.users.findById(tenant.tenantId, user.userId)).toBeDefined();
  });

  it('stores API tokens, finds one by id alone, lists newest first, revokes once and touches', async () => {
    const tenant = await aTenant(store);
    const older = aToken(tenant.tenantId);
    const newer = aToken(tenant.tenantId, {
      createdAt: '2026-03-01T10:00:00.000Z',
      roles: ['GlobalAdministrator'],
      createdBy: uuid(),
    });
    for (const t of [older, newer]) await store.apiTokens.create(t);
    const other = await aTenant(store);
    await store.apiTokens.create(aToken(other.tenantId));
    expect(await store.apiTokens.findById(older.tokenId)).toEqual(older);
    expect(await store.apiTokens.findById(uuid())).toBeUndefined();
    expect(await store.apiTokens.list(tenant.tenantId)).toEqual([newer, older]);
    expect(await store.apiTokens.revoke(other.tenantId, older.tokenId, now)).toBe(false);
    expect(await store.apiTokens.revoke(tenant.tenantId, older.tokenId, '2026-03-01T11:00:00.000Z')).toBe(true);
    expect(await store.apiTokens.revoke(tenant.tenantId, older.tokenId, '2026-03-01T12:00:00.000Z')).toBe(false);
    await store.apiTokens.touch(tenant.tenantId, newer.tokenId, '2026-03-01T10:30:00.000Z');
    expect(await store.apiTokens.list(tenant.tenantId)).toEqual([
      { ...newer, lastUsedAt: '2026-03-01T10:30:00.000Z' },
      { ...older, revokedAt: '2026-03-01T11:00:00.000Z' },
    ]);
    // A token id is unique across tenants.
    await expect(store.apiTokens.create(aToken(other.tenantId, { tokenId: older.tokenId }))).rejects.toThrow();
  });
});

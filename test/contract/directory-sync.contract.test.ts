/**
 * The Store port's contract for directory sync (issue 7): the per-connection state with its lease taken by
 * compare-and-set, and the on-premises links of users and groups — per tenant, on every dialect.
 */
import { expect, it } from 'vitest';
import { emptyCounts } from '../../src/core/directory/sync-model.js';
import type { NewUser } from '../../src/core/model.js';
import { aStoredTenant, describeStore } from '../support/store-suite.js';

const uuid = () => crypto.randomUUID();
const now = '2026-03-01T09:00:00.000Z';
const later = '2026-03-01T10:00:00.000Z';

const aTenant = aStoredTenant;

const aSyncedUser = (tenantId: string, upn: string): NewUser => ({
  tenantId,
  userId: uuid(),
  upn,
  displayName: 'Adele Vance',
  givenName: 'Adele',
  surname: 'Vance',
  usageLocation: null,
  accountEnabled: true,
  source: 'synced',
  onPremAnchor: uuid(),
  passwordHash: null,
  passwordLastSetAt: null,
  mobilePhone: '+31612345678',
  officePhone: null,
  alternateEmail: null,
  roles: [],
});

describeStore('store contract: directory sync', (store) => {
  it('takes the lease once (compare-and-set), refuses a second holder until it is freed or expires, and keeps the outcome', async () => {
    const { tenantId } = await aTenant(store);
    const connectionId = uuid();
    expect(await store.directorySync.getState(tenantId, connectionId)).toBeUndefined();
    const claims = await Promise.all([
      store.directorySync.claim(tenantId, connectionId, 'a', now, later),
      store.directorySync.claim(tenantId, connectionId, 'b', now, later),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    const holder = claims[0] ? 'a' : 'b';
    expect(
      await store.directorySync.finish(tenantId, connectionId, holder === 'a' ? 'b' : 'a', {
        at: now,
        full: true,
        success: true,
        watermark: 'x',
        counts: null,
      }),
    ).toBe(false);
    const counts = { ...emptyCounts(true), created: 3 };
    expect(
      await store.directorySync.finish(tenantId, connectionId, holder, {
        at: now,
        full: true,
        success: true,
        watermark: '20260301090000Z',
        counts,
      }),
    ).toBe(true);
    expect(await store.directorySync.getState(tenantId, connectionId)).toEqual({
      tenantId,
      connectionId,
      watermark: '20260301090000Z',
      lastRunAt: now,
      lastFullRunAt: now,
      lastOutcome: 'success',
      lastCounts: counts,
      lastFailure: null,
      lockOwner: null,
      lockedUntil: null,
    });
    // A failed run keeps the watermark; an expired lease is taken over.
    expect(await store.directorySync.claim(tenantId, connectionId, 'c', now, later)).toBe(true);
    expect(await store.directorySync.claim(tenantId, connectionId, 'd', '2026-03-01T09:30:00.000Z', later)).toBe(false);
    expect(await store.directorySync.claim(tenantId, connectionId, 'd', later, '2026-03-01T11:00:00.000Z')).toBe(true);
    expect(
      await store.directorySync.finish(tenantId, connectionId, 'd', {
        at: later,
        full: false,
        success: false,
        watermark: null,
        counts: null,
      }),
    ).toBe(true);
    expect(await store.directorySync.getState(tenantId, connectionId)).toMatchObject({
      watermark: '20260301090000Z',
      lastRunAt: later,
      lastFullRunAt: now,
      lastOutcome: 'failure',
      lastCounts: counts,
    });
  });

  it('keeps why the last run failed, with its counts, and clears the failure at the next success', async () => {
    const { tenantId } = await aTenant(store);
    const connectionId = uuid();
    const counts = { ...emptyCounts(true), updated: 2 };
    const failure = { code: 'DIRECTORY_SYNC_THRESHOLD_EXCEEDED', details: { pending: 12, threshold: 10 } };
    expect(await store.directorySync.claim(tenantId, connectionId, 'a', now, later)).toBe(true);
    await store.directorySync.finish(tenantId, connectionId, 'a', {
      at: now,
      full: true,
      success: false,
      watermark: 'ignored',
      counts,
      failure,
    });
    expect(await store.directorySync.getState(tenantId, connectionId)).toMatchObject({
      watermark: null,
      lastFullRunAt: null,
      lastOutcome: 'failure',
      lastCounts: counts,
      lastFailure: failure,
    });
    expect(await store.directorySync.claim(tenantId, connectionId, 'b', now, later)).toBe(true);
    await store.directorySync.finish(tenantId, connectionId, 'b', {
      at: later,
      full: true,
      success: true,
      watermark: '20260301100000Z',
      counts: emptyCounts(true),
    });
    expect(await store.directorySync.getState(tenantId, connectionId)).toMatchObject({
      watermark: '20260301100000Z',
      lastFullRunAt: later,
      lastOutcome: 'success',
      lastFailure: null,
    });
  });

  it('creates linked users in bulk, finds taken UPNs case-insensitively, relinks and renames, per tenant', async () => {
    const tenant = await aTenant(store);
    const other = await aTenant(store);
    const connectionId = uuid();
    const domain = tenant.domains[0]!;
    const users = Array.from({ length: 3 }, (_, i) => aSyncedUser(tenant.tenantId, `user${i}@${domain}`));
    await store.directorySync.createLinkedUsers(
      users.map((user, i) => ({ user, createdAt: now, connectionId, dn: `uid=user${i},ou=people,dc=x` })),
    );
    expect(await store.users.findByUpn(tenant.tenantId, `USER1@${domain}`)).toMatchObject({
      source: 'synced',
      onPremAnchor: users[1]!.onPremAnchor,
      mobilePhone: '+31612345678',
      roles: [],
    });
    expect(await store.directorySync.takenUpnKeys(tenant.tenantId, [`User0@${domain}`, `nobody@${domain}`])).toEqual(
      new Set([`user0@${domain}`]),
    );
    expect(await store.directorySync.takenUpnKeys(other.tenantId, [`user0@${domain}`])).toEqual(new Set());
    const linked = await store.directorySync.listLinkedUsers(tenant.tenantId, connectionId);
    expect(linked.map((u) => u.dn).sort()).toEqual([
      'uid=user0,ou=people,dc=x',
      'uid=user1,ou=people,dc=x',
      'uid=user2,ou=people,dc=x',
    ]);
    expect(await store.directorySync.listLinkedUsers(other.tenantId, connectionId)).toEqual([]);
    await store.directorySync.linkUser(tenant.tenantId, users[0]!.userId, {
      connectionId,
      dn: 'uid=renamed,ou=people,dc=x',
      upn: `renamed@${domain}`,
      source: 'passthrough',
    });
    expect(await store.users.findByUpn(tenant.tenantId, `renamed@${domain}`)).toMatchObject({
      userId: users[0]!.userId,
      source: 'passthrough',
    });
    expect(await store.users.findByUpn(tenant.tenantId, `user0@${domain}`)).toBeUndefined();
  });

  it('links groups, adds members in bulk and appends audit events in bulk', async () => {
    const { tenantId } = await aTenant(store);
    const connectionId = uuid();
    const groupId = uuid();
    await store.groups.create({ tenantId, groupId, name: 'staff', createdAt: now });
    await store.directorySync.linkGroup(tenantId, groupId, {
      connectionId,
      anchor: 'anchor-1',
      dn: 'cn=Staff,ou=groups,dc=x',
      name: 'Staff',
    });
    expect(await store.directorySync.listLinkedGroups(tenantId, connectionId)).toEqual([
      { groupId, anchor: 'anchor-1', dn: 'cn=Staff,ou=groups,dc=x', name: 'Staff' },
    ]);
    expect(await store.groups.findByName(tenantId, 'STAFF')).toMatchObject({ groupId, name: 'Staff' });
    const members = [
      { type: 'user' as const, id: uuid() },
      { type: 'user' as const, id: uuid() },
    ];
    await store.directorySync.addMembers(tenantId, groupId, members);
    await store.directorySync.addMembers(tenantId, groupId, []);
    expect(new Set((await store.groups.listMembers(tenantId, groupId)).map((m) => m.id))).toEqual(
      new Set(members.map((m) => m.id)),
    );
    const event = (i: number) => ({
      tenantId,
      eventId: uuid(),
      occurredAt: now,
      service: 'Core Directory',
      category: 'GroupManagement',
      activity: 'Add member to group',
      result: 'success' as const,
      resultReason: null,
      actor: { type: 'system' as const, id: `directory-sync:${connectionId}`, upn: null },
      target: { type: 'group' as const, id: groupId, name: 'Staff' },
      ipAddress: null,
      details: { i },
    });
    await store.directorySync.appendAudit([event(1), event(2)]);
    await store.directorySync.appendAudit([]);
    expect((await store.audit.list(tenantId)).map((e) => e.details['i']).sort()).toEqual([1, 2]);
  });
});

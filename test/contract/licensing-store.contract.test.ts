/**
 * The licensing repository's recomputation writes (`applyUserLicenseChanges`, `lockLicenses`), run
 * against every dialect like the rest of the Store contract. Batches larger than one statement's
 * parameter limit are exercised on purpose: the store splits them per dialect.
 */
import { expect, it } from 'vitest';
import { rowsPerStatement } from '../../src/adapters/store/batches.js';
import { diffLicenseStates } from '../../src/core/licensing/license-changes.js';
import type { AssignmentState, AssignmentWithState } from '../../src/core/licensing/license-states.js';
import type { Store } from '../../src/core/ports.js';
import { describeStore } from '../support/store-suite.js';

const now = '2026-03-01T09:00:00.000Z';
const uuid = () => crypto.randomUUID();

const aTenant = async (store: Store) => {
  const tenant = {
    tenantId: uuid(),
    name: 'Contoso',
    country: 'NL',
    isTrial: false,
    createdAt: now,
    domains: [`${uuid()}.example`],
  };
  await store.tenants.create(tenant);
  return tenant;
};

const viaGroup = (userId: string, state: AssignmentState, groupName = 'Staff'): AssignmentWithState => ({
  userId,
  skuId: 'AAD_PREMIUM_P1',
  via: { kind: 'group', groupId: 'g1', groupName },
  assignedAt: now,
  state,
});
const direct = (userId: string, state: AssignmentState): AssignmentWithState => ({
  userId,
  skuId: 'AAD_PREMIUM_P1',
  via: { kind: 'direct' },
  assignedAt: now,
  state,
});

const sorted = (states: AssignmentWithState[]) =>
  [...states].sort((a, b) =>
    a.userId < b.userId
      ? -1
      : a.userId > b.userId
        ? 1
        : (a.via.kind === 'group' ? 1 : 0) - (b.via.kind === 'group' ? 1 : 0),
  );

describeStore('licensing store contract', (store, dialect) => {
  it('applies changes: removes, inserts and overwrites by key, leaving other rows and tenants alone', async () => {
    const [a, b] = [await aTenant(store), await aTenant(store)];
    const previous = [
      viaGroup('u1', 'active'),
      direct('u1', 'active'),
      viaGroup('u2', 'active'),
      viaGroup('u3', 'active'),
    ];
    await store.licensing.applyUserLicenseChanges(a.tenantId, { removed: [], written: previous });
    await store.licensing.applyUserLicenseChanges(b.tenantId, { removed: [], written: previous });
    const next = [
      viaGroup('u1', 'active'),
      viaGroup('u2', 'CountViolation', 'Renamed'),
      viaGroup('u3', 'active'),
      viaGroup('u4', 'CountViolation'),
    ];
    const changes = diffLicenseStates(previous, next);
    expect(changes.written).toHaveLength(2);
    expect(changes.removed).toEqual([{ userId: 'u1', skuId: 'AAD_PREMIUM_P1', viaGroupId: '' }]);
    await store.licensing.applyUserLicenseChanges(a.tenantId, changes);
    expect(await store.licensing.listUserLicenses(a.tenantId)).toEqual(next);
    expect(await store.licensing.listUserLicenses(b.tenantId)).toEqual(sorted(previous));
  });

  it('applies changes larger than one statement allows', async () => {
    const tenant = await aTenant(store);
    // More rows than one upsert carries and more keys than one delete carries, on either dialect.
    const count = Math.max(rowsPerStatement(dialect, 7), rowsPerStatement(dialect, 3, 1)) + 100;
    const ids = Array.from({ length: count }, (_, i) => `u${String(i).padStart(6, '0')}`);
    const all = ids.map((id) => viaGroup(id, 'active'));
    await store.licensing.applyUserLicenseChanges(tenant.tenantId, { removed: [], written: all });
    expect(await store.licensing.listUserLicenses(tenant.tenantId)).toHaveLength(count);
    const half = ids.slice(0, count / 2).map((id) => viaGroup(id, 'CountViolation'));
    await store.licensing.applyUserLicenseChanges(tenant.tenantId, diffLicenseStates(all, half));
    expect(await store.licensing.listUserLicenses(tenant.tenantId)).toEqual(half);
  });

  it('serialises recomputations of one tenant, without blocking new rows that reference it', async () => {
    const tenant = await aTenant(store);
    const events: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const first = store.transaction(async (trx) => {
      await trx.licensing.lockLicenses(tenant.tenantId);
      events.push('first locked');
      locked();
      await held;
      events.push('first done');
    });
    await isLocked;
    const second = store.transaction(async (trx) => {
      await trx.licensing.lockLicenses(tenant.tenantId);
      events.push('second locked');
    });
    if (dialect === 'postgres') {
      // SQLite runs one transaction at a time on its one connection; PostgreSQL must not stop
      // a user being created (a foreign-key reference to the tenant) while licences are locked.
      await store.users.create(
        {
          tenantId: tenant.tenantId,
          userId: uuid(),
          upn: `a@${tenant.domains[0]}`,
          displayName: 'A',
          givenName: null,
          surname: null,
          usageLocation: null,
          accountEnabled: true,
          source: 'cloud',
          onPremAnchor: null,
          passwordHash: null,
          passwordLastSetAt: null,
          mobilePhone: null,
          officePhone: null,
          alternateEmail: null,
          roles: [],
        },
        now,
      );
      events.push('user created');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await Promise.all([first, second]);
    expect(events).toEqual([
      'first locked',
      ...(dialect === 'postgres' ? ['user created'] : []),
      'first done',
      'second locked',
    ]);
  });
});

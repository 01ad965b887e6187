/**
 * The Store port's contract for directory connections (issue 7): create, list oldest first, find, record the
 * last test, remove — per tenant, on every dialect, each with its own fresh database.
 */
import { expect, it } from 'vitest';
import type { StoredDirectoryConnection } from '../../src/core/model.js';
import { aStoredTenant, describeStore } from '../support/store-suite.js';

const uuid = () => crypto.randomUUID();
const now = '2026-03-01T09:00:00.000Z';
const later = '2026-03-01T10:00:00.000Z';

const aTenant = aStoredTenant;

const aConnection = (
  tenantId: string,
  overrides: Partial<StoredDirectoryConnection> = {},
): StoredDirectoryConnection => ({
  tenantId,
  connectionId: uuid(),
  type: 'openldap',
  url: 'ldaps://ldap.contoso.example:636',
  bindDn: 'cn=sspr,ou=services,dc=contoso,dc=example',
  sealedBindPassword: 'v1.sealed',
  baseDn: 'dc=contoso,dc=example',
  userFilter: null,
  startTls: false,
  caFile: null,
  mode: 'passwordHashSync',
  protectedGroups: [],
  createdAt: now,
  updatedAt: now,
  lastTest: null,
  deletionThreshold: 500,
  ...overrides,
});

describeStore('store contract: directory connections', (store) => {
  it('keeps every field and lists a tenant’s connections oldest first', async () => {
    const tenant = await aTenant(store);
    const later = aConnection(tenant.tenantId, {
      type: 'ad',
      url: 'ldap://dc1.contoso.example',
      startTls: true,
      caFile: '/etc/ssl/contoso-ca.pem',
      userFilter: '(objectClass=user)',
      mode: 'passthrough',
      protectedGroups: ['cn=Tier0,ou=groups,dc=contoso,dc=example', 'cn=Ops,dc=contoso,dc=example'],
      deletionThreshold: 0,
      createdAt: '2026-03-02T09:00:00.000Z',
      updatedAt: '2026-03-02T09:00:00.000Z',
    });
    const first = aConnection(tenant.tenantId);
    await store.directoryConnections.create(later);
    await store.directoryConnections.create(first);
    expect(await store.directoryConnections.list(tenant.tenantId)).toEqual([first, later]);
    expect(await store.directoryConnections.find(tenant.tenantId, later.connectionId)).toEqual(later);
  });

  it('is scoped to the tenant: another tenant neither lists, finds, tests nor removes it', async () => {
    const mine = await aTenant(store);
    const theirs = await aTenant(store);
    const connection = aConnection(mine.tenantId);
    await store.directoryConnections.create(connection);
    expect(await store.directoryConnections.list(theirs.tenantId)).toEqual([]);
    expect(await store.directoryConnections.find(theirs.tenantId, connection.connectionId)).toBeUndefined();
    await store.directoryConnections.recordTest(theirs.tenantId, connection.connectionId, {
      at: now,
      outcome: 'ok',
      reason: null,
    });
    expect(await store.directoryConnections.remove(theirs.tenantId, connection.connectionId)).toBe(false);
    expect(await store.directoryConnections.find(mine.tenantId, connection.connectionId)).toEqual(connection);
  });

  it('records the last test, replacing the previous one', async () => {
    const tenant = await aTenant(store);
    const connection = aConnection(tenant.tenantId);
    await store.directoryConnections.create(connection);
    await store.directoryConnections.recordTest(tenant.tenantId, connection.connectionId, {
      at: now,
      outcome: 'ok',
      reason: null,
    });
    const failed = { at: '2026-03-01T10:00:00.000Z', outcome: 'misconfigured', reason: 'serviceBindFailed' } as const;
    await store.directoryConnections.recordTest(tenant.tenantId, connection.connectionId, failed);
    expect((await store.directoryConnections.find(tenant.tenantId, connection.connectionId))?.lastTest).toEqual(failed);
  });

  it('changes the deletion threshold of its own tenant’s connection only', async () => {
    const tenant = await aTenant(store);
    const other = await aTenant(store);
    const connection = aConnection(tenant.tenantId);
    await store.directoryConnections.create(connection);
    expect(
      await store.directoryConnections.setDeletionThreshold(other.tenantId, connection.connectionId, 7, later),
    ).toBe(false);
    expect(await store.directoryConnections.setDeletionThreshold(tenant.tenantId, uuid(), 7, later)).toBe(false);
    expect(await store.directoryConnections.find(tenant.tenantId, connection.connectionId)).toEqual(connection);
    expect(
      await store.directoryConnections.setDeletionThreshold(tenant.tenantId, connection.connectionId, 7, later),
    ).toBe(true);
    expect(await store.directoryConnections.find(tenant.tenantId, connection.connectionId)).toEqual({
      ...connection,
      deletionThreshold: 7,
      updatedAt: later,
    });
  });

  it('removes once, then reports nothing removed; a transaction rolls a create back', async () => {
    const tenant = await aTenant(store);
    const connection = aConnection(tenant.tenantId);
    await store.directoryConnections.create(connection);
    expect(await store.directoryConnections.remove(tenant.tenantId, connection.connectionId)).toBe(true);
    expect(await store.directoryConnections.remove(tenant.tenantId, connection.connectionId)).toBe(false);
    const rolledBack = aConnection(tenant.tenantId);
    await expect(
      store.transaction(async (trx) => {
        await trx.directoryConnections.create(rolledBack);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await store.directoryConnections.list(tenant.tenantId)).toEqual([]);
  });
});

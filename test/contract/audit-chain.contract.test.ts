/**
 * The audit chain's part of the Store port (issue 15, items 6 and 7) on every dialect: appends link into one chain
 * per tenant, concurrent appends never fork it, the purge removes a prefix and leaves an anchor, DELETE passes only
 * through the purge, TRUNCATE is refused on PostgreSQL, and the SIEM cursors' lease and compare-and-set.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { createChainVerifier, genesisHash } from '../../src/core/audit/audit-chain.js';
import { auditActivities } from '../../src/core/audit/activities.js';
import type { AuditEvent } from '../../src/core/model.js';
import type { Store } from '../../src/core/ports.js';
import { sha256Hex } from '../../src/adapters/secrets/sha256.js';
import { aStoredTenant, describeStore } from '../support/store-suite.js';

const anEvent = (tenantId: string, occurredAt: string, details: AuditEvent['details'] = {}): AuditEvent => ({
  tenantId,
  eventId: crypto.randomUUID(),
  occurredAt,
  service: 'Self-service Password Management',
  category: 'UserManagement',
  activity: 'Reset password (self-service)',
  result: 'success',
  resultReason: null,
  actor: { type: 'user', id: 'u1', upn: 'adele@contoso.example' },
  target: { type: 'user', id: 'u1', name: 'adele@contoso.example' },
  ipAddress: '192.0.2.7',
  details,
});

const verify = async (store: Store, tenantId: string) => {
  const head = await store.audit.chainHead(tenantId);
  const verifier = createChainVerifier(head, sha256Hex, auditActivities.purgeAuditEvents.name);
  for (const event of await store.audit.listChained(tenantId, 0, 10_000)) verifier.feed(event);
  return verifier.finish();
};

describeStore('audit chain', (store, dialect, database) => {
  it('links each tenant’s events into its own chain from the genesis hash', async () => {
    const a = await aStoredTenant(store);
    const b = await aStoredTenant(store);
    await store.audit.append(anEvent(a.tenantId, '2026-03-01T09:00:00.000Z', { n: 1, note: 'x', gone: null }));
    await store.audit.append(anEvent(b.tenantId, '2026-03-01T09:00:01.000Z'));
    await store.audit.append(anEvent(a.tenantId, '2026-03-01T09:00:02.000Z'));
    const chain = await store.audit.listChained(a.tenantId, 0, 10);
    expect(chain.map((e) => e.seq)).toEqual([1, 2]);
    expect(chain[0]!.prevHash).toBe(genesisHash);
    expect(chain[1]!.prevHash).toBe(chain[0]!.hash);
    expect(chain[0]!.details).toEqual({ n: 1, note: 'x', gone: null });
    expect(await store.audit.chainHead(a.tenantId)).toEqual({ lastSeq: 2, anchorSeq: 0, anchorHash: genesisHash });
    expect((await store.audit.listChained(b.tenantId, 0, 10)).map((e) => e.seq)).toEqual([1]);
    expect(await verify(store, a.tenantId)).toEqual({ checked: 2, break: undefined });
    expect(await store.audit.listChained(a.tenantId, 1, 10)).toEqual([chain[1]]);
  });

  it('never forks under concurrent appends of one tenant', async () => {
    const tenant = await aStoredTenant(store);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.transaction((trx) =>
          trx.audit.append(anEvent(tenant.tenantId, `2026-03-01T09:00:${String(i).padStart(2, '0')}.000Z`)),
        ),
      ),
    );
    const chain = await store.audit.listChained(tenant.tenantId, 0, 100);
    expect(chain.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await verify(store, tenant.tenantId)).toEqual({ checked: 20, break: undefined });
  });

  it('purges a prefix past the cutoff, keeps the anchor, and the rest still verifies', async () => {
    const tenant = await aStoredTenant(store);
    for (const time of ['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', '2026-01-20T00:00:00.000Z'])
      await store.audit.append(anEvent(tenant.tenantId, time));
    // Older than the cutoff but after a kept event: kept too, so the chain has no hole.
    await store.audit.append(anEvent(tenant.tenantId, '2026-01-03T00:00:00.000Z'));
    const before = await store.audit.listChained(tenant.tenantId, 0, 10);
    const purged = await store.transaction(async (trx) => {
      const removed = await trx.audit.purgeExpired(tenant.tenantId, '2026-01-10T00:00:00.000Z', 1000);
      await trx.audit.append({
        ...anEvent(tenant.tenantId, '2026-02-01T00:00:00.000Z', {
          toSeq: removed!.toSeq,
          anchorHash: removed!.anchorHash,
        }),
        activity: auditActivities.purgeAuditEvents.name,
      });
      return removed;
    });
    expect(purged).toEqual({
      count: 2,
      fromSeq: 1,
      toSeq: 2,
      oldest: '2026-01-01T00:00:00.000Z',
      newest: '2026-01-02T00:00:00.000Z',
      anchorHash: before[1]!.hash,
    });
    expect(await store.audit.chainHead(tenant.tenantId)).toEqual({
      lastSeq: 5,
      anchorSeq: 2,
      anchorHash: before[1]!.hash,
    });
    expect((await store.audit.listChained(tenant.tenantId, 0, 10)).map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(await verify(store, tenant.tenantId)).toEqual({ checked: 3, break: undefined });
    expect(
      await store.transaction((trx) => trx.audit.purgeExpired(tenant.tenantId, '2026-01-10T00:00:00.000Z', 1000)),
    ).toBeUndefined();
    // At most maxRows per call.
    const other = await aStoredTenant(store);
    for (let i = 1; i <= 3; i++) await store.audit.append(anEvent(other.tenantId, `2026-01-0${i}T00:00:00.000Z`));
    if (dialect === 'sqlite') {
      // SQLite keeps the table's newest row (its id would be handed out again below the sealer's mark)…
      await store.transaction((trx) => trx.audit.purgeExpired(other.tenantId, '2026-02-01T00:00:00.000Z', 2));
      expect(
        await store.transaction((trx) => trx.audit.purgeExpired(other.tenantId, '2026-02-01T00:00:00.000Z', 2)),
      ).toBeUndefined();
      expect((await store.audit.listChained(other.tenantId, 0, 10)).map((e) => e.seq)).toEqual([3]);
      // …until a newer one exists, as the purge's own event is.
      await store.audit.append(anEvent(tenant.tenantId, '2026-02-01T00:00:00.000Z'));
      expect(
        await store.transaction((trx) => trx.audit.purgeExpired(other.tenantId, '2026-02-01T00:00:00.000Z', 2)),
      ).toMatchObject({ count: 1, fromSeq: 3, toSeq: 3 });
      await store.audit.append(anEvent(other.tenantId, '2026-02-02T00:00:00.000Z'));
      const [only] = await store.audit.listChained(other.tenantId, 0, 10);
      expect(only).toMatchObject({ seq: 4, prevHash: (await store.audit.chainHead(other.tenantId)).anchorHash });
      return;
    }
    const first = await store.transaction((trx) =>
      trx.audit.purgeExpired(other.tenantId, '2026-02-01T00:00:00.000Z', 2),
    );
    expect(first).toMatchObject({ count: 2, fromSeq: 1, toSeq: 2 });
    // The next append links to the anchor when every earlier event is gone.
    await store.transaction((trx) => trx.audit.purgeExpired(other.tenantId, '2026-02-01T00:00:00.000Z', 2));
    await store.audit.append(anEvent(other.tenantId, '2026-02-02T00:00:00.000Z'));
    const [only] = await store.audit.listChained(other.tenantId, 0, 10);
    expect(only).toMatchObject({ seq: 4, prevHash: (await store.audit.chainHead(other.tenantId)).anchorHash });
  });

  it('refuses UPDATE always, DELETE outside the purge and (PostgreSQL) TRUNCATE', async () => {
    const tenant = await aStoredTenant(store);
    await store.audit.append(anEvent(tenant.tenantId, '2026-01-01T00:00:00.000Z'));
    await expect(
      sql`update audit_events set activity = 'tampered' where tenant_id = ${tenant.tenantId}`.execute(database.db),
    ).rejects.toThrow(/append-only/);
    await expect(
      sql`delete from audit_events where tenant_id = ${tenant.tenantId}`.execute(database.db),
    ).rejects.toThrow(/append-only/);
    if (dialect === 'postgres')
      await expect(sql`truncate audit_events`.execute(database.db)).rejects.toThrow(/append-only/);
    // Another tenant's open gate lets only that tenant's rows go.
    const other = await aStoredTenant(store);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await trx.insertInto('audit_purge_gate').values({ tenant_id: other.tenantId }).execute();
        await sql`delete from audit_events where tenant_id = ${tenant.tenantId}`.execute(trx);
      }),
    ).rejects.toThrow(/append-only/);
    expect(await store.audit.listChained(tenant.tenantId, 0, 10)).toHaveLength(1);
  });

  it('leases a SIEM cursor to one owner and moves it only for the holder', async () => {
    const tenant = await aStoredTenant(store);
    const key = { tenantId: tenant.tenantId, sink: 'webhook', source: 'audit' };
    const t0 = '2026-03-01T09:00:00.000Z';
    const t1 = '2026-03-01T09:00:30.000Z';
    expect(await store.siemCursors.lease(key, 'a', t0, t1)).toBe(0);
    expect(await store.siemCursors.lease(key, 'b', t0, t1)).toBeUndefined();
    expect(await store.siemCursors.advance(key, 'b', 5, t0)).toBe(false);
    expect(await store.siemCursors.advance(key, 'a', 5, t0)).toBe(true);
    expect(await store.siemCursors.lease(key, 'a', t0, t1)).toBe(5);
    // An expired lease passes to another instance, which starts from the acknowledged position.
    expect(await store.siemCursors.lease(key, 'b', '2026-03-01T09:01:00.000Z', '2026-03-01T09:01:30.000Z')).toBe(5);
    expect(await store.siemCursors.advance(key, 'a', 9, t1)).toBe(false);
    await store.siemCursors.release(key, 'b');
    expect(await store.siemCursors.lease({ ...key, sink: 'syslog' }, 'a', t0, t1)).toBe(0);
    expect(await store.siemCursors.lease(key, 'a', t0, t1)).toBe(5);
    expect((await store.siemCursors.positions('webhook', 'audit')).get(tenant.tenantId)).toBe(5);
    expect((await store.siemCursors.positions('webhook', 'signIn')).has(tenant.tenantId)).toBe(false);
    await store.audit.append(anEvent(tenant.tenantId, t0));
    expect((await store.audit.lastPositions()).get(tenant.tenantId)).toBe(1);
  });

  it('keeps each SIEM cursor’s last forwarding and last error for the status view', async () => {
    const tenant = await aStoredTenant(store);
    const key = { tenantId: tenant.tenantId, sink: 'webhook', source: 'signIn' };
    const t0 = '2026-03-01T09:00:00.000Z';
    const t1 = '2026-03-01T09:00:30.000Z';
    expect(await store.siemCursors.list(tenant.tenantId)).toEqual([]);
    await store.siemCursors.lease(key, 'a', t0, t1);
    await store.siemCursors.failed(key, 'connect ECONNREFUSED 127.0.0.1:1', t0);
    expect(await store.siemCursors.list(tenant.tenantId)).toEqual([
      {
        sink: 'webhook',
        source: 'signIn',
        position: 0,
        forwardedAt: null,
        lastError: 'connect ECONNREFUSED 127.0.0.1:1',
        lastErrorAt: t0,
      },
    ]);
    expect(await store.siemCursors.advance(key, 'a', 7, t1)).toBe(true);
    await store.siemCursors.lease({ ...key, sink: 'syslog' }, 'a', t0, t1);
    await store.siemCursors.failed({ ...key, sink: 'syslog' }, 'x'.repeat(2000), t1);
    const [syslog, webhook] = await store.siemCursors.list(tenant.tenantId);
    // The error stays after a later success; a long message is cut to what a page shows.
    expect(webhook).toEqual({
      sink: 'webhook',
      source: 'signIn',
      position: 7,
      forwardedAt: t1,
      lastError: 'connect ECONNREFUSED 127.0.0.1:1',
      lastErrorAt: t0,
    });
    expect(syslog).toMatchObject({ sink: 'syslog', position: 0, forwardedAt: null, lastErrorAt: t1 });
    expect(syslog!.lastError).toHaveLength(500);
  });
});

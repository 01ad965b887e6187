/**
 * Migration 0020 on a store that already has audit events (both dialects): existing events are chained per tenant in
 * the order they occurred, the chain verifies, new appends continue it, and the new triggers guard the table.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditActivities } from '../../src/core/audit/activities.js';
import { createChainVerifier } from '../../src/core/audit/audit-chain.js';
import { sha256Hex } from '../../src/adapters/secrets/sha256.js';
import { createMigrator, migrateToLatest, openDatabase, type OpenDatabase } from '../../src/adapters/store/database.js';
import { createKyselyStore } from '../../src/adapters/store/kysely-store.js';
import type { Store } from '../../src/core/ports.js';
import { createThrowawayDatabase, testDialects } from '../support/postgres.js';

describe.each(testDialects())('migration 0020 chains existing audit events (%s)', (dialect) => {
  let database: OpenDatabase;
  let store: Store;
  let drop: (() => Promise<void>) | undefined;
  const tenants = ['tenant-a', 'tenant-b'];

  beforeAll(async () => {
    let url = 'sqlite::memory:';
    if (dialect === 'postgres') ({ url, drop } = await createThrowawayDatabase());
    database = openDatabase(url);
    const { error } = await createMigrator(database).migrateTo('0015-common-password-check');
    if (error) throw error instanceof Error ? error : new Error('migration to 0015 failed');
    // Inserted out of time order: the chain follows the time the events occurred.
    for (const [tenant, minute, id] of [
      ['tenant-a', 3, 'a3'],
      ['tenant-a', 1, 'a1'],
      ['tenant-b', 2, 'b2'],
      ['tenant-a', 2, 'a2'],
    ] as const)
      await sql`insert into audit_events (tenant_id, event_id, occurred_at, service, category, activity, result,
          result_reason, actor_type, actor_id, actor_upn, target_type, target_id, target_name, ip_address, details)
        values (${tenant}, ${id}, ${`2026-03-01T09:0${minute}:00.000Z`}, 'Core Directory', 'UserManagement', 'Add user',
          'success', null, 'cli', null, null, 'user', 'u1', 'adele@contoso.example', null, '{"n":1}')`.execute(
        database.db,
      );
    await migrateToLatest(database);
    store = createKyselyStore(database);
  });
  afterAll(async () => {
    await store?.close();
    await drop?.();
  });

  it('orders, links and verifies the existing events, and appends continue the chain', async () => {
    const chainA = await store.audit.listChained('tenant-a', 0, 10);
    expect(chainA.map((e) => [e.seq, e.eventId])).toEqual([
      [1, 'a1'],
      [2, 'a2'],
      [3, 'a3'],
    ]);
    expect(await store.audit.chainHead('tenant-b')).toMatchObject({ lastSeq: 1, anchorSeq: 0 });
    await store.audit.append({ ...chainA[0]!, eventId: 'a4', occurredAt: '2026-03-01T10:00:00.000Z' });
    for (const tenantId of tenants) {
      const verifier = createChainVerifier(
        await store.audit.chainHead(tenantId),
        sha256Hex,
        auditActivities.purgeAuditEvents.name,
      );
      for (const event of await store.audit.listChained(tenantId, 0, 10)) verifier.feed(event);
      expect(verifier.finish().break).toBeUndefined();
    }
    expect((await store.audit.listChained('tenant-a', 3, 10)).map((e) => e.seq)).toEqual([4]);
    await expect(sql`delete from audit_events`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`update audit_events set activity = 'x'`.execute(database.db)).rejects.toThrow(/append-only/);
  });
});

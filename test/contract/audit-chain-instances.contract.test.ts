/**
 * Two app instances appending to one tenant's audit chain at once (issue 15): each has its own store and pool on
 * the same PostgreSQL database, as serve on two hosts would. The chain must come out as one unbroken run of
 * positions, every link verifying — no fork, no gap. PostgreSQL only: SQLite's instances are processes serialised
 * by the file's write lock, and two connections in one process cannot stand in for them — better-sqlite3 waits for
 * the lock synchronously, blocking the event loop that would commit the other connection's transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditActivities } from '../../src/core/audit/activities.js';
import { createChainVerifier } from '../../src/core/audit/audit-chain.js';
import type { Store } from '../../src/core/ports.js';
import { migrateToLatest, openDatabase } from '../../src/adapters/store/database.js';
import { createKyselyStore } from '../../src/adapters/store/kysely-store.js';
import { sha256Hex } from '../../src/adapters/secrets/sha256.js';
import { createThrowawayDatabase, testDialects } from '../support/postgres.js';
import { aStoredTenant } from '../support/store-suite.js';

describe.skipIf(!testDialects().includes('postgres'))('audit chain across two instances (postgres)', () => {
  const stores: Store[] = [];
  let cleanup: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    const throwaway = await createThrowawayDatabase();
    const url = throwaway.url;
    cleanup = throwaway.drop;
    const first = openDatabase(url);
    await migrateToLatest(first);
    stores.push(createKyselyStore(first), createKyselyStore(openDatabase(url)));
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    await cleanup();
  });

  it('leaves one unbroken chain after many parallel appends from both', async () => {
    const [a, b] = stores as [Store, Store];
    const tenant = await aStoredTenant(a);
    const appends = Array.from({ length: 60 }, (_, i) =>
      (i % 2 ? b : a).transaction((trx) =>
        trx.audit.append({
          tenantId: tenant.tenantId,
          eventId: crypto.randomUUID(),
          occurredAt: new Date(Date.UTC(2026, 2, 1, 9, 0, i)).toISOString(),
          service: 'Self-service Password Management',
          category: 'UserManagement',
          activity: 'Reset password (self-service)',
          result: 'success',
          resultReason: null,
          actor: { type: 'user', id: `u${i}`, upn: null },
          target: null,
          ipAddress: null,
          details: { n: i },
        }),
      ),
    );
    await Promise.all(appends);
    const chain = await b.audit.listChained(tenant.tenantId, 0, 1000);
    expect(chain.map((e) => e.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const head = await a.audit.chainHead(tenant.tenantId);
    expect(head.lastSeq).toBe(60);
    const verifier = createChainVerifier(head, sha256Hex, auditActivities.purgeAuditEvents.name);
    for (const event of chain) verifier.feed(event);
    expect(verifier.finish()).toEqual({ checked: 60, break: undefined });
  });
});

/**
 * Several instances writing one tenant's audit chain at once (issue 15). PostgreSQL: two app instances, each with
 * its own store and pool on one database, as serve on two hosts would, append in parallel. SQLite (sealed per batch,
 * 0029): two sealer processes race while this process appends, as serve and `sspr audit verify` on one file would —
 * processes, because two connections in one process cannot stand in for them (better-sqlite3 waits for the lock
 * synchronously, blocking the event loop that would commit the other connection's transaction). Either way the
 * chain must come out as one unbroken run of positions, every link verifying — no fork, no gap, nothing twice.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditActivities } from '../../src/core/audit/activities.js';
import { createChainVerifier } from '../../src/core/audit/audit-chain.js';
import type { Store } from '../../src/core/ports.js';
import { migrateToLatest, openDatabase } from '../../src/adapters/store/database.js';
import { createKyselyStore } from '../../src/adapters/store/kysely-store.js';
import { sha256Hex } from '../../src/adapters/secrets/sha256.js';
import { createThrowawayDatabase, testDialects } from '../support/postgres.js';
import { tsxLoader } from '../support/serve-instances.js';
import { aNumberedAuditEvent, aStoredTenant } from '../support/store-suite.js';

const verifyAll = async (store: Store, tenantId: string, count: number) => {
  const chain = await store.audit.listChained(tenantId, 0, 100_000);
  expect(chain.map((e) => e.seq)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
  const head = await store.audit.chainHead(tenantId);
  expect(head.lastSeq).toBe(count);
  const verifier = createChainVerifier(head, sha256Hex, auditActivities.purgeAuditEvents.name);
  for (const event of chain) verifier.feed(event);
  expect(verifier.finish()).toEqual({ checked: count, break: undefined });
};

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
      (i % 2 ? b : a).transaction((trx) => trx.audit.append(aNumberedAuditEvent(tenant.tenantId, i))),
    );
    await Promise.all(appends);
    await verifyAll(b, tenant.tenantId, 60);
  });
});

describe.skipIf(!testDialects().includes('sqlite'))('audit chain sealed by racing processes (sqlite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sspr-audit-seal-'));
  const url = `sqlite:${join(dir, 'sspr.db')}`;
  let store: Store;

  beforeAll(async () => {
    const database = openDatabase(url);
    await migrateToLatest(database);
    store = createKyselyStore(database);
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A sealer process; resolves `ready` once it runs and `sealed` with its count when it ends. */
  const sealer = (ms: number) => {
    const child = spawn(process.execPath, [
      '--import',
      tsxLoader,
      'test/support/audit-sealer-process.ts',
      url,
      `${ms}`,
    ]);
    let out = '';
    let markReady: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.startsWith('ready\n')) markReady();
    });
    const sealed = new Promise<number>((resolve, reject) =>
      child.on('exit', (code) =>
        code === 0 ? resolve(Number(out.split('\n')[1])) : reject(new Error(`sealer exited ${code}`)),
      ),
    );
    return { ready, sealed };
  };

  it('seals every event once, into one unbroken chain', async () => {
    const tenant = await aStoredTenant(store);
    const sealers = [sealer(4000), sealer(4000)];
    await Promise.all(sealers.map((s) => s.ready));
    let appended = 0;
    for (const until = Date.now() + 2000; Date.now() < until; appended++) {
      await store.audit.append(aNumberedAuditEvent(tenant.tenantId, appended));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const counts = await Promise.all(sealers.map((s) => s.sealed));
    const rest = await store.audit.seal();
    // No event sealed twice (a second position) nor left out.
    expect(counts[0]! + counts[1]! + rest).toBe(appended);
    await verifyAll(store, tenant.tenantId, appended);
  }, 60_000);
});

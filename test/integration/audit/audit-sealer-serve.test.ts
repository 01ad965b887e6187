/**
 * `sspr serve` seals the SQLite audit chain in the background (issue 15, migration 0029): an event appended by
 * another process — here a store on the same file, as the CLI would be — is linked within about a second, without
 * any reader of the chain asking for it. SQLite only: on PostgreSQL each append links itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { migrateToLatest, openDatabase } from '../../../src/adapters/store/database.js';
import { createKyselyStore } from '../../../src/adapters/store/kysely-store.js';
import type { Store } from '../../../src/core/ports.js';
import { testDialects } from '../../support/postgres.js';
import { startServeInstances, stopServeInstances, type ServeInstance } from '../../support/serve-instances.js';
import { aStoredTenant } from '../../support/store-suite.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 90_000 });

describe.skipIf(!testDialects().includes('sqlite'))('sspr serve seals the audit chain (sqlite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sspr-audit-sealer-'));
  const url = `sqlite:${join(dir, 'sspr.db')}`;
  let store: Store;
  let instances: ServeInstance[] = [];

  beforeAll(async () => {
    const database = openDatabase(url);
    await migrateToLatest(database);
    store = createKyselyStore(database);
    instances = await startServeInstances(1, (port) => ({
      ...process.env,
      SSPR_DATABASE_URL: url,
      SSPR_SECRET: 'audit-sealer-secret-audit-sealer-secret-01',
      SSPR_PORT: String(port),
      SSPR_HOST: '127.0.0.1',
      SSPR_LOG_LEVEL: 'silent',
      SSPR_SYNC_INTERVAL: '0',
    }));
  });
  afterAll(async () => {
    await stopServeInstances(instances);
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('links an event appended by another process within seconds', async () => {
    const tenant = await aStoredTenant(store);
    await store.audit.append({
      tenantId: tenant.tenantId,
      eventId: crypto.randomUUID(),
      occurredAt: new Date().toISOString(),
      service: 'Core Directory',
      category: 'UserManagement',
      activity: 'Add user',
      result: 'success',
      resultReason: null,
      actor: { type: 'cli', id: null, upn: null },
      target: null,
      ipAddress: null,
      details: {},
    });
    // `pending` reads without sealing: only serve's sealer can bring it to 0.
    expect(await store.audit.pending(tenant.tenantId)).toBe(1);
    await vi.waitFor(async () => expect(await store.audit.pending(tenant.tenantId)).toBe(0), {
      timeout: 10_000,
      interval: 200,
    });
    expect((await store.audit.listChained(tenant.tenantId, 0, 10)).map((e) => e.seq)).toEqual([1]);
  });
});

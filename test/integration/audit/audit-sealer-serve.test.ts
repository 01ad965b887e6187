/**
 * `sspr serve` seals the audit chain in the background (issue 15, migrations 0029 and 0030): an event appended by
 * another process — here a store on the same database, as the CLI would be — is linked within about a second,
 * without any reader of the chain asking for it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { migrateToLatest, openDatabase } from '../../../src/adapters/store/database.js';
import { createKyselyStore } from '../../../src/adapters/store/kysely-store.js';
import type { Store } from '../../../src/core/ports.js';
import { createThrowawayDatabase, testDialects } from '../../support/postgres.js';
import { startServeInstances, stopServeInstances, type ServeInstance } from '../../support/serve-instances.js';
import { aStoredTenant } from '../../support/store-suite.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 90_000 });

describe.each(testDialects())('sspr serve seals the audit chain (%s)', (dialect) => {
  const dir = mkdtempSync(join(tmpdir(), 'sspr-audit-sealer-'));
  let url = `sqlite:${join(dir, 'sspr.db')}`;
  let drop: () => Promise<void> = () => Promise.resolve();
  let store: Store;
  let instances: ServeInstance[] = [];

  beforeAll(async () => {
    if (dialect === 'postgres') ({ url, drop } = await createThrowawayDatabase());
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
      // PostgreSQL is not embedded mode: it wants the public URL and the message providers named.
      SSPR_PUBLIC_URL: `http://127.0.0.1:${port}`,
      SSPR_MAIL_PROVIDER: 'outbox',
      SSPR_SMS_PROVIDER: 'outbox',
    }));
  });
  afterAll(async () => {
    await stopServeInstances(instances);
    await store?.close();
    await drop();
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

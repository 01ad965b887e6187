/**
 * The Store port's contract for reset flows, reset throttles and used CAPTCHA solutions (issue 6),
 * run against every dialect with its own throwaway database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../../src/adapters/store/database.js';
import { createKyselyStore } from '../../src/adapters/store/kysely-store.js';
import type { ResetFlowRecord, Store } from '../../src/core/ports.js';
import { createThrowawayDatabase, testDialects } from '../support/postgres.js';

const uuid = () => crypto.randomUUID();
const now = '2026-03-01T09:00:00.000Z';
const later = '2026-03-01T09:15:00.000Z';

describe.each(testDialects())('store contract: reset flows (%s)', (dialect) => {
  let store: Store;
  let drop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    let url = 'sqlite::memory:';
    if (dialect === 'postgres') {
      const database = await createThrowawayDatabase();
      url = database.url;
      drop = database.drop;
    }
    const database = openDatabase(url);
    await migrateToLatest(database);
    store = createKyselyStore(database);
  });

  afterAll(async () => {
    await store?.close();
    await drop?.();
  });

  const aFlow = (overrides: Partial<ResetFlowRecord> = {}): ResetFlowRecord => ({
    tenantId: uuid(),
    flowHash: uuid(),
    userId: uuid(),
    state: '{"a":1}',
    version: 0,
    createdAt: now,
    expiresAt: later,
    ...overrides,
  });

  it('finds a flow by its hash alone, with its tenant; decoys need no tenant row', async () => {
    const flow = aFlow({ tenantId: '~unknown', userId: null });
    await store.resetFlows.create(flow);
    expect(await store.resetFlows.find(flow.flowHash)).toEqual(flow);
    expect(await store.resetFlows.find('no-such-hash')).toBeUndefined();
  });

  it('keeps a flow hash unique across tenants', async () => {
    const flow = aFlow();
    await store.resetFlows.create(flow);
    await expect(store.resetFlows.create(aFlow({ flowHash: flow.flowHash }))).rejects.toThrow();
  });

  it('updates by compare-and-set on the version: of racing writers exactly one wins', async () => {
    const flow = aFlow();
    await store.resetFlows.create(flow);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store.resetFlows.update(flow.tenantId, flow.flowHash, 0, { state: `{"n":${i}}`, version: 1 }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const stored = await store.resetFlows.find(flow.flowHash);
    expect(stored?.version).toBe(1);
    expect(await store.resetFlows.update(flow.tenantId, flow.flowHash, 0, { state: '{}', version: 1 })).toBe(false);
    expect(await store.resetFlows.update(uuid(), flow.flowHash, 1, { state: '{}', version: 2 })).toBe(false);
  });

  it("ends a user's other flows and expired flows", async () => {
    const keep = aFlow();
    const other = aFlow({ tenantId: keep.tenantId, userId: keep.userId });
    const stranger = aFlow({ tenantId: keep.tenantId });
    for (const f of [keep, other, stranger]) await store.resetFlows.create(f);
    expect(await store.resetFlows.deleteOthersOfUser(keep.tenantId, keep.userId!, keep.flowHash)).toBe(1);
    expect(await store.resetFlows.find(other.flowHash)).toBeUndefined();
    expect(await store.resetFlows.find(keep.flowHash)).toBeDefined();
    expect(await store.resetFlows.find(stranger.flowHash)).toBeDefined();
    const old = aFlow({ expiresAt: '2000-01-01T00:00:00.000Z' });
    await store.resetFlows.create(old);
    expect(await store.resetFlows.deleteExpired(now)).toBeGreaterThanOrEqual(1);
    expect(await store.resetFlows.find(old.flowHash)).toBeUndefined();
    expect(await store.resetFlows.find(keep.flowHash)).toBeDefined();
  });

  it('keeps throttle state per tenant, user and kind, and clears a user', async () => {
    const tenantId = uuid();
    expect(await store.resetFlows.getThrottle(tenantId, 'u1', 'sms')).toBeUndefined();
    expect(
      await store.transaction((s) => s.resetFlows.getThrottle(tenantId, 'u1', 'sms', { forUpdate: true })),
    ).toBeUndefined();
    await store.resetFlows.putThrottle(tenantId, 'u1', 'sms', '{"attempts":[]}', now);
    await store.resetFlows.putThrottle(tenantId, 'u1', 'email', '{"e":1}', now);
    await store.resetFlows.putThrottle(tenantId, 'u2', 'sms', '{"u2":1}', now);
    await store.resetFlows.putThrottle(tenantId, 'u1', 'sms', '{"attempts":["x"]}', later);
    expect(await store.resetFlows.getThrottle(tenantId, 'u1', 'sms')).toBe('{"attempts":["x"]}');
    expect(await store.resetFlows.getThrottle(uuid(), 'u1', 'sms')).toBeUndefined();
    expect(await store.resetFlows.clearThrottles(tenantId, 'u1')).toBe(2);
    expect(await store.resetFlows.getThrottle(tenantId, 'u1', 'email')).toBeUndefined();
    expect(await store.resetFlows.getThrottle(tenantId, 'u2', 'sms')).toBe('{"u2":1}');
  });

  it('counts every concurrent throttle update when read for update', async () => {
    const tenantId = uuid();
    await Promise.all(
      Array.from({ length: 8 }, () =>
        store.transaction(async (s) => {
          const state = await s.resetFlows.getThrottle(tenantId, 'u', 'failedProof', { forUpdate: true });
          const count = state ? (JSON.parse(state) as { n: number }).n : 0;
          await s.resetFlows.putThrottle(tenantId, 'u', 'failedProof', JSON.stringify({ n: count + 1 }), now);
        }),
      ),
    );
    expect(JSON.parse((await store.resetFlows.getThrottle(tenantId, 'u', 'failedProof'))!)).toEqual({ n: 8 });
  });

  it('accepts a CAPTCHA solution once until it expires', async () => {
    const id = uuid();
    const results = await Promise.all([1, 2, 3].map(() => store.resetFlows.claimCaptcha(id, later, now)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.resetFlows.claimCaptcha(id, later, now)).toBe(false);
    // Once expired it is forgotten (the CAPTCHA itself refuses expired solutions anyway).
    expect(await store.resetFlows.claimCaptcha(id, '2026-03-01T10:00:00.000Z', later)).toBe(true);
  });
});

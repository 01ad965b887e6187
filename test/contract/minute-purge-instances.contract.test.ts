/**
 * `sspr serve`'s minute purges across instances, on every dialect: a round runs on the one instance holding the task's
 * lease (migration 0039, src/services/round-lease.ts) — of two instances trying in the same minute one runs it, the
 * holder keeps it while it runs its rounds, and another takes over once the holder stops (at once) or dies (when the
 * lease runs out). On PostgreSQL, two purges that do run at once split the expired rows (FOR UPDATE SKIP LOCKED)
 * rather than wait on each other's row locks.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type OpenDatabase } from '../../src/adapters/store/database.js';
import { createKyselyStore } from '../../src/adapters/store/kysely-store.js';
import { createSecurityInfoStore } from '../../src/adapters/store/security-info-store.js';
import { createVoiceCallStore } from '../../src/adapters/store/voice-call-store.js';
import type { PendingCode } from '../../src/core/methods/records.js';
import type { Store } from '../../src/core/ports.js';
import { codePurgeIntervalMs, codePurgeTask } from '../../src/services/security-info/code-purge.js';
import { leaseMsOf, storeRoundLeases } from '../../src/services/round-lease.js';
import { createManualClock } from '../support/manual-clock.js';
import { createThrowawayDatabase, testDialects } from '../support/postgres.js';
import { aStoredTenant, describeStore } from '../support/store-suite.js';

const minute = codePurgeIntervalMs / 1000;

describeStore('store contract: one instance per minute purge round', (store) => {
  /** Two instances of one deployment: one store, one clock, each its own holder name. */
  const instances = () => {
    const clock = createManualClock(new Date('2026-03-01T09:00:00.000Z'));
    const task = `${codePurgeTask}-${crypto.randomUUID()}`;
    const lease = (holder: string) => storeRoundLeases({ store, clock }, holder)(task, codePurgeIntervalMs);
    return { clock, a: lease(`a-${crypto.randomUUID()}`), b: lease(`b-${crypto.randomUUID()}`) };
  };

  it('lets one of two instances run the round of a minute, and the holder keep it while it runs', async () => {
    const { clock, a, b } = instances();
    expect(await a.claim()).toBe(true);
    clock.advance(20);
    expect(await b.claim()).toBe(false);
    for (let round = 0; round < 3; round += 1) {
      clock.advance(minute);
      expect(await a.claim()).toBe(true);
      clock.advance(20);
      expect(await b.claim()).toBe(false);
    }
  });

  it('hands the round to another instance at once when the holder stops', async () => {
    const { clock, a, b } = instances();
    expect(await a.claim()).toBe(true);
    await b.release(); // not b's: changes nothing
    expect(await b.claim()).toBe(false);
    await a.release();
    clock.advance(1);
    expect(await b.claim()).toBe(true);
    expect(await a.claim()).toBe(false);
  });

  it('hands it over once the lease runs out when the holder dies holding it', async () => {
    const { clock, a, b } = instances();
    expect(await a.claim()).toBe(true);
    // a dies: no more claims, no release. b's round a minute later still finds the lease a's.
    clock.advance(minute);
    expect(await b.claim()).toBe(false);
    clock.advance(leaseMsOf(codePurgeIntervalMs) / 1000 - minute);
    expect(await b.claim()).toBe(true);
    clock.advance(1);
    expect(await a.claim()).toBe(false);
  });

  it('gives a free lease to exactly one of instances claiming it at once, and keeps tasks apart', async () => {
    const clock = createManualClock(new Date('2026-03-01T09:00:00.000Z'));
    const task = `race-${crypto.randomUUID()}`;
    const leases = Array.from({ length: 6 }, (_, i) => storeRoundLeases({ store, clock }, `i${i}`));
    const won = await Promise.all(leases.map((l) => l(task, codePurgeIntervalMs).claim()));
    expect(won.filter(Boolean)).toHaveLength(1);
    expect(await leases[won.indexOf(false)]!(`other-${task}`, codePurgeIntervalMs).claim()).toBe(true);
  });
});

const at = (minutes: number) => new Date(Date.UTC(2026, 2, 1, 9, minutes)).toISOString();

const aCode = (tenantId: string): PendingCode => ({
  tenantId,
  codeId: crypto.randomUUID(),
  userId: crypto.randomUUID(),
  subjectId: crypto.randomUUID(),
  purpose: 'reset',
  codeHash: 'digest',
  expiresAt: at(5),
  attempts: 0,
  consumedAt: null,
  createdAt: at(0),
});

/** Resolves when `resolve` is called. */
const signal = () => {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe.skipIf(!testDialects().includes('postgres'))('two minute purges at once (postgres)', () => {
  const databases: OpenDatabase[] = [];
  const stores: Store[] = [];
  let cleanup: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    const throwaway = await createThrowawayDatabase();
    cleanup = throwaway.drop;
    // Two pools on one database: two instances.
    databases.push(openDatabase(throwaway.url), openDatabase(throwaway.url));
    await migrateToLatest(databases[0]!);
    stores.push(...databases.map((database) => createKyselyStore(database)));
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    await cleanup();
  });

  /**
   * Resolves 'blocked' as soon as some statement of this database waits on a lock (pg_stat_activity), or never; read
   * until `done` resolves. A purge that queued behind the other's row locks shows here instead of hanging the test.
   */
  const lockWait = async (done: Promise<unknown>): Promise<'blocked' | undefined> => {
    let finished = false;
    void done.finally(() => (finished = true));
    while (!finished) {
      const { rows } = await sql<{ waiting: number }>`
        select count(*)::int as waiting from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`.execute(databases[0]!.db);
      if (rows[0]!.waiting > 0) return 'blocked';
      await new Promise((r) => setImmediate(r));
    }
    return undefined;
  };

  /**
   * Instance one's purge deletes a batch in a transaction held open; meanwhile instance two's purge of the same tenant
   * must finish at once with the rest. Then the first commits: every row went, each exactly once.
   */
  const splitBetweenTwo = async (
    first: (db: OpenDatabase['db'], limit: number) => Promise<number>,
    second: (limit: number) => Promise<number>,
    rows: number,
  ) => {
    const [holding, committing] = [signal(), signal()];
    let firstDeleted = 0;
    const held = databases[0]!.db.transaction().execute(async (trx) => {
      firstDeleted = await first(trx, 3);
      holding.resolve();
      await committing.promise;
    });
    await holding.promise;
    const other = second(100);
    const outcome = await Promise.race([other, lockWait(other)]);
    committing.resolve();
    await held;
    const secondDeleted = await other;
    expect(outcome).not.toBe('blocked');
    expect([firstDeleted, secondDeleted]).toEqual([3, rows - 3]);
  };

  it('splits the expired verification codes instead of waiting on each other', async () => {
    const { tenantId } = await aStoredTenant(stores[0]!);
    const codes = Array.from({ length: 8 }, () => aCode(tenantId));
    for (const code of codes) await stores[0]!.securityInfo.addCode(code);
    await splitBetweenTwo(
      (db, limit) => createSecurityInfoStore(db, 'postgres').deleteExpiredCodes(tenantId, at(30), limit),
      (limit) => stores[1]!.securityInfo.deleteExpiredCodes(tenantId, at(30), limit),
      codes.length,
    );
    for (const code of codes) expect(await stores[0]!.securityInfo.findCode(tenantId, code.codeId)).toBeUndefined();
  });

  it('splits the old voice calls instead of waiting on each other', async () => {
    const { tenantId } = await aStoredTenant(stores[0]!);
    const calls = Array.from({ length: 7 }, () => crypto.randomUUID());
    for (const callId of calls)
      await stores[0]!.voiceCalls.add({
        tenantId,
        callId,
        locale: 'en',
        status: 'placed',
        createdAt: at(5),
        answeredAt: null,
      });
    await splitBetweenTwo(
      (db, limit) => createVoiceCallStore(db, 'postgres').deleteCreatedBefore(tenantId, at(30), limit),
      (limit) => stores[1]!.voiceCalls.deleteCreatedBefore(tenantId, at(30), limit),
      calls.length,
    );
    for (const callId of calls) expect(await stores[0]!.voiceCalls.find(tenantId, callId)).toBeUndefined();
  });
});

/**
 * The PostgreSQL sealer (0030) where a sequence's ids are not in commit order: a transaction holding a lower id
 * commits after a round sealed a higher one, and two instances' sealers race. Either way every event is sealed
 * exactly once, into one unbroken chain.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditActivities } from '../../src/core/audit/activities.js';
import { createChainVerifier } from '../../src/core/audit/audit-chain.js';
import type { Store } from '../../src/core/ports.js';
import { migrateToLatest, openDatabase, type OpenDatabase } from '../../src/adapters/store/database.js';
import { createAuditStore } from '../../src/adapters/store/audit-store.js';
import { createKyselyStore } from '../../src/adapters/store/kysely-store.js';
import { sha256Hex } from '../../src/adapters/secrets/sha256.js';
import { createThrowawayDatabase, testDialects } from '../support/postgres.js';
import { aNumberedAuditEvent, aStoredTenant } from '../support/store-suite.js';

const verified = async (store: Store, tenantId: string) => {
  const chain = await store.audit.listChained(tenantId, 0, 100_000);
  const head = await store.audit.chainHead(tenantId);
  const verifier = createChainVerifier(head, sha256Hex, auditActivities.purgeAuditEvents.name);
  for (const event of chain) verifier.feed(event);
  expect(verifier.finish()).toEqual({ checked: chain.length, break: undefined });
  expect(chain.map((e) => e.seq)).toEqual(chain.map((_, i) => i + 1));
  return chain;
};

/** Resolves when `resolve` is called. */
const signal = () => {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

/**
 * A transaction that appends `event` and stays open until `commit`. With `early` it takes its transaction id first
 * and inserts only on `insert`, so its row id can come after a later transaction's.
 */
const openAppend = async (database: OpenDatabase, event: ReturnType<typeof aNumberedAuditEvent>, early = false) => {
  const [started, mayInsert, inserted, committing] = [signal(), signal(), signal(), signal()];
  if (!early) mayInsert.resolve();
  const done = database.db.transaction().execute(async (trx) => {
    if (early) await sql`select pg_current_xact_id()`.execute(trx);
    started.resolve();
    await mayInsert.promise;
    await createAuditStore(trx, 'postgres').append(event);
    inserted.resolve();
    await committing.promise;
  });
  await started.promise;
  return {
    insert: mayInsert.resolve,
    inserted: inserted.promise,
    commit: () => (committing.resolve(), done),
  };
};

const ids = async (database: OpenDatabase, eventIds: string[]) => {
  const { rows } = await sql<{ event_id: string; id: string }>`
    select event_id, id::text as id from audit_events where event_id in (${sql.join(eventIds)})`.execute(database.db);
  return new Map(rows.map((r) => [r.event_id, Number(r.id)]));
};

describe.skipIf(!testDialects().includes('postgres'))('the PostgreSQL audit sealer (postgres)', () => {
  const databases: OpenDatabase[] = [];
  const stores: Store[] = [];
  let cleanup: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    const throwaway = await createThrowawayDatabase();
    cleanup = throwaway.drop;
    databases.push(openDatabase(throwaway.url), openDatabase(throwaway.url));
    await migrateToLatest(databases[0]!);
    stores.push(...databases.map((database) => createKyselyStore(database)));
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    await cleanup();
  });

  it('seals an event whose lower id commits after a round sealed a higher one, once and in the chain', async () => {
    const [store] = stores as [Store];
    const tenant = await aStoredTenant(store);
    const [first, early, late] = [1, 2, 3].map((n) => aNumberedAuditEvent(tenant.tenantId, n)) as [
      ReturnType<typeof aNumberedAuditEvent>,
      ReturnType<typeof aNumberedAuditEvent>,
      ReturnType<typeof aNumberedAuditEvent>,
    ];
    await store.audit.append(first);
    await store.audit.seal();
    // `early` takes its transaction id first; `late` then inserts (the lower row id) and stays open; `early`
    // inserts (the higher row id) and commits.
    const high = await openAppend(databases[1]!, early, true);
    const low = await openAppend(databases[0]!, late);
    await low.inserted;
    high.insert();
    await high.inserted;
    await high.commit();
    const byId = await ids(databases[0]!, [early.eventId]);
    expect(await store.audit.seal()).toBe(1);
    expect((await store.audit.listChained(tenant.tenantId, 0, 10)).map((e) => e.eventId)).toEqual([
      first.eventId,
      early.eventId,
    ]);
    await low.commit();
    const lowId = (await ids(databases[0]!, [late.eventId])).get(late.eventId)!;
    expect(lowId).toBeLessThan(byId.get(early.eventId)!);
    expect(await store.audit.pending(tenant.tenantId)).toBe(1);
    expect(await store.audit.seal()).toBe(1);
    expect(await store.audit.seal()).toBe(0);
    const chain = await verified(store, tenant.tenantId);
    expect(chain.map((e) => e.eventId)).toEqual([first.eventId, early.eventId, late.eventId]);
  });

  it('waits for a transaction holding a lower id before sealing what committed after it', async () => {
    const [store] = stores as [Store];
    const tenant = await aStoredTenant(store);
    const [lower, higher] = [1, 2].map((n) => aNumberedAuditEvent(tenant.tenantId, n)) as [
      ReturnType<typeof aNumberedAuditEvent>,
      ReturnType<typeof aNumberedAuditEvent>,
    ];
    const open = await openAppend(databases[1]!, lower);
    await open.inserted;
    await store.audit.append(higher);
    // "Everything above the mark" would seal `higher` now and skip `lower` for good once the mark passed it.
    expect(await store.audit.seal()).toBe(0);
    expect(await store.audit.pending(tenant.tenantId)).toBe(1);
    await open.commit();
    expect(await store.audit.seal()).toBe(2);
    const chain = await verified(store, tenant.tenantId);
    expect(chain.map((e) => e.eventId)).toEqual([lower.eventId, higher.eventId]);
  });

  it('leaves one chain when two instances seal while both append', async () => {
    const [a, b] = stores as [Store, Store];
    const tenant = await aStoredTenant(a);
    let running = true;
    const sealer = async (store: Store) => {
      let sealed = 0;
      while (running) sealed += await store.audit.seal();
      return sealed;
    };
    const sealers = [sealer(a), sealer(b)];
    const appends = Array.from({ length: 200 }, (_, i) =>
      (i % 2 ? b : a).transaction((trx) => trx.audit.append(aNumberedAuditEvent(tenant.tenantId, i))),
    );
    await Promise.all(appends);
    running = false;
    const counts = await Promise.all(sealers);
    const rest = await a.audit.seal();
    expect(counts[0]! + counts[1]! + rest).toBe(200);
    expect(counts[0]! + counts[1]!).toBeGreaterThan(0);
    expect(await verified(b, tenant.tenantId)).toHaveLength(200);
  }, 60_000);
});

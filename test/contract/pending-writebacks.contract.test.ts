/**
 * The Store port's contract for pending writebacks (the write-ahead record of an on-premises password write), on
 * every dialect: records are read and deleted only in their own tenant, by flow or by operation; the recovery's scan
 * sees pending records, oldest first, whatever their start; of racing claims (pending → unknown) exactly one wins; the
 * purge deletes only unknown records declared by its cut-off. The attempted password's hash (migration 0036) is kept
 * as written, through the claim, and goes with the record. The recovery's first sighting (migration 0040) is set by
 * exactly one of racing callers and never moved by a later one.
 */
import { expect, it } from 'vitest';
import type { PendingWriteback } from '../../src/core/ports.js';
import { aStoredTenant, describeStore } from '../support/store-suite.js';

const at = (seconds: number) => new Date(Date.UTC(2026, 2, 1, 9, 0, seconds)).toISOString();

const aRecord = (tenantId: string, changes: Partial<PendingWriteback> = {}): PendingWriteback => ({
  tenantId,
  operationId: crypto.randomUUID(),
  userId: 'user-1',
  flowId: null,
  kind: 'change',
  actor: { type: 'user', id: 'user-1', upn: 'ada@example.org' },
  startedAt: at(0),
  instance: 'host:1:abcd',
  unknownSince: null,
  passwordHash: null,
  firstSeenAt: null,
  ...changes,
});

describeStore('store contract: pending writebacks', (store) => {
  it('keeps a record as written and deletes it once, in its own tenant only', async () => {
    const { tenantId } = await aStoredTenant(store);
    const other = await aStoredTenant(store);
    const record = aRecord(tenantId, { flowId: 'flow-a', kind: 'reset' });
    await store.pendingWritebacks.put(record);
    expect(await store.pendingWritebacks.listOfFlow(tenantId, 'user-1', 'flow-a')).toEqual([record]);
    expect(await store.pendingWritebacks.listOfFlow(other.tenantId, 'user-1', 'flow-a')).toEqual([]);
    expect(await store.pendingWritebacks.remove(other.tenantId, record.operationId)).toBe(false);
    expect(await store.pendingWritebacks.remove(tenantId, record.operationId)).toBe(true);
    expect(await store.pendingWritebacks.remove(tenantId, record.operationId)).toBe(false);
    expect(await store.pendingWritebacks.listOfFlow(tenantId, 'user-1', 'flow-a')).toEqual([]);
  });

  it("keeps the attempted password's hash through the claim, and deletes it with the record", async () => {
    const { tenantId } = await aStoredTenant(store);
    // Any string to the store: the journal writes the app's argon2id hash here.
    const passwordHash = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo';
    const kept = aRecord(tenantId, { flowId: 'flow-h', kind: 'reset', passwordHash });
    const purged = aRecord(tenantId, { flowId: 'flow-i', kind: 'reset', passwordHash });
    for (const r of [kept, purged]) await store.pendingWritebacks.put(r);
    expect(await store.pendingWritebacks.listPending(tenantId, 100)).toContainEqual(kept);
    expect(await store.pendingWritebacks.markUnknown(tenantId, kept.operationId, at(40))).toBe(true);
    expect(await store.pendingWritebacks.markUnknown(tenantId, purged.operationId, at(10))).toBe(true);
    expect(await store.pendingWritebacks.listOfFlow(tenantId, 'user-1', 'flow-h')).toEqual([
      { ...kept, unknownSince: at(40) },
    ]);
    expect(await store.pendingWritebacks.deleteUnknownBefore(tenantId, at(20))).toBe(1);
    expect(await store.pendingWritebacks.listOfFlow(tenantId, 'user-1', 'flow-i')).toEqual([]);
    expect(await store.pendingWritebacks.remove(tenantId, kept.operationId)).toBe(true);
    expect(await store.pendingWritebacks.listOfFlow(tenantId, 'user-1', 'flow-h')).toEqual([]);
  });

  it("forgets the attempted passwords' hashes of one flow of one user, and keeps the records", async () => {
    const { tenantId } = await aStoredTenant(store);
    const passwordHash = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo';
    const mine = aRecord(tenantId, { flowId: 'flow-f', kind: 'reset', passwordHash, unknownSince: at(5) });
    const otherFlow = aRecord(tenantId, { flowId: 'flow-g', kind: 'reset', passwordHash });
    const otherUser = aRecord(tenantId, { flowId: 'flow-f', kind: 'reset', passwordHash, userId: 'user-2' });
    for (const r of [mine, otherFlow, otherUser]) await store.pendingWritebacks.put(r);
    await store.pendingWritebacks.forgetPasswordsOfFlow(tenantId, 'user-1', 'flow-f');
    expect(await store.pendingWritebacks.listOfFlow(tenantId, 'user-1', 'flow-f')).toEqual([
      { ...mine, passwordHash: null },
    ]);
    expect(await store.pendingWritebacks.listOfFlow(tenantId, 'user-1', 'flow-g')).toEqual([otherFlow]);
    expect(await store.pendingWritebacks.listOfFlow(tenantId, 'user-2', 'flow-f')).toEqual([otherUser]);
  });

  it("reads a flow's records only, of its own user", async () => {
    const { tenantId } = await aStoredTenant(store);
    const first = aRecord(tenantId, { flowId: 'flow-b', kind: 'reset', startedAt: at(1) });
    const second = aRecord(tenantId, { flowId: 'flow-b', kind: 'reset', startedAt: at(2), unknownSince: at(3) });
    const otherFlow = aRecord(tenantId, { flowId: 'flow-c', kind: 'reset' });
    const otherUser = aRecord(tenantId, { flowId: 'flow-b', kind: 'reset', userId: 'user-2' });
    for (const r of [second, first, otherFlow, otherUser]) await store.pendingWritebacks.put(r);
    expect(await store.pendingWritebacks.listOfFlow(tenantId, 'user-1', 'flow-b')).toEqual([first, second]);
    expect(await store.pendingWritebacks.listOfFlow(tenantId, 'user-1', 'flow-c')).toEqual([otherFlow]);
    expect(await store.pendingWritebacks.listOfFlow(tenantId, 'user-2', 'flow-b')).toEqual([otherUser]);
  });

  it('lists pending records oldest first, whatever their start, never unknown ones or those of another tenant', async () => {
    const { tenantId } = await aStoredTenant(store);
    const other = await aStoredTenant(store);
    const old = aRecord(tenantId, {
      startedAt: at(5),
      kind: 'adminReset',
      actor: { type: 'cli', id: null, upn: null },
    });
    const older = aRecord(tenantId, { startedAt: at(4) });
    const fresh = aRecord(tenantId, { startedAt: at(30) });
    const unknown = aRecord(tenantId, { startedAt: at(1), flowId: 'f', kind: 'reset', unknownSince: at(20) });
    for (const r of [old, older, fresh, unknown, aRecord(other.tenantId, { startedAt: at(1) })])
      await store.pendingWritebacks.put(r);
    expect(await store.pendingWritebacks.listPending(tenantId, 100)).toEqual([older, old, fresh]);
    expect(await store.pendingWritebacks.listPending(tenantId, 1)).toEqual([older]);
  });

  it('lets exactly one of racing claims declare a pending record unknown', async () => {
    const { tenantId } = await aStoredTenant(store);
    const record = aRecord(tenantId, { flowId: 'flow-d', kind: 'reset' });
    await store.pendingWritebacks.put(record);
    const wins = await Promise.all(
      Array.from({ length: 8 }, () => store.pendingWritebacks.markUnknown(tenantId, record.operationId, at(40))),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await store.pendingWritebacks.listOfFlow(tenantId, 'user-1', 'flow-d')).toEqual([
      { ...record, unknownSince: at(40) },
    ]);
    expect(await store.pendingWritebacks.listPending(tenantId, 100)).toEqual([]);
  });

  it('sets the first sighting once: one of racing callers, in its own tenant only, never moved later', async () => {
    const { tenantId } = await aStoredTenant(store);
    const other = await aStoredTenant(store);
    const record = aRecord(tenantId);
    await store.pendingWritebacks.put(record);
    expect(await store.pendingWritebacks.noteFirstSeen(other.tenantId, record.operationId, at(1))).toBe(false);
    const sightings = [at(12), at(11), at(13), at(10)];
    const wins = await Promise.all(
      sightings.map((seen) => store.pendingWritebacks.noteFirstSeen(tenantId, record.operationId, seen)),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
    const winner = sightings[wins.indexOf(true)];
    expect(await store.pendingWritebacks.listPending(tenantId, 100)).toEqual([{ ...record, firstSeenAt: winner }]);
    expect(await store.pendingWritebacks.noteFirstSeen(tenantId, record.operationId, at(50))).toBe(false);
    expect(await store.pendingWritebacks.noteFirstSeen(tenantId, record.operationId, at(0))).toBe(false);
    expect((await store.pendingWritebacks.listPending(tenantId, 100))[0]!.firstSeenAt).toBe(winner);
  });

  it('lets exactly one of racing transactions claim a record by deleting it', async () => {
    const { tenantId } = await aStoredTenant(store);
    const record = aRecord(tenantId);
    await store.pendingWritebacks.put(record);
    const wins = await Promise.all(
      Array.from({ length: 4 }, () =>
        store.transaction((trx) => trx.pendingWritebacks.remove(tenantId, record.operationId)),
      ),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it("purges the tenant's unknown records declared by the cut-off, never pending ones", async () => {
    const { tenantId } = await aStoredTenant(store);
    const other = await aStoredTenant(store);
    const gone = aRecord(tenantId, { flowId: 'f1', kind: 'reset', unknownSince: at(10) });
    const recent = aRecord(tenantId, { flowId: 'f2', kind: 'reset', unknownSince: at(50) });
    const pending = aRecord(tenantId, { flowId: 'f3', kind: 'reset', startedAt: at(1) });
    const elsewhere = aRecord(other.tenantId, { flowId: 'f1', kind: 'reset', unknownSince: at(10) });
    for (const r of [gone, recent, pending, elsewhere]) await store.pendingWritebacks.put(r);
    expect(await store.pendingWritebacks.deleteUnknownBefore(tenantId, at(20))).toBe(1);
    expect(await store.pendingWritebacks.deleteUnknownBefore(tenantId, at(20))).toBe(0);
    expect(await store.pendingWritebacks.listOfFlow(tenantId, 'user-1', 'f2')).toEqual([recent]);
    expect(await store.pendingWritebacks.listOfFlow(tenantId, 'user-1', 'f3')).toEqual([pending]);
    expect(await store.pendingWritebacks.listOfFlow(other.tenantId, 'user-1', 'f1')).toEqual([elsewhere]);
  });
});

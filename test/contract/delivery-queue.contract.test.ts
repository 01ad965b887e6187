/**
 * The Store port's contract for the delivery queue (issue #13 item 2), on every dialect: claims are atomic (two
 * claimers never get one message, on PostgreSQL through FOR UPDATE SKIP LOCKED over a pool of connections), a lease
 * that runs out gives the message back, final states erase the body and only the claim's holder may set them.
 */
import { expect, it } from 'vitest';
import type { NewQueuedMessage } from '../../src/core/ports.js';
import { aStoredTenant, describeStore } from '../support/store-suite.js';

const at = (minutes: number) => new Date(Date.parse('2026-03-01T09:00:00.000Z') + minutes * 60_000).toISOString();

describeStore('store contract: delivery queue', (store) => {
  const aMessage = (tenantId: string, overrides: Partial<NewQueuedMessage> = {}): NewQueuedMessage => ({
    tenantId,
    messageId: crypto.randomUUID(),
    channel: 'email',
    purpose: 'notice',
    userId: null,
    recipient: 'adele@contoso.example',
    sealedBody: 'v1.sealed',
    expiresAt: null,
    createdAt: at(0),
    status: 'pending',
    ...overrides,
  });
  /** Claims at `minutes`, with a 2-minute lease, everything due (of every tenant: earlier tests' rows too). */
  const claim = (minutes: number, token: string, limit = 100) =>
    store.deliveryQueue.claimDue(at(minutes), at(minutes + 2), limit, token);

  it('claims a due message once, counts the attempt, gives it back when the lease runs out', async () => {
    const { tenantId } = await aStoredTenant(store);
    const message = aMessage(tenantId);
    await store.deliveryQueue.add(message);
    await store.deliveryQueue.add(aMessage(tenantId, { status: 'blank' }));
    await store.deliveryQueue.add(aMessage(tenantId, { createdAt: at(30) }));

    const first = await claim(1, 'a');
    expect(first.map((m) => m.messageId)).toEqual([message.messageId]);
    expect(first[0]).toMatchObject({ status: 'sending', attempts: 1, claimToken: 'a', leaseUntil: at(3) });
    expect(await claim(2, 'b')).toEqual([]);
    // The claimer died: after its lease another claims it, with a second attempt counted.
    const again = await claim(4, 'c');
    expect(again.map((m) => [m.messageId, m.attempts, m.claimToken])).toEqual([[message.messageId, 2, 'c']]);
    // The first holder's late answer is refused: only the current claim may finish it.
    expect(await store.deliveryQueue.finish(tenantId, message.messageId, 'a', 'delivered', at(4), null)).toBe(false);
    expect(await store.deliveryQueue.finish(tenantId, message.messageId, 'c', 'delivered', at(4), null)).toBe(true);
    const done = await store.deliveryQueue.find(tenantId, message.messageId);
    expect(done).toMatchObject({ status: 'delivered', sealedBody: null, claimToken: null, leaseUntil: null });
    // Only the one created at 30 minutes is left; finished, so no later claim in this file sees it.
    const [later] = await claim(60, 'd');
    expect(later).toMatchObject({ createdAt: at(30), attempts: 1 });
    expect(await store.deliveryQueue.finish(tenantId, later!.messageId, 'd', 'delivered', at(60), null)).toBe(true);
  });

  it('puts a failed attempt back for later, then drops it with the body erased', async () => {
    const { tenantId } = await aStoredTenant(store);
    const message = aMessage(tenantId, { createdAt: at(100) });
    await store.deliveryQueue.add(message);
    const [claimed] = await claim(100, 'a');
    expect(claimed?.messageId).toBe(message.messageId);
    expect(await store.deliveryQueue.retryLater(tenantId, message.messageId, 'a', at(105), at(100), 'Error')).toBe(
      true,
    );
    expect(await store.deliveryQueue.find(tenantId, message.messageId)).toMatchObject({
      status: 'pending',
      nextAttemptAt: at(105),
      lastError: 'Error',
      sealedBody: 'v1.sealed',
    });
    expect(await claim(104, 'b')).toEqual([]);
    expect((await claim(105, 'b')).map((m) => m.attempts)).toEqual([2]);
    expect(await store.deliveryQueue.finish(tenantId, message.messageId, 'b', 'dropped', at(105), 'EXPIRED')).toBe(
      true,
    );
    expect(await store.deliveryQueue.find(tenantId, message.messageId)).toMatchObject({
      status: 'dropped',
      sealedBody: null,
      lastError: 'EXPIRED',
    });
    expect((await store.deliveryQueue.list(tenantId)).map((m) => m.messageId)).toEqual([message.messageId]);
  });

  it('never gives one message to two concurrent claimers', async () => {
    const { tenantId } = await aStoredTenant(store);
    const ids = new Set<string>();
    for (let i = 0; i < 40; i += 1) {
      const message = aMessage(tenantId, { createdAt: at(200) });
      ids.add(message.messageId);
      await store.deliveryQueue.add(message);
    }
    const rounds = await Promise.all(Array.from({ length: 8 }, (_, i) => claim(200, `w${i}`, 7)));
    const claimed = rounds.flat().map((m) => m.messageId);
    expect(new Set(claimed).size).toBe(claimed.length);
    // Each claimer takes at most its limit (on PostgreSQL the locked pick is made once: batches.ts inLockedBatch).
    for (const round of rounds) expect(round.length).toBeLessThanOrEqual(7);
    const rest = await claim(200, 'rest');
    expect(new Set([...claimed, ...rest.map((m) => m.messageId)])).toEqual(ids);
    expect(claimed.length + rest.length).toBe(40);
  });

  it('purges final rows past their retention, never pending ones', async () => {
    const { tenantId } = await aStoredTenant(store);
    const blank = aMessage(tenantId, { status: 'blank', createdAt: at(300) });
    const pending = aMessage(tenantId, { createdAt: at(10_000) });
    await store.deliveryQueue.add(blank);
    await store.deliveryQueue.add(pending);
    expect(await store.deliveryQueue.purge(at(300))).toBeGreaterThanOrEqual(0);
    expect(await store.deliveryQueue.find(tenantId, blank.messageId)).toBeDefined();
    expect(await store.deliveryQueue.purge(at(20_000))).toBeGreaterThanOrEqual(1);
    expect(await store.deliveryQueue.find(tenantId, blank.messageId)).toBeUndefined();
    expect(await store.deliveryQueue.find(tenantId, pending.messageId)).toBeDefined();
  });
});

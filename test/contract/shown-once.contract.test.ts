/**
 * The Store port's contract for the claims that make a console secret shown once single-use, on every dialect: a
 * claim is consumed once, only in its own tenant and before it expires; of racing consumers exactly one wins; the
 * purge deletes only expired claims of the tenant it is given.
 */
import { expect, it } from 'vitest';
import { aStoredTenant, describeStore } from '../support/store-suite.js';

const at = (seconds: number) => new Date(Date.UTC(2026, 2, 1, 9, 0, seconds)).toISOString();
const aHash = () => `h-${crypto.randomUUID()}`;

describeStore('store contract: shown-once claims', (store) => {
  it('consumes a claim once, in its own tenant only', async () => {
    const { tenantId } = await aStoredTenant(store);
    const other = await aStoredTenant(store);
    const hash = aHash();
    await store.shownOnce.put(tenantId, hash, at(120));
    expect(await store.shownOnce.consume(other.tenantId, hash, at(1))).toBe(false);
    expect(await store.shownOnce.consume(tenantId, aHash(), at(1))).toBe(false);
    expect(await store.shownOnce.consume(tenantId, hash, at(1))).toBe(true);
    expect(await store.shownOnce.consume(tenantId, hash, at(2))).toBe(false);
  });

  it('never consumes an expired claim', async () => {
    const { tenantId } = await aStoredTenant(store);
    const hash = aHash();
    await store.shownOnce.put(tenantId, hash, at(120));
    expect(await store.shownOnce.consume(tenantId, hash, at(120))).toBe(false);
    expect(await store.shownOnce.deleteExpired(tenantId, at(120))).toBe(1);
  });

  it('lets exactly one of racing consumers win', async () => {
    const { tenantId } = await aStoredTenant(store);
    const hash = aHash();
    await store.shownOnce.put(tenantId, hash, at(120));
    const wins = await Promise.all(Array.from({ length: 8 }, () => store.shownOnce.consume(tenantId, hash, at(1))));
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it("deletes the tenant's expired claims only", async () => {
    const { tenantId } = await aStoredTenant(store);
    const other = await aStoredTenant(store);
    const [expired, live, elsewhere] = [aHash(), aHash(), aHash()];
    await store.shownOnce.put(tenantId, expired, at(10));
    await store.shownOnce.put(tenantId, live, at(130));
    await store.shownOnce.put(other.tenantId, elsewhere, at(10));
    expect(await store.shownOnce.deleteExpired(tenantId, at(20))).toBe(1);
    expect(await store.shownOnce.deleteExpired(tenantId, at(20))).toBe(0);
    expect(await store.shownOnce.consume(tenantId, live, at(20))).toBe(true);
    // The other tenant's claim is untouched by the first purge: still there for its own.
    expect(await store.shownOnce.deleteExpired(other.tenantId, at(20))).toBe(1);
  });
});

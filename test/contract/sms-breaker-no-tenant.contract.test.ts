/**
 * The SMS budget breaker for a request no tenant stands behind (a reset decoy for a domain no tenant has,
 * SendRequest.noTenant), on every dialect: past the hour's budget it refuses like an open breaker, but writes no
 * breaker row and no audit event — either would be a row for a tenant that does not exist, refused by the foreign key
 * (that refusal used to turn every such phone challenge into a 500 for the rest of the hour).
 */
import { expect, it } from 'vitest';
import { cryptoRandom } from '../../src/adapters/secrets/keyed-hasher.js';
import { createSmsBreaker } from '../../src/services/delivery/sms-breaker.js';
import { createManualClock } from '../support/manual-clock.js';
import { aStoredTenant, describeStore } from '../support/store-suite.js';

describeStore('SMS budget breaker without a tenant', (store) => {
  const clock = createManualClock(new Date('2026-03-01T09:00:00.000Z'));
  const breaker = createSmsBreaker({ clock, random: cryptoRandom, store });

  it('refuses past the budget without opening a breaker for a tenant that does not exist', async () => {
    const nobody = '~unknown';
    const state = await breaker.state(nobody);
    expect(await breaker.spend(nobody, state, 2, store, false)).toBe(true);
    expect(await breaker.spend(nobody, state, 2, store, false)).toBe(true);
    expect(await breaker.spend(nobody, state, 2, store, false)).toBe(false);
    expect(await breaker.spend(nobody, state, 2, store, false)).toBe(false);
    expect((await breaker.state(nobody)).open).toBe(false);
  });

  it('opens the breaker of a real tenant past its budget, as before', async () => {
    const { tenantId } = await aStoredTenant(store);
    const state = await breaker.state(tenantId);
    expect(await breaker.spend(tenantId, state, 1, store)).toBe(true);
    expect(await breaker.spend(tenantId, state, 1, store)).toBe(false);
    expect((await breaker.state(tenantId)).open).toBe(true);
  });
});

/**
 * Makes a secret the console shows once single-use on the server (docs/admin-console.md#secrets-shown-once). The
 * sealed flash that carries the secret from the post to its page is a cookie, and a copy of a cookie replays: so
 * the flash also carries a random claim id, stored here only as its keyed hash, and the page shows the secret only
 * to the one view that consumes the claim. A reload, Back, a second tab or a copied cookie finds it gone. Expired
 * claims (a flash never read) are deleted by `sspr serve` every minute.
 */
import { addSeconds } from '../../core/clock.js';
import type { ServiceDeps } from '../deps.js';
import { startRepeating, type RepeatingTask } from '../repeating-task.js';
import type { RoundLeases } from '../round-lease.js';

/**
 * Ten minutes. The claim is written BEFORE the operation that makes the secret, and the flash's two minutes to show
 * it (`flashLifetimeSeconds`, enforced by the page) start only AFTER it: so the claim must outlive the slowest
 * operation plus those two minutes. An admin reset of an on-premises user writes through the directory, at worst
 * about six minutes (`writebackOutcomeUnknownAfterSeconds` in `directory/writeback-recovery.ts`: 45 s per LDAP verb,
 * 120 s per agent call); a claim expiring meanwhile would change the password and show it to nobody.
 */
export const shownOnceLifetimeSeconds = 10 * 60;
export const shownOncePurgeIntervalMs = 60_000;
/** The name of its lease (round-lease.ts): one instance runs each round. */
export const shownOncePurgeTask = 'shown-once-purge';
const purpose = 'shown-once-claim';

export const createShownOnceService = (deps: Pick<ServiceDeps, 'store' | 'clock' | 'keyed' | 'random'>) => ({
  /** A new claim id for one show of a secret in `tenantId`, valid through the operation and the flash's display. */
  async issue(tenantId: string): Promise<string> {
    const claim = deps.random.token(32);
    const expiresAt = addSeconds(deps.clock.now(), shownOnceLifetimeSeconds).toISOString();
    await deps.store.shownOnce.put(tenantId, deps.keyed.digest(purpose, claim), expiresAt);
    return claim;
  },
  /** True for the first view that presents `claim` before it expires, false for any other (and for a forged id). */
  consume: (tenantId: string, claim: string): Promise<boolean> =>
    deps.store.shownOnce.consume(tenantId, deps.keyed.digest(purpose, claim), deps.clock.now().toISOString()),
  /** Deletes every tenant's expired claims; returns how many. */
  async purgeExpired(): Promise<number> {
    let deleted = 0;
    for (const tenant of await deps.store.tenants.list())
      deleted += await deps.store.shownOnce.deleteExpired(tenant.tenantId, deps.clock.now().toISOString());
    return deleted;
  },
});

export type ShownOnceService = ReturnType<typeof createShownOnceService>;

/**
 * `sspr serve`'s round of `purgeExpired`, every minute, rounds never overlapping; with `leases`, only on the instance
 * holding the task's lease. `stop` waits for a round running and gives the lease up.
 */
export const startShownOncePurge = (
  purge: () => Promise<number>,
  onRound: (deleted: number | undefined, error?: unknown) => void,
  leases?: RoundLeases,
  intervalMs = shownOncePurgeIntervalMs,
): RepeatingTask => startRepeating(purge, intervalMs, onRound, leases?.(shownOncePurgeTask, intervalMs));

/**
 * Verification codes are kept only while they may matter: `sspr serve` deletes a code (its keyed hash, owner,
 * purpose and attempt count) once it has been expired for `codeRetentionSeconds`. Nothing that reads codes needs an
 * older one: a check finds a missing code as it finds an expired one (CODE_EXPIRED), the attempt limit lives on the
 * code itself and ends with it, an authenticator's attempt window is replaced once expired, and the send caps and
 * reset throttles count in their own tables. A used or superseded code (consumed_at set) expires within minutes
 * of being issued (codeRules.ttlSeconds, at most totpEnrolmentSeconds), so "expired for a day" covers it too.
 * The decoys' stand-in codes (purpose `reset-decoy`) are purged alike, so a flood of resets for unknown names
 * leaves nothing behind after a day. Voice calls go in the same round a day after they were placed (whatever their
 * status; a decoy's stays `placed`): a call proves a gate of a reset flow, which ends within 15 minutes.
 */
import { addSeconds } from '../../core/clock.js';
import type { ServiceDeps } from '../deps.js';
import { startRepeating, type RepeatingTask } from '../repeating-task.js';
import type { RoundLeases } from '../round-lease.js';

/** A day past expiry: time to diagnose a just-failed attempt from its row, far past any code's use. */
export const codeRetentionSeconds = 24 * 60 * 60;
/** Rows one statement deletes per tenant per round: a short write, so sign-ins of that tenant wait little. */
export const codePurgeBatch = 5000;
export const codePurgeIntervalMs = 60_000;
/** The name of its lease (round-lease.ts): one instance runs each round. */
export const codePurgeTask = 'code-purge';

/**
 * One round: per tenant, at most `batch` codes expired before the retention cutoff and at most `batch` calls placed
 * before it; returns how many rows in all.
 */
export const purgeExpiredCodes = async (
  deps: Pick<ServiceDeps, 'store' | 'clock'>,
  batch = codePurgeBatch,
): Promise<number> => {
  let deleted = 0;
  let failed: Error | undefined;
  for (const tenant of await deps.store.tenants.list()) {
    const cutoff = addSeconds(deps.clock.now(), -codeRetentionSeconds).toISOString();
    // One tenant's failure does not keep the tenants after it from their purge; the round still reports it.
    try {
      deleted += await deps.store.securityInfo.deleteExpiredCodes(tenant.tenantId, cutoff, batch);
      deleted += await deps.store.voiceCalls.deleteCreatedBefore(tenant.tenantId, cutoff, batch);
    } catch (error) {
      failed ??= error instanceof Error ? error : new Error(String(error));
    }
  }
  if (failed !== undefined) throw failed;
  return deleted;
};

/**
 * `sspr serve`'s round of `purgeExpiredCodes`, every minute, rounds never overlapping; with `leases`, only on the
 * instance holding the task's lease. `stop` waits for a round running and gives the lease up.
 */
export const startCodePurge = (
  purge: () => Promise<number>,
  onRound: (deleted: number | undefined, error?: unknown) => void,
  leases?: RoundLeases,
  intervalMs = codePurgeIntervalMs,
): RepeatingTask => startRepeating(purge, intervalMs, onRound, leases?.(codePurgeTask, intervalMs));

/**
 * One instance per round for `sspr serve`'s tasks that span every tenant (the minute purges). Every instance keeps
 * the task's schedule, and each round first claims the task's lease in the store (`task_leases`, migration 0039):
 * the instance that holds it renews it at each of its rounds and runs them; the others skip theirs. The lease lasts
 * one and a half intervals from the claim, so an instance that stops cleanly gives it up at once, and one that dies
 * holding it costs one or two rounds: the lease runs out half an interval after the round it missed, and another
 * instance's next round (at most an interval later) takes it. A holder whose round fails gives the lease up too
 * (repeating-task.ts), so a holder that keeps failing does not keep the task from the others.
 *
 * The lease's expiry is written and compared by the store's clock, so skew between the instances' clocks does not
 * matter. The lease saves work, it does not guard correctness: each purge is safe to run twice at once (its deletes
 * skip rows another holds on PostgreSQL). So a round that outlasts the lease costs at worst one round run twice.
 */
import type { ServiceDeps } from './deps.js';

export interface RoundLease {
  /** True when this instance runs the round: it took the task's free lease, or renewed its own. */
  claim(): Promise<boolean>;
  /** Gives the lease up (as the instance stops, or after a failed round), so another instance's next round runs. */
  release(): Promise<void>;
}

/** The lease of one task of `intervalMs` rounds, for the instance `holder`. */
export type RoundLeases = (task: string, intervalMs: number) => RoundLease;

/**
 * How long a claim holds, from the claim (taken as a round starts): the holder's next claim comes one interval after
 * its round ENDS (repeating-task.ts), so the lease still covers it only when the round took less than half an
 * interval (30 s for the minute purges, which delete in small batches). A longer round lets it run out first, and
 * another instance may take a round meanwhile: one round run twice, which the purges tolerate (above).
 */
export const leaseMsOf = (intervalMs: number) => intervalMs * 1.5;

/** Leases in the store for the instance `holder` (host, process id and a random id: unique per process). */
export const storeRoundLeases =
  (deps: Pick<ServiceDeps, 'store'>, holder: string): RoundLeases =>
  (task, intervalMs) => ({
    claim: () => deps.store.taskLeases.claim(task, holder, leaseMsOf(intervalMs)),
    release: () => deps.store.taskLeases.release(task, holder),
  });

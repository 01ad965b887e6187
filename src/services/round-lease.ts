/**
 * One instance per round for `sspr serve`'s tasks that span every tenant (the minute purges). Every instance keeps
 * the task's schedule, and each round first claims the task's lease in the store (`task_leases`, migration 0039):
 * the instance that holds it renews it at each of its rounds and runs them; the others skip theirs. The lease lasts
 * one and a half intervals, so an instance that stops cleanly gives it up at once, and one that dies holding it costs
 * one or two rounds: the lease runs out half an interval after the round it missed, and another instance's next
 * round (at most an interval later) takes it.
 *
 * The lease saves work, it does not guard correctness: each purge is safe to run twice at once (its deletes skip rows
 * another holds on PostgreSQL). So a round that outlasts the lease, or clocks apart by more than half an interval
 * (the expiry written by one instance's clock is read by another's), cost at worst one round run twice.
 */
import type { ServiceDeps } from './deps.js';

export interface RoundLease {
  /** True when this instance runs the round: it took the task's free lease, or renewed its own. */
  claim(): Promise<boolean>;
  /** Gives the lease up (as the instance stops), so another instance's next round runs without waiting. */
  release(): Promise<void>;
}

/** The lease of one task of `intervalMs` rounds, for the instance `holder`. */
export type RoundLeases = (task: string, intervalMs: number) => RoundLease;

/** How long a claim holds: past the holder's next round (one interval after its round ends), short of a second. */
export const leaseMsOf = (intervalMs: number) => intervalMs * 1.5;

/** Leases in the store for the instance `holder` (host, process id and a random id: unique per process). */
export const storeRoundLeases =
  (deps: Pick<ServiceDeps, 'store' | 'clock'>, holder: string): RoundLeases =>
  (task, intervalMs) => ({
    claim() {
      const now = deps.clock.now();
      const until = new Date(now.getTime() + leaseMsOf(intervalMs));
      return deps.store.taskLeases.claim(task, holder, now.toISOString(), until.toISOString());
    },
    release: () => deps.store.taskLeases.release(task, holder),
  });

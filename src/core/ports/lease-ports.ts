/**
 * Leases of `sspr serve`'s background tasks that span every tenant (the minute purges), so one instance runs a task's
 * round rather than all of them. Times are ISO-8601 strings of the caller's clock; a lease is not keyed by tenant
 * (migration 0039 says why).
 */
export interface TaskLeaseRepository {
  /**
   * Takes `task`'s lease for `holder` until `until` if it is free at `now` (never taken, or expired) or already
   * `holder`'s (a renewal): one statement, so of instances racing for a free lease exactly one gets it. True when
   * `holder` holds it now.
   */
  claim(task: string, holder: string, now: string, until: string): Promise<boolean>;
  /** Gives up `task`'s lease if `holder` holds it, so another instance takes the next round without waiting. */
  release(task: string, holder: string): Promise<void>;
}

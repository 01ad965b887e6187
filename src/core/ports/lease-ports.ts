/**
 * Leases of `sspr serve`'s background tasks that span every tenant (the minute purges), so one instance runs a task's
 * round rather than all of them. A lease's expiry is set and compared by the store's own clock (the database's), so
 * skew between the instances' clocks does not matter; a lease is not keyed by tenant (migration 0039 says why).
 */
export interface TaskLeaseRepository {
  /**
   * Takes `task`'s lease for `holder` for `leaseMs` from the store's now if it is free (never taken, or expired by the
   * store's clock) or already `holder`'s (a renewal): one statement, so of instances racing for a free lease exactly
   * one gets it. True when `holder` holds it now.
   */
  claim(task: string, holder: string, leaseMs: number): Promise<boolean>;
  /** Gives up `task`'s lease if `holder` holds it, so another instance takes the next round without waiting. */
  release(task: string, holder: string): Promise<void>;
}

/** Row type added by 0039: the lease of a background task that spans every tenant (not keyed by tenant: see 0039). */
export interface TaskLeasesTable {
  task: string;
  holder: string;
  leased_until: string;
}

export interface LeaseTables {
  task_leases: TaskLeasesTable;
}

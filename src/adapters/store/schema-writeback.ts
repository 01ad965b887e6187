/**
 * Row types added by 0035: the write-ahead record of an on-premises password write (never the password); 0036 adds
 * the argon2id hash of the password it attempted, null on records written before it; 0040 the recovery's first
 * sighting.
 */
export interface PendingWritebacksTable {
  tenant_id: string;
  operation_id: string;
  user_id: string;
  flow_id: string | null;
  kind: string;
  actor_type: string;
  actor_id: string | null;
  actor_upn: string | null;
  started_at: string;
  instance: string;
  unknown_since: string | null;
  password_hash: string | null;
  first_seen_at: string | null;
}

export interface WritebackTables {
  pending_writebacks: PendingWritebacksTable;
}

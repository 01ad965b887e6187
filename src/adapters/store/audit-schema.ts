/** Row types of the audit chain and SIEM tables (0020, 0021); part of `Database` in schema.ts. */

/** Added by 0020: where each tenant's audit chain stands (next position, and the anchor left by the last purge). */
export interface AuditChainHeadsTable {
  tenant_id: string;
  last_seq: number;
  /** The newest sealed event's hash, moved by the sealer (before 0029/0030 by an insert trigger; genesis first). */
  last_hash: string;
  anchor_seq: number;
  anchor_hash: string;
}

/** Added by 0020: a row exists only inside the purge's transaction; the delete trigger lets that tenant's rows go. */
export interface AuditPurgeGateTable {
  tenant_id: string;
}

/**
 * Added by 0029 (SQLite) and 0030 (PostgreSQL): one row per batch of a tenant's events linked by the sealer (audit-seal-store.ts).
 * Positions `first_seq`..`last_seq` are the events whose row ids `event_ids` lists (comma-separated, in order);
 * `links` is their link hashes concatenated (64 hex characters each); `prev_hash` the link before the first.
 */
export interface AuditSealsTable {
  tenant_id: string;
  first_seq: number;
  last_seq: number;
  event_ids: string;
  prev_hash: string;
  links: string;
}

/**
 * Added by 0029 (SQLite): one row, the highest audit event row id the sealer has linked (all below are too). On
 * PostgreSQL (0030) the mark is the pair (`sealed_tx`, `sealed_through`) in (tx, id) order, read by raw SQL. Since
 * 0031 a trigger lets it move only forward, to the event sealed last, and never be deleted or replaced.
 */
export interface AuditSealMarkTable {
  id: number;
  sealed_through: number;
}

/** Added by 0021: the SIEM stream's durable cursor and lease, per tenant, sink (syslog, webhook) and source. */
export interface SiemCursorsTable {
  tenant_id: string;
  sink: string;
  source: string;
  position: number;
  lease_owner: string | null;
  lease_until: string | null;
  updated_at: string;
}

/** Added by 0019: what the SIEM status view shows per cursor besides its position. */
export interface SiemStatusTable {
  tenant_id: string;
  sink: string;
  source: string;
  /** When the sink last acknowledged a batch (null before the first). */
  forwarded_at: string | null;
  /** The last failed send's message and time, kept after later successes. */
  last_error: string | null;
  last_error_at: string | null;
}

/** Row types of the on-premises directory's agents and sync state; `Database` names them (schema.ts). */

export interface AgentsTable {
  tenant_id: string;
  agent_id: string;
  name: string;
  token_hash: string;
  agent_public_key: string | null;
  service_public_key: string;
  sealed_service_private_key: string;
  version: string | null;
  last_heartbeat_at: string | null;
  /** Since 0012. */
  last_poll_at?: string | null;
  created_at: string;
  revoked_at: string | null;
}

export interface AgentRequestsTable {
  tenant_id: string;
  request_id: string;
  agent_id: string;
  operation: string;
  payload: string | null;
  status: string;
  created_at: string;
  expires_at: string;
  /** Since 0012. */
  sent_at?: string | null;
  result: string | null;
  completed_at: string | null;
}

/** Added by 0010: one row per directory connection that has been synced. */
export interface DirectorySyncStatesTable {
  tenant_id: string;
  connection_id: string;
  watermark: string | null;
  last_run_at: string | null;
  last_full_run_at: string | null;
  last_outcome: string | null;
  last_counts: string | null;
  lock_owner: string | null;
  locked_until: string | null;
  /** Since 0013: the last run's failure as JSON `{code, details}`; null after a success. */
  last_failure?: string | null;
}

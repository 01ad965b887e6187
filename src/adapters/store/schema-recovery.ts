/** Row types of strong recovery's tables (migrations 0026 and 0027). */
export interface TemporaryAccessPassesTable {
  tenant_id: string;
  user_id: string;
  pass_hash: string;
  one_time: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  created_by: string | null;
}

export interface RecoveryCodesTable {
  tenant_id: string;
  user_id: string;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface CallerVerificationsTable {
  tenant_id: string;
  user_id: string;
  method: string;
  verified_at: string;
  verified_by: string | null;
}

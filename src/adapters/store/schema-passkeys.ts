/**
 * Added by 0025: a passkey's WebAuthn credential (beside its `security_methods` row) and ceremony challenges. The
 * tables join the store's `Database` by declaration merging, so schema.ts stays as it is (and under its size limit).
 */
export interface PasskeyCredentialsTable {
  tenant_id: string;
  credential_id: string;
  method_id: string;
  user_id: string;
  public_key: string;
  sign_count: number;
  transports: string;
  backup_eligible: number;
  backup_state: number;
  created_at: string;
  last_used_at: string | null;
}

export interface PasskeyChallengesTable {
  tenant_id: string;
  challenge_hash: string;
  purpose: string;
  subject: string;
  expires_at: string;
}

declare module './schema.js' {
  interface Database {
    passkey_credentials: PasskeyCredentialsTable;
    passkey_challenges: PasskeyChallengesTable;
  }
}

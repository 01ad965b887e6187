/** Row types added by 0022 (the helpdesk's "Require re-registration", issue #14 item 5) and 0033 (shown once). */
export interface ReregistrationRequirementsTable {
  tenant_id: string;
  user_id: string;
  required_at: string;
  required_by: string | null;
}

/** Added by 0033: the claim that makes a secret the console shows once single-use (its keyed hash, never the secret). */
export interface ShownOnceClaimsTable {
  tenant_id: string;
  claim_hash: string;
  expires_at: string;
}

export interface HelpdeskTables {
  reregistration_requirements: ReregistrationRequirementsTable;
  shown_once_claims: ShownOnceClaimsTable;
}

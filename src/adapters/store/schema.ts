/**
 * Row types of the store. One schema serves SQLite and PostgreSQL, so instants are ISO-8601 UTC
 * text (lexically ordered) and booleans are 0/1 integers. `tenant_id` leads every key.
 */
export interface TenantsTable {
  tenant_id: string;
  name: string;
  country: string;
  is_trial: number;
  created_at: string;
}

export interface TenantDomainsTable {
  tenant_id: string;
  domain: string;
  is_initial: number;
}

export interface UsersTable {
  tenant_id: string;
  user_id: string;
  upn: string;
  upn_key: string;
  display_name: string;
  given_name: string | null;
  surname: string | null;
  usage_location: string | null;
  account_enabled: number;
  source: string;
  on_prem_anchor: string | null;
  password_hash: string | null;
  password_last_set_at: string | null;
  mobile_phone: string | null;
  office_phone: string | null;
  alternate_email: string | null;
  created_at: string;
}

export interface UserRolesTable {
  tenant_id: string;
  user_id: string;
  role: string;
}

export interface GroupsTable {
  tenant_id: string;
  group_id: string;
  name: string;
  name_key: string;
  created_at: string;
}

export interface GroupMembersTable {
  tenant_id: string;
  group_id: string;
  member_type: string;
  member_id: string;
}

export interface SessionsTable {
  tenant_id: string;
  session_hash: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface LockoutsTable {
  tenant_id: string;
  user_id: string;
  failed_count: number;
  lockout_count: number;
  locked_until: string | null;
  recent_bad_attempts: string;
  updated_at: string;
}

export interface AuditEventsTable {
  tenant_id: string;
  event_id: string;
  occurred_at: string;
  service: string;
  category: string;
  activity: string;
  result: string;
  result_reason: string | null;
  actor_type: string;
  actor_id: string | null;
  actor_upn: string | null;
  target_type: string | null;
  target_id: string | null;
  target_name: string | null;
  ip_address: string | null;
  details: string;
}

export interface OutboxMessagesTable {
  tenant_id: string;
  message_id: string;
  channel: string;
  recipient: string;
  subject: string | null;
  body_text: string;
  created_at: string;
}

export interface PasswordProtectionSettingsTable {
  tenant_id: string;
  profile: string;
  nist_min_length: number;
  nist_max_length: number;
  enforce_custom_list: number;
  breached_check: number;
  updated_at: string;
}

export interface BannedPasswordTermsTable {
  tenant_id: string;
  term_key: string;
  term: string;
  created_at: string;
}

export interface SubscriptionsTable {
  tenant_id: string;
  sku_id: string;
  seats: number;
  created_at: string;
}

export interface DirectLicenseAssignmentsTable {
  tenant_id: string;
  user_id: string;
  sku_id: string;
  assigned_at: string;
}

export interface GroupLicenseAssignmentsTable {
  tenant_id: string;
  group_id: string;
  sku_id: string;
  assigned_at: string;
}

export interface UserLicensesTable {
  tenant_id: string;
  user_id: string;
  sku_id: string;
  via_group_id: string;
  via_group_name: string | null;
  state: string;
  assigned_at: string;
}

export interface SsprPoliciesTable {
  tenant_id: string;
  policy: string;
  updated_at: string;
}

export interface VoiceCallsTable {
  tenant_id: string;
  call_id: string;
  locale: string;
  status: string;
  created_at: string;
  answered_at: string | null;
}

export interface Database {
  voice_calls: VoiceCallsTable;
  sspr_policies: SsprPoliciesTable;
  subscriptions: SubscriptionsTable;
  direct_license_assignments: DirectLicenseAssignmentsTable;
  group_license_assignments: GroupLicenseAssignmentsTable;
  user_licenses: UserLicensesTable;
  password_protection_settings: PasswordProtectionSettingsTable;
  banned_password_terms: BannedPasswordTermsTable;
  tenants: TenantsTable;
  tenant_domains: TenantDomainsTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  sessions: SessionsTable;
  lockouts: LockoutsTable;
  audit_events: AuditEventsTable;
  outbox_messages: OutboxMessagesTable;
}

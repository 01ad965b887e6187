import type { AgentRequestsTable, AgentsTable, DirectorySyncStatesTable } from './schema-directory.js';
import type { PasswordExpiryTables } from './schema-expiry.js';
import type { BrandingTables } from './schema-branding.js';
import type { HelpdeskTables } from './schema-helpdesk.js';
import type { WritebackTables } from './schema-writeback.js';
import type { LeaseTables } from './schema-leases.js';

/**
 * Row types of the store. One schema serves SQLite and PostgreSQL, so instants are ISO-8601 UTC
 * text (lexically ordered) and booleans are 0/1 integers. `tenant_id` leads every key.
 */
import type { CallerVerificationsTable, RecoveryCodesTable, TemporaryAccessPassesTable } from './schema-recovery.js';
import type { SignInEventsTable } from './schema-reports.js';
import type { DeliveryQueueTable } from './schema-delivery.js';

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
  /** Added by 0010: set for users synced from a directory connection. */
  on_prem_connection_id?: string | null;
  on_prem_dn?: string | null;
  /** Added by 0014: 1 after an admin reset until the user sets a password (change at next sign-in). */
  must_change_password?: number;
  /** Added by 0024: the service-account opt-out, the expiry read from a directory, the language last used. */
  password_never_expires?: number;
  directory_password_expires_at?: string | null;
  preferred_language?: string | null;
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
  /** Added by 0010: set for groups synced from a directory connection. */
  on_prem_connection_id?: string | null;
  on_prem_anchor?: string | null;
  on_prem_dn?: string | null;
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
  /** Added by 0006; null until the first step-up. */
  stepped_up_at: string | null;
  /** Added by 0026: `securityInfo` for a session opened with a Temporary Access Pass. */
  scope: string | null;
}

export interface LockoutsTable {
  tenant_id: string;
  user_id: string;
  failed_count: number;
  lockout_count: number;
  locked_until: string | null;
  recent_bad_attempts: string;
  /** Added by 0017: a JSON array of ISO instants (wrong passwords the directory may still count). */
  directory_failures: string;
  updated_at: string;
}

// The audit chain's tables live in audit-schema.ts; importers of the schema get them from here too.
export type * from './audit-schema.js';
import type * as audit from './audit-schema.js';

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
  /**
   * Since 0020: the event's position in its tenant's hash chain, the previous event's hash and its own. Null on
   * SQLite since 0029 and on PostgreSQL rows appended since 0030, where the chain is kept per batch in `audit_seals`
   * (audit-seal-store.ts).
   */
  seq: number | null;
  prev_hash: string | null;
  hash: string | null;
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
  common_password_check: number;
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

export interface DirectoryConnectionsTable {
  tenant_id: string;
  connection_id: string;
  type: string;
  url: string;
  bind_dn: string;
  sealed_bind_password: string;
  base_dn: string;
  user_filter: string | null;
  start_tls: number;
  ca_file: string | null;
  mode: string;
  protected_groups: string;
  created_at: string;
  updated_at: string;
  last_test_at: string | null;
  last_test_outcome: string | null;
  last_test_reason: string | null;
  /** Since 0011: reached through this agent (null: directly). */
  agent_id?: string | null;
  /** Since 0013: the most users one sync may disable and groups it may delete, together (0: no limit). */
  deletion_threshold?: number;
}

export interface ApiTokensTable {
  tenant_id: string;
  token_id: string;
  name: string;
  roles: string;
  token_hash: string;
  created_at: string;
  created_by: string | null;
  expires_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface SecurityMethodsTable {
  tenant_id: string;
  method_id: string;
  user_id: string;
  type: string;
  value: string | null;
  sealed_secret: string | null;
  label: string | null;
  status: string;
  last_totp_step: number | null;
  created_at: string;
  verified_at: string | null;
  updated_at: string;
}

export interface SecurityAnswersTable {
  tenant_id: string;
  user_id: string;
  question_id: string;
  answer_hash: string;
  created_at: string;
}

export interface SecurityCodesTable {
  tenant_id: string;
  code_id: string;
  user_id: string;
  subject_id: string;
  purpose: string;
  code_hash: string;
  expires_at: string;
  attempts: number;
  consumed_at: string | null;
  created_at: string;
}

export interface SecurityCustomQuestionsTable {
  tenant_id: string;
  question_id: string;
  text: string;
  created_at: string;
}

export interface SecurityInfoSettingsTable {
  tenant_id: string;
  allowed_countries: string;
  daily_cap_per_number: number;
  daily_cap_per_tenant: number;
  hourly_cap_per_prefix: number;
  hourly_cap_per_ip: number;
  hourly_phone_budget: number;
  /** 1: notices also go by SMS. */
  sms_notices: number;
  updated_at: string;
}

export interface SmsBudgetBreakersTable {
  tenant_id: string;
  generation: number;
  opened_at: string | null;
  updated_at: string;
}

export interface SecuritySendCountsTable {
  tenant_id: string;
  scope: string;
  key: string;
  day: string;
  count: number;
}

export interface SecurityInfoConfirmationsTable {
  tenant_id: string;
  user_id: string;
  confirmed_at: string;
}

export interface ResetFlowsTable {
  tenant_id: string;
  flow_hash: string;
  user_id: string | null;
  state: string;
  version: number;
  created_at: string;
  expires_at: string;
}

export interface ResetThrottlesTable {
  tenant_id: string;
  user_key: string;
  kind: string;
  state: string;
  updated_at: string;
}

export interface CaptchaUsesTable {
  challenge_id: string;
  expires_at: string;
}

export interface Database extends PasswordExpiryTables, BrandingTables, HelpdeskTables, WritebackTables, LeaseTables {
  temporary_access_passes: TemporaryAccessPassesTable;
  recovery_codes: RecoveryCodesTable;
  caller_verifications: CallerVerificationsTable;
  delivery_queue: DeliveryQueueTable;
  agents: AgentsTable;
  agent_requests: AgentRequestsTable;
  reset_flows: ResetFlowsTable;
  reset_throttles: ResetThrottlesTable;
  captcha_uses: CaptchaUsesTable;
  voice_calls: VoiceCallsTable;
  api_tokens: ApiTokensTable;
  directory_connections: DirectoryConnectionsTable;
  security_methods: SecurityMethodsTable;
  security_answers: SecurityAnswersTable;
  security_codes: SecurityCodesTable;
  security_custom_questions: SecurityCustomQuestionsTable;
  security_info_settings: SecurityInfoSettingsTable;
  security_send_counts: SecuritySendCountsTable;
  sms_budget_breakers: SmsBudgetBreakersTable;
  security_info_confirmations: SecurityInfoConfirmationsTable;
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
  audit_chain_heads: audit.AuditChainHeadsTable;
  audit_purge_gate: audit.AuditPurgeGateTable;
  audit_seals: audit.AuditSealsTable;
  audit_seal_mark: audit.AuditSealMarkTable;
  siem_cursors: audit.SiemCursorsTable;
  siem_status: audit.SiemStatusTable;
  outbox_messages: OutboxMessagesTable;
  directory_sync_states: DirectorySyncStatesTable;
  sign_in_events: SignInEventsTable;
}

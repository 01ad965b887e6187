/** Row types added by 0024 (password expiry, issue #16); `Database` extends `PasswordExpiryTables`. */
export interface PasswordExpiryPoliciesTable {
  tenant_id: string;
  domain: string;
  validity_days: number | null;
  notify_days: number;
  updated_at: string;
}

export interface PasswordExpirySettingsTable {
  tenant_id: string;
  /** JSON array of whole days, descending. */
  reminder_days: string;
  sms_reminders: number;
  daily_reminder_cap: number;
  updated_at: string;
}

export interface PasswordExpiryRemindersTable {
  tenant_id: string;
  user_id: string;
  expires_at: string;
  threshold_days: number;
  sent_at: string;
  /** The UTC day of `sent_at`, for the daily cap. */
  sent_day: string;
}

/** One row per run of a scheduled job claimed by an instance: the first insert wins. */
export interface ScheduledRunsTable {
  tenant_id: string;
  job: string;
  run_key: string;
  claimed_by: string;
  claimed_at: string;
}

export interface PasswordExpiryTables {
  password_expiry_policies: PasswordExpiryPoliciesTable;
  password_expiry_settings: PasswordExpirySettingsTable;
  password_expiry_reminders: PasswordExpiryRemindersTable;
  scheduled_runs: ScheduledRunsTable;
}

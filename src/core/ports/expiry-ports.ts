import type { DomainExpiryPolicy, ExpiryReminderSettings } from '../password/expiry.js';

/** What the reminder job needs of one user, without loading whole users (issue #16 plans 100,000 at a time). */
export interface ExpiryCandidate {
  userId: string;
  upn: string;
  displayName: string;
  source: 'cloud' | 'synced' | 'passthrough' | 'federated';
  accountEnabled: boolean;
  passwordLastSetAt: string | null;
  passwordNeverExpires: boolean;
  directoryPasswordExpiresAt: string | null;
  alternateEmail: string | null;
  mobilePhone: string | null;
  preferredLanguage: string | null;
}

export interface PasswordExpiryRepository {
  listPolicies(tenantId: string): Promise<DomainExpiryPolicy[]>;
  putPolicy(tenantId: string, policy: DomainExpiryPolicy, updatedAt: string): Promise<void>;
  getSettings(tenantId: string): Promise<ExpiryReminderSettings | undefined>;
  putSettings(tenantId: string, settings: ExpiryReminderSettings, updatedAt: string): Promise<void>;
  /** A page of users ordered by user id, after `afterUserId`. */
  listCandidates(tenantId: string, afterUserId: string | null, limit: number): Promise<ExpiryCandidate[]>;
  /** Thresholds already sent for these users' passwords, keyed `userId|expiresAt`. */
  sentThresholds(tenantId: string, userIds: readonly string[]): Promise<Map<string, Set<number>>>;
  /** Records one reminder; false when it was already recorded (by this or another instance). */
  recordReminder(
    tenantId: string,
    reminder: { userId: string; expiresAt: string; thresholdDays: number },
    sentAt: string,
  ): Promise<boolean>;
  countRemindersOn(tenantId: string, day: string): Promise<number>;
  setPasswordNeverExpires(tenantId: string, userId: string, neverExpires: boolean): Promise<void>;
  setDirectoryPasswordExpiry(tenantId: string, userId: string, expiresAt: string | null): Promise<void>;
  setPreferredLanguage(tenantId: string, userId: string, language: string): Promise<void>;
  /** Claims one run of a scheduled job; false when another instance already did. */
  claimRun(tenantId: string, job: string, runKey: string, claimedBy: string, claimedAt: string): Promise<boolean>;
}

/** The glossary's nouns as plain data (DESIGN §1). Instants are ISO-8601 UTC strings. */

export type UserSource = 'cloud' | 'synced' | 'passthrough' | 'federated';
export const userSources: readonly UserSource[] = ['cloud', 'synced', 'passthrough', 'federated'];

export interface Tenant {
  tenantId: string;
  name: string;
  /** Two-letter country; the usage location users inherit when none is set. */
  country: string;
  isTrial: boolean;
  createdAt: string;
  domains: string[];
}

export interface User {
  tenantId: string;
  userId: string;
  upn: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  usageLocation: string | null;
  accountEnabled: boolean;
  source: UserSource;
  onPremAnchor: string | null;
  /** argon2id PHC string; null for users whose password lives on-premises only. */
  passwordHash: string | null;
  passwordLastSetAt: string | null;
  mobilePhone: string | null;
  officePhone: string | null;
  alternateEmail: string | null;
  roles: string[];
  createdAt: string;
  /** Set by an administrator's reset (Entra's forceChangePasswordNextSignIn) until the user sets a password; absent = false. */
  mustChangePassword?: boolean;
  /** A service account's opt-out of password expiry (issue #16); absent = false. */
  passwordNeverExpires?: boolean;
  /** When the directory expires this user's password, read during sync; absent = never or unknown. */
  directoryPasswordExpiresAt?: string;
}

export type NewUser = Omit<User, 'createdAt'>;

export interface Group {
  tenantId: string;
  groupId: string;
  name: string;
  createdAt: string;
}

export type GroupMember = { type: 'user'; id: string } | { type: 'group'; id: string };

export interface Session {
  tenantId: string;
  /** Keyed hash of the secret half of the cookie; the secret itself is never stored. */
  sessionHash: string;
  userId: string;
  createdAt: string;
  lastSeenAt: string;
  /** The absolute end of the session, fixed at creation. */
  expiresAt: string;
  /** The last step-up (password re-entered, or an existing method verified); sign-in counts as one too. */
  steppedUpAt?: string | null;
  /** `securityInfo`: opened with a Temporary Access Pass, good only for registering security info. */
  scope?: 'securityInfo' | null;
}

export interface AuditEvent {
  tenantId: string;
  eventId: string;
  occurredAt: string;
  service: string;
  category: string;
  activity: string;
  result: 'success' | 'failure';
  resultReason: string | null;
  actor: { type: 'user' | 'admin' | 'system' | 'cli'; id: string | null; upn: string | null };
  target: {
    type: 'user' | 'group' | 'tenant' | 'policy' | 'apiToken' | 'directoryConnection' | 'agent';
    id: string | null;
    name: string | null;
  } | null;
  ipAddress: string | null;
  details: Record<string, string | number | boolean | null>;
  /**
   * Only on an event read back from a row whose stored details are not a JSON object (written outside the app):
   * that text as stored, which the hash chain covers instead; `details` is then empty.
   */
  unreadableDetails?: string;
}

export interface OutboxMessage {
  tenantId: string;
  messageId: string;
  channel: 'email' | 'sms' | 'voice';
  recipient: string;
  subject: string | null;
  bodyText: string;
  createdAt: string;
}

/**
 * A voice call placed to confirm a phone (press # to confirm). `answeredAt` is set with the answer;
 * `failed` means the provider never placed the call.
 */
export type VoiceCallStatus = 'placed' | 'confirmed' | 'rejected' | 'failed';

export interface VoiceCall {
  tenantId: string;
  callId: string;
  /** The language the call speaks (and its callback replies in). */
  locale: string;
  status: VoiceCallStatus;
  createdAt: string;
  answeredAt: string | null;
}

/**
 * A revocable API token for automation. The caller holds `sspr_<tokenId>_<secret>`; only a keyed
 * hash of it is stored. It acts with `roles`, on its tenant's admin API only.
 */
export interface ApiToken {
  tenantId: string;
  tokenId: string;
  name: string;
  roles: string[];
  tokenHash: string;
  createdAt: string;
  /** The admin's user id, or null when made from the CLI. */
  createdBy: string | null;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The fields of a user an admin may change; null clears an optional one. */
export type UserChanges = Partial<
  Pick<
    User,
    | 'displayName'
    | 'givenName'
    | 'surname'
    | 'usageLocation'
    | 'accountEnabled'
    | 'mobilePhone'
    | 'officePhone'
    | 'alternateEmail'
  >
>;

/** How an on-premises directory's users sign in and where their password hash lives (Entra's three modes). */
export type DirectoryMode = 'passwordHashSync' | 'passthrough' | 'federated';
export const directoryModes: readonly DirectoryMode[] = ['passwordHashSync', 'passthrough', 'federated'];
/** The registered directory dialects' ids ('openldap' | 'ad'): derived from the registry, never listed here. */
import type { DirectoryType } from '../dialects/registry.js';
export { directoryTypes, type DirectoryType } from '../dialects/registry.js';

/** A tenant's connection to its on-premises directory, without its credentials (never returned). */
export interface DirectoryConnectionConfig {
  tenantId: string;
  connectionId: string;
  type: DirectoryType;
  url: string;
  bindDn: string;
  baseDn: string;
  userFilter: string | null;
  startTls: boolean;
  caFile: string | null;
  mode: DirectoryMode;
  /** DNs; AD adminCount=1 is always protected. */
  protectedGroups: string[];
  createdAt: string;
  updatedAt: string;
  /** Reached through this on-premises agent rather than directly (issue 7, item 5); absent/null: directly. */
  agentId?: string | null;
  /**
   * The most users one sync may disable and groups it may delete, together, before it does none of it (Entra's
   * accidental-deletion threshold);
   * 0: no limit. Always set on a stored connection; absent only where a caller builds a config by hand (the default).
   */
  deletionThreshold?: number;
}

/** The outcome of the last connection test, shown in the console as Entra's writeback status. */
export interface DirectoryTestRecord {
  at: string;
  outcome: 'ok' | 'unreachable' | 'misconfigured';
  /** The misconfiguration reason (e.g. serviceBindFailed), never the raw diagnostic. */
  reason: string | null;
}

/** What the store keeps: the config, the sealed bind password and the last test. */
export interface StoredDirectoryConnection extends DirectoryConnectionConfig {
  sealedBindPassword: string;
  lastTest: DirectoryTestRecord | null;
}

/** An enrolled on-premises agent (issue 7, item 5): holds an outbound connection and reaches the directory locally. */
export interface Agent {
  tenantId: string;
  agentId: string;
  name: string;
  /** Keyed hash of the token, shown once at enrollment. */
  tokenHash: string;
  /** Pinned on the agent's first contact; null until then (and after a key rotation). */
  agentPublicKey: string | null;
  servicePublicKey: string;
  sealedServicePrivateKey: string;
  version: string | null;
  lastHeartbeatAt: string | null;
  /** Since 0012: the agent's last long poll, for failing fast when it heartbeats but takes no work. */
  lastPollAt: string | null;
  createdAt: string;
  revokedAt: string | null;
}

export type AgentRequestStatus = 'queued' | 'sent' | 'done' | 'expired';

/** One directory call waiting in the durable queue for an agent; `payload` is sealed for the agent. */
export interface AgentRequest {
  tenantId: string;
  requestId: string;
  agentId: string;
  operation: string;
  payload: string | null;
  status: AgentRequestStatus;
  createdAt: string;
  expiresAt: string;
  /** Since 0012: when it was last handed out; a `sent` request unanswered for a while is handed out again. */
  sentAt: string | null;
  /** The agent's DirectoryResult as JSON, once done. */
  result: string | null;
  completedAt: string | null;
}

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
  target: { type: 'user' | 'group' | 'tenant' | 'policy'; id: string | null; name: string | null } | null;
  ipAddress: string | null;
  details: Record<string, string | number | boolean | null>;
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

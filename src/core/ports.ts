/**
 * Ports: what core and services need from the outside world, in domain verbs. Adapters implement
 * them; `app.ts` picks the implementations. Every store call is scoped by tenant.
 */
import type { Entitlement } from './licensing/entitlements.js';
import type { LicenseStateChanges } from './licensing/license-changes.js';
import type { AssignmentWithState, LicenseAssignment } from './licensing/license-states.js';
import type { SkuId } from './licensing/sku-catalogue.js';
import type { SsprPolicy } from './policy/sspr-policy.js';
import type { LockoutState } from './lockout/smart-lockout.js';
import type { CustomTerm, PasswordProtectionSettings } from './password/protection-settings.js';
import type { AuditEvent, Group, GroupMember, NewUser, OutboxMessage, Session, Tenant, User } from './model.js';

export type { Clock } from './clock.js';

export interface TenantRepository {
  create(tenant: Tenant): Promise<void>;
  findByDomain(domain: string): Promise<Tenant | undefined>;
  findById(tenantId: string): Promise<Tenant | undefined>;
  list(): Promise<Tenant[]>;
}

export interface UserRepository {
  create(user: NewUser, createdAt: string): Promise<void>;
  findByUpn(tenantId: string, upn: string): Promise<User | undefined>;
  findById(tenantId: string, userId: string): Promise<User | undefined>;
  list(tenantId: string): Promise<User[]>;
  /** With `expectedHash`, only replaces that hash (compare-and-set); returns whether a row changed. */
  setPassword(tenantId: string, userId: string, passwordHash: string, setAt: string, expectedHash?: string): Promise<boolean>;
  setUsageLocation(tenantId: string, userId: string, usageLocation: string | null): Promise<void>;
  /** Every user's own usage location (null when unset), without loading whole users. */
  listUsageLocations(tenantId: string): Promise<Map<string, string | null>>;
}

export interface GroupRepository {
  create(group: Group): Promise<void>;
  findByName(tenantId: string, name: string): Promise<Group | undefined>;
  findById(tenantId: string, groupId: string): Promise<Group | undefined>;
  addMember(tenantId: string, groupId: string, member: GroupMember): Promise<void>;
  listMembers(tenantId: string, groupId: string): Promise<GroupMember[]>;
  /** Groups the member belongs to directly. */
  listDirectGroupsOf(tenantId: string, member: GroupMember): Promise<Group[]>;
  /** Every group reachable upwards through nesting (the SSPR-scope view; licensing uses direct only). */
  listTransitiveGroupsOf(tenantId: string, member: GroupMember): Promise<Group[]>;
}

export interface SessionRepository {
  create(session: Session): Promise<void>;
  find(tenantId: string, sessionHash: string): Promise<Session | undefined>;
  touch(tenantId: string, sessionHash: string, lastSeenAt: string): Promise<void>;
  delete(tenantId: string, sessionHash: string): Promise<void>;
  /** Revokes every session of the user except `keepSessionHash`; returns how many ended. */
  deleteAllForUser(tenantId: string, userId: string, keepSessionHash?: string): Promise<number>;
  deleteExpired(now: string): Promise<number>;
}

export interface LockoutRepository {
  /** `forUpdate` creates the row if missing and holds it until the transaction ends, so concurrent failures all count. */
  get(tenantId: string, userId: string, options?: { forUpdate?: boolean }): Promise<LockoutState | undefined>;
  put(tenantId: string, userId: string, state: LockoutState, updatedAt: string): Promise<void>;
}

export interface AuditLog {
  append(event: AuditEvent): Promise<void>;
  list(tenantId: string, options?: { limit?: number; activity?: string }): Promise<AuditEvent[]>;
}

export interface OutboxRepository {
  add(message: OutboxMessage): Promise<void>;
  list(options?: { tenantId?: string; recipient?: string; limit?: number }): Promise<OutboxMessage[]>;
}

export interface PasswordProtectionRepository {
  getSettings(tenantId: string): Promise<PasswordProtectionSettings | undefined>;
  putSettings(tenantId: string, settings: PasswordProtectionSettings, updatedAt: string): Promise<void>;
  /** Sorted by key. */
  listCustomTerms(tenantId: string): Promise<CustomTerm[]>;
  addCustomTerms(tenantId: string, terms: CustomTerm[], createdAt: string): Promise<void>;
  /** Serialises edits of one tenant's list until the transaction ends (a row lock on PostgreSQL). */
  lockList(tenantId: string): Promise<void>;
  /** Returns how many of the keys were on the list. */
  removeCustomTerms(tenantId: string, keys: string[]): Promise<number>;
}

export interface Subscription {
  skuId: SkuId;
  seats: number;
  createdAt: string;
}

export interface LicensingRepository {
  listSubscriptions(tenantId: string): Promise<Subscription[]>;
  putSubscription(tenantId: string, subscription: Subscription): Promise<void>;
  removeSubscription(tenantId: string, skuId: SkuId): Promise<number>;
  listAssignments(tenantId: string): Promise<LicenseAssignment[]>;
  addDirectAssignment(tenantId: string, userId: string, skuId: SkuId, assignedAt: string): Promise<void>;
  removeDirectAssignment(tenantId: string, userId: string, skuId: SkuId): Promise<number>;
  addGroupAssignment(tenantId: string, groupId: string, skuId: SkuId, assignedAt: string): Promise<void>;
  removeGroupAssignment(tenantId: string, groupId: string, skuId: SkuId): Promise<number>;
  /** Replaces every computed licence state of the tenant. */
  replaceUserLicenses(tenantId: string, licenses: AssignmentWithState[]): Promise<void>;
  listUserLicenses(tenantId: string, userId?: string): Promise<AssignmentWithState[]>;
  /**
   * Serialises licence recomputations of one tenant until the transaction ends (a row lock on
   * PostgreSQL), so a recomputation reads the states the previous one wrote.
   */
  lockLicenses(tenantId: string): Promise<void>;
  /** Deletes the removed states and inserts or overwrites the written ones. */
  applyUserLicenseChanges(tenantId: string, changes: LicenseStateChanges): Promise<void>;
}

export interface SsprPolicyRepository {
  get(tenantId: string): Promise<SsprPolicy | undefined>;
  put(tenantId: string, policy: SsprPolicy, updatedAt: string): Promise<void>;
}

export interface StoreRepositories {
  ssprPolicies: SsprPolicyRepository;
  licensing: LicensingRepository;
  passwordProtection: PasswordProtectionRepository;
  tenants: TenantRepository;
  users: UserRepository;
  groups: GroupRepository;
  sessions: SessionRepository;
  lockouts: LockoutRepository;
  audit: AuditLog;
  outbox: OutboxRepository;
}

export interface Store extends StoreRepositories {
  /** Runs `work` in one transaction: every state change and its audit event commit together or not at all. */
  transaction<T>(work: (store: StoreRepositories) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
  readonly dialect: 'sqlite' | 'postgres';
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

/** Keyed (HMAC) hashing for secrets that must be looked up or compared but never stored. */
export interface KeyedHasher {
  digest(purpose: string, value: string): string;
  /** Constant-time comparison of two digests. */
  equals(a: string, b: string): boolean;
}

export interface RandomSource {
  /** `bytes` random bytes from a CSPRNG, base64url-encoded. */
  token(bytes: number): string;
  uuid(): string;
}

/** One email: a plain-text body always, an HTML alternative when the template has one. */
export interface EmailMessage {
  tenantId: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/**
 * Channels only deliver; they know nothing about codes, expiry or attempts (those belong to methods).
 * A channel rejects when delivery failed; callers map that to "we couldn't send the code".
 */
export interface EmailChannel {
  send(message: EmailMessage): Promise<void>;
}

/** A text message to an E.164 number. */
export interface SmsChannel {
  send(message: { tenantId: string; to: string; text: string }): Promise<void>;
}

/**
 * A voice call to an E.164 number that reads `say` in `locale` and asks the callee to press # to
 * confirm. `callId` is the caller's random id for this call: the answer comes back later, through the
 * provider's signed callback (or the dev outbox's button), keyed by it.
 */
export interface VoiceChannel {
  call(message: { tenantId: string; to: string; callId: string; locale: string; say: string }): Promise<void>;
}

/**
 * A corpus of passwords seen in breaches. Implementations: the k-anonymity range API client and the
 * offline on-disk index. Only SHA-1 digests (and for the API only the first 5 hex characters) leave
 * the process.
 */
export interface BreachedPasswordSource {
  /** How many times the password was seen in breaches (0 = never). Rejects when the source is unavailable. */
  countOf(password: string): Promise<number>;
}

/**
 * The single entitlement check every feature gate asks. Licensing implements it from SKUs and
 * assignments; until then app.ts wires a check that grants everything.
 */
export interface EntitlementCheck {
  tenantHas(tenantId: string, entitlement: Entitlement): Promise<boolean>;
}

/**
 * The store: one repository per family of rows, every call scoped by tenant, and the transaction that commits a
 * state change with its audit event.
 */
import type { ReportRepository, SignInEvent, SignInLog } from './report-ports.js';
import type { DeliveryQueueRepository } from './delivery-queue-ports.js';
import type { LicenseStateChanges } from '../licensing/license-changes.js';
import type { AssignmentWithState, LicenseAssignment } from '../licensing/license-states.js';
import type { SkuId } from '../licensing/sku-catalogue.js';
import type { SsprPolicy } from '../policy/sspr-policy.js';
import type { PasskeyRepository } from './passkey-ports.js';
import type { LockoutRepository, SignInLookup } from './sign-in-ports.js';
import type { PasswordExpiryRepository } from './expiry-ports.js';
import type { BrandingRepository } from './branding-ports.js';
import type { CustomTerm, PasswordProtectionSettings } from '../password/protection-settings.js';
import type { MethodRecord, PendingCode, SecurityAnswerRecord, CustomQuestion } from '../methods/records.js';
import type { SendCountRepository } from './send-count-ports.js';
import type {
  ApiToken,
  AuditEvent,
  Group,
  GroupMember,
  NewUser,
  OutboxMessage,
  Session,
  Tenant,
  User,
  UserChanges,
  VoiceCall,
  VoiceCallStatus,
} from '../model.js';
import type { AuditChainHead, ChainedAuditEvent } from '../audit/audit-chain.js';
import type {
  AgentRepository,
  DirectoryConnectionRepository,
  DirectorySyncRepository,
} from '../directory/directory-ports.js';
import type { RecoveryRepository } from './recovery-ports.js';
import type { ReregistrationRepository } from './helpdesk-ports.js';
import type { ShownOnceRepository } from './shown-once-ports.js';
import type { PendingWritebackRepository } from './pending-writeback-ports.js';
import type { TaskLeaseRepository } from './lease-ports.js';

export interface TenantRepository {
  create(tenant: Tenant): Promise<void>;
  findByDomain(domain: string): Promise<Tenant | undefined>;
  findById(tenantId: string): Promise<Tenant | undefined>;
  list(): Promise<Tenant[]>;
}

export interface UserRepository {
  create(user: NewUser, createdAt: string): Promise<void>;
  findByUpn(tenantId: string, upn: string): Promise<User | undefined>;
  /** Sign-in's one statement: `tenants.findByDomain`, then `findByUpn` there and `lockouts.get`, together. */
  findForSignIn(domain: string, upn: string): Promise<SignInLookup | undefined>;
  findById(tenantId: string, userId: string): Promise<User | undefined>;
  list(tenantId: string): Promise<User[]>;
  /**
   * Sets the cloud hash and clears "must change at next sign-in". With `expectedHash`, only replaces that hash
   * (compare-and-set); returns whether a row changed.
   */
  setPassword(
    tenantId: string,
    userId: string,
    passwordHash: string,
    setAt: string,
    expectedHash?: string,
  ): Promise<boolean>;
  /** Entra's forceChangePasswordNextSignIn: the next sign-in must change the password first. */
  setMustChangePassword(tenantId: string, userId: string, required: boolean): Promise<void>;
  setUsageLocation(tenantId: string, userId: string, usageLocation: string | null): Promise<void>;
  /** Every user's own usage location (null when unset), without loading whole users. */
  listUsageLocations(tenantId: string): Promise<Map<string, string | null>>;
  /** A page of users ordered by UPN; `prefix` matches the start of the UPN or display name, case-insensitively. */
  search(tenantId: string, options: { prefix?: string; limit: number; offset: number }): Promise<User[]>;
  update(tenantId: string, userId: string, changes: UserChanges): Promise<void>;
  /** Deletes the user with its roles, sessions, lockout, direct assignments and group memberships; returns rows deleted (0 or 1). */
  delete(tenantId: string, userId: string): Promise<number>;
  /** Returns false when the user already held the role. */
  addRole(tenantId: string, userId: string, role: string): Promise<boolean>;
  removeRole(tenantId: string, userId: string, role: string): Promise<number>;
  /** Ids of the enabled users holding the role. */
  listEnabledRoleHolders(tenantId: string, role: string): Promise<string[]>;
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
  /** Sorted by name. */
  list(tenantId: string): Promise<Group[]>;
  removeMember(tenantId: string, groupId: string, member: GroupMember): Promise<number>;
  /** Deletes the group, its members list, its licence assignments and its own memberships in other groups. */
  delete(tenantId: string, groupId: string): Promise<number>;
}

export interface ApiTokenRepository {
  create(token: ApiToken): Promise<void>;
  /**
   * By id alone: a presented token must find its tenant, as a UPN's domain does. Token ids are
   * random UUIDs, unique across tenants.
   */
  findById(tokenId: string): Promise<ApiToken | undefined>;
  /** Newest first. */
  list(tenantId: string): Promise<ApiToken[]>;
  /** Returns whether a live token was revoked (false when unknown or already revoked). */
  revoke(tenantId: string, tokenId: string, revokedAt: string): Promise<boolean>;
  touch(tenantId: string, tokenId: string, lastUsedAt: string): Promise<void>;
}

export interface SessionRepository {
  /**
   * With `signIn`, that sign-in's log row is written too, in the same statement on PostgreSQL (a round trip less per
   * sign-in): as `signIns.append` writes it.
   */
  create(session: Session, signIn?: Omit<SignInEvent, 'id'>): Promise<void>;
  find(tenantId: string, sessionHash: string): Promise<Session | undefined>;
  touch(tenantId: string, sessionHash: string, lastSeenAt: string): Promise<void>;
  delete(tenantId: string, sessionHash: string): Promise<void>;
  /** Revokes every session of the user except `keepSessionHash`; returns how many ended. */
  deleteAllForUser(tenantId: string, userId: string, keepSessionHash?: string): Promise<number>;
  deleteExpired(now: string): Promise<number>;
}

/** What one purge removed: a prefix of the tenant's chain, from `fromSeq` to `toSeq`, now the anchor. */
export interface AuditPurge {
  count: number;
  fromSeq: number;
  toSeq: number;
  oldest: string;
  newest: string;
  anchorHash: string;
}

export interface AuditLog {
  /**
   * Appends at the end of the tenant's hash chain (appends of one tenant are serialised; the chain never forks).
   * Where the store links per batch (SQLite), the event is pending until `seal` links it.
   */
  append(event: AuditEvent): Promise<void>;
  /**
   * Links every pending event into its tenant's chain; how many it linked (always 0 where each append links).
   * The chain's readers below seal first themselves; `sspr serve` calls it every second.
   */
  seal(): Promise<number>;
  /** The tenant's events appended but not yet sealed. */
  pending(tenantId: string): Promise<number>;
  /** Newest first; `since` keeps events at or after that ISO instant. */
  list(tenantId: string, options?: { limit?: number; activity?: string; since?: string }): Promise<AuditEvent[]>;
  /** The tenant's (sealed) chain in order of position, the events after `afterSeq`, at most `limit`. */
  listChained(tenantId: string, afterSeq: number, limit: number): Promise<ChainedAuditEvent[]>;
  chainHead(tenantId: string): Promise<AuditChainHead>;
  /** Every tenant's last chain position, so the SIEM stream visits only tenants with something new. */
  lastPositions(): Promise<Map<string, number>>;
  /**
   * The only remover: deletes at most `maxRows` of the oldest events that occurred before `cutoff` (a prefix of the
   * chain) and keeps the last one's hash as the anchor. Call it inside a transaction that also records the purge.
   */
  purgeExpired(tenantId: string, cutoff: string, maxRows: number): Promise<AuditPurge | undefined>;
}

/**
 * The SIEM stream's durable cursor per tenant, sink and source, with a lease so one instance forwards at a time.
 * `position` is the last record the sink acknowledged (an audit event's chain position, a sign-in's id).
 */
export interface SiemCursorRepository {
  /** Takes or renews the lease when free, expired or already `owner`'s; the position, or undefined when held. */
  lease(key: SiemCursorKey, owner: string, now: string, until: string): Promise<number | undefined>;
  /** Moves the position on while `owner` still holds the lease; false when it lost it (nothing moved). */
  advance(key: SiemCursorKey, owner: string, position: number, now: string): Promise<boolean>;
  release(key: SiemCursorKey, owner: string): Promise<void>;
  /** Every tenant's acknowledged position for this sink and source (tenants never forwarded are absent). */
  positions(sink: string, source: string): Promise<Map<string, number>>;
  /** Notes a failed send on the cursor (whoever holds it): the status view shows the last one and when. */
  failed(key: SiemCursorKey, message: string, now: string): Promise<void>;
  /** The tenant's cursors, every sink and source, for the status view. */
  list(tenantId: string): Promise<SiemCursorState[]>;
}

export interface SiemCursorState {
  sink: string;
  source: string;
  position: number;
  /** When the sink last acknowledged a batch; null before the first. */
  forwardedAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
}

export interface SiemCursorKey {
  tenantId: string;
  sink: string;
  source: string;
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

export interface VoiceCallRepository {
  add(call: VoiceCall): Promise<void>;
  find(tenantId: string, callId: string): Promise<VoiceCall | undefined>;
  /**
   * Records the outcome only while the call is still `placed` (compare-and-set), so a call is
   * answered once however many callbacks race; returns whether this one won.
   */
  settle(
    tenantId: string,
    callId: string,
    status: Exclude<VoiceCallStatus, 'placed'>,
    answeredAt: string | null,
  ): Promise<boolean>;
  /** Deletes at most `limit` of the tenant's calls placed before `before`, whatever their status; returns how many. */
  deleteCreatedBefore(tenantId: string, before: string, limit: number): Promise<number>;
}

/**
 * The tenant's SSPR policy as stored (undefined: the defaults), the confirmation time, and the user's answers and
 * methods in `listAnswers`/`listMethods` order.
 */
export interface RegistrationInputs {
  policy: SsprPolicy | undefined;
  confirmedAt: string | undefined;
  answers: SecurityAnswerRecord[];
  methods: MethodRecord[];
  /** When an administrator last required re-registration (`reregistrations.get`), if ever. */
  reregistrationRequiredAt: string | undefined;
}

/** Security info: methods, answers, pending codes, custom questions, per-tenant settings and send counters. */
export interface SecurityInfoRepository extends SendCountRepository {
  listMethods(tenantId: string, userId: string): Promise<MethodRecord[]>;
  findMethod(tenantId: string, userId: string, methodId: string): Promise<MethodRecord | undefined>;
  addMethod(method: MethodRecord): Promise<void>;
  /** Marks a pending method verified; returns whether it changed. */
  markVerified(tenantId: string, methodId: string, verifiedAt: string): Promise<boolean>;
  /** Compare-and-set of an authenticator's last accepted time step (replay refusal); false when not newer. */
  advanceTotpStep(tenantId: string, methodId: string, step: number, updatedAt: string): Promise<boolean>;
  removeMethod(tenantId: string, userId: string, methodId: string): Promise<number>;
  /** Serialises changes to one user's methods until the transaction ends (a row lock on PostgreSQL). */
  lockUser(tenantId: string, userId: string): Promise<void>;
  listAnswers(tenantId: string, userId: string): Promise<SecurityAnswerRecord[]>;
  replaceAnswers(tenantId: string, userId: string, answers: SecurityAnswerRecord[]): Promise<void>;
  /** Stores a code; any earlier unconsumed code for the same subject and purpose is superseded (consumed). */
  addCode(code: PendingCode): Promise<void>;
  findCode(tenantId: string, codeId: string): Promise<PendingCode | undefined>;
  /** The live (unconsumed) code for a subject and purpose, if any. */
  latestCode(tenantId: string, subjectId: string, purpose: string): Promise<PendingCode | undefined>;
  /** Counts a wrong guess unless the code is used up; returns the attempts after counting (undefined: not counted). */
  countAttempt(tenantId: string, codeId: string, maxAttempts: number): Promise<number | undefined>;
  /** Consumes the code if still unconsumed (conditional UPDATE): exactly one concurrent caller wins. */
  consumeCode(tenantId: string, codeId: string, consumedAt: string): Promise<boolean>;
  /** Voids every unused code for an entry (its value changed): a code already sent to the old value stops working. */
  voidCodes(tenantId: string, subjectId: string, at: string): Promise<void>;
  /** Deletes at most `limit` of the tenant's codes that expired before `before` (one statement); returns how many. */
  deleteExpiredCodes(tenantId: string, before: string, limit: number): Promise<number>;
  listCustomQuestions(tenantId: string): Promise<CustomQuestion[]>;
  addCustomQuestion(question: CustomQuestion): Promise<void>;
  removeCustomQuestion(tenantId: string, questionId: string): Promise<number>;
  getConfirmedAt(tenantId: string, userId: string): Promise<string | undefined>;
  /** What the registration verdict reads, in one statement (every sign-in answers with the verdict). */
  registrationInputs(tenantId: string, userId: string): Promise<RegistrationInputs>;
  setConfirmedAt(tenantId: string, userId: string, confirmedAt: string): Promise<void>;
  /** Records a step-up on the session (the password re-entered or a method verified). */
  setSteppedUp(tenantId: string, sessionHash: string, at: string): Promise<void>;
}

/** A persisted reset/unlock flow: only the keyed hash of its id; the state is the service's JSON. */
export interface ResetFlowRecord {
  tenantId: string;
  flowHash: string;
  /** null for a decoy flow. */
  userId: string | null;
  state: string;
  version: number;
  createdAt: string;
  expiresAt: string;
}

/** Reset flows, per-user reset throttles and used CAPTCHA solutions (issue 6). */
export interface ResetFlowRepository {
  create(flow: ResetFlowRecord): Promise<void>;
  /** By hash alone: a presented flow id must find its tenant (the hash is unique across tenants). */
  find(flowHash: string): Promise<ResetFlowRecord | undefined>;
  /** Compare-and-set: writes only while the stored version is `expectedVersion`; returns whether this call won. */
  update(
    tenantId: string,
    flowHash: string,
    expectedVersion: number,
    next: { state: string; version: number },
  ): Promise<boolean>;
  /** Ends every other flow of the user (after a reset or unlock); returns how many. */
  deleteOthersOfUser(tenantId: string, userId: string, keepFlowHash: string): Promise<number>;
  deleteExpired(now: string): Promise<number>;
  /** A throttle's JSON state; `forUpdate` creates the row if missing and locks it until the transaction ends. */
  getThrottle(
    tenantId: string,
    userKey: string,
    kind: string,
    options?: { forUpdate?: boolean },
  ): Promise<string | undefined>;
  putThrottle(tenantId: string, userKey: string, kind: string, state: string, updatedAt: string): Promise<void>;
  clearThrottles(tenantId: string, userKey: string): Promise<number>;
  /** Records a solved CAPTCHA challenge; false when it was already used (single use). Forgets expired ones. */
  claimCaptcha(challengeId: string, expiresAt: string, now: string): Promise<boolean>;
}

export interface StoreRepositories {
  deliveryQueue: DeliveryQueueRepository;
  agents: AgentRepository;
  directoryConnections: DirectoryConnectionRepository;
  resetFlows: ResetFlowRepository;
  voiceCalls: VoiceCallRepository;
  apiTokens: ApiTokenRepository;
  securityInfo: SecurityInfoRepository;
  passkeys: PasskeyRepository;
  ssprPolicies: SsprPolicyRepository;
  licensing: LicensingRepository;
  passwordProtection: PasswordProtectionRepository;
  tenants: TenantRepository;
  users: UserRepository;
  groups: GroupRepository;
  sessions: SessionRepository;
  lockouts: LockoutRepository;
  audit: AuditLog;
  siemCursors: SiemCursorRepository;
  outbox: OutboxRepository;
  directorySync: DirectorySyncRepository;
  recovery: RecoveryRepository;
  reports: ReportRepository;
  signIns: SignInLog;
  passwordExpiry: PasswordExpiryRepository;
  branding: BrandingRepository;
  reregistrations: ReregistrationRepository;
  shownOnce: ShownOnceRepository;
  pendingWritebacks: PendingWritebackRepository;
  taskLeases: TaskLeaseRepository;
}

export interface Store extends StoreRepositories {
  /** Runs `work` in one transaction: every state change and its audit event commit together or not at all. */
  transaction<T>(work: (store: StoreRepositories) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
  readonly dialect: 'sqlite' | 'postgres';
}

/**
 * Read queries for reports, the audit log's filtered pages and the sign-in log (issue #15). Every
 * query is bounded: a page has a `top`, a scan goes in keyset pages, so no request reads without limit.
 */
import type { MethodRecord } from '../methods/records.js';
import type { AuditEvent, User, UserSource } from '../model.js';

export interface AuditFilter {
  /** Inclusive ISO-8601 instant. */
  since?: string;
  /** Exclusive ISO-8601 instant. */
  until?: string;
  /** Entra's activity display name, e.g. "Reset password (self-service)". */
  activity?: string;
  /** The target's id or name (a user's UPN). */
  target?: string;
  result?: AuditEvent['result'];
}

/** Where the previous keyset page (newest first) ended. */
export interface AuditCursor {
  occurredAt: string;
  eventId: string;
}

export interface Page {
  top: number;
  skip: number;
}

/** One sign-in attempt, with Entra's error code (0 for success). */
export interface SignInEvent {
  id: number;
  tenantId: string;
  occurredAt: string;
  userId: string | null;
  /** The user principal name as typed when no user matched it. */
  upn: string;
  result: 'success' | 'failure';
  errorCode: number;
  failureReason: string | null;
  ipAddress: string | null;
  userAgent: string | null;
}

export interface SignInFilter {
  since?: string;
  until?: string;
  user?: string;
  result?: SignInEvent['result'];
}

/** Events counted per UTC day, activity, result, reason and the methods the flow passed. */
export interface UsageCount {
  day: string;
  activity: string;
  result: AuditEvent['result'];
  reason: string | null;
  methods: string | null;
  count: number;
}

/** What the registration report needs of one user, read in bulk. */
export interface RegistrationFacts {
  user: User;
  methods: MethodRecord[];
  answerCount: number;
  answersUpdatedAt: string | null;
  confirmedAt: string | null;
}

/** Which users a registration query covers, and the selected group that is part of each user's signature. */
export interface RegistrationScope {
  /** The SSPR policy's selected group (nested membership counts), or null when the policy selects nobody by group. */
  selectedGroupId: string | null;
  /** Only the members of this group (nested). */
  inGroupId?: string;
  /** Only users whose UPN or display name starts with this, as the store's user search matches. */
  prefix?: string;
}

/**
 * Users alike in everything the registration report's verdicts read (issue #15): source, roles, selected-group
 * membership and active SKUs decide `enabled`; admin-ness (roles), the kinds held and the answer count decide
 * `registered`; `accountEnabled` joins them into `capable`. Lists are sorted and distinct.
 */
export interface RegistrationSignature {
  /** Opaque; `registrationPage` selects the users of the signatures named. */
  key: string;
  source: UserSource;
  accountEnabled: boolean;
  roles: string[];
  selected: boolean;
  activeSkus: string[];
  /** Kinds of the user's verified methods (own records only). */
  verifiedKinds: string[];
  /** Pre-populated fields of the user record that hold a value (`mobilePhone`, `officePhone`, `alternateEmail`). */
  filledFields: string[];
  answerCount: number;
  users: number;
}

export interface ReportRepository {
  /** Newest first, `skip` then `top`. */
  auditPage(tenantId: string, filter: AuditFilter, page: Page): Promise<AuditEvent[]>;
  /** Newest first, the `limit` events after `after` (keyset): for exports of any size in constant memory. */
  auditAfter(tenantId: string, filter: AuditFilter, after: AuditCursor | null, limit: number): Promise<AuditEvent[]>;
  usageCounts(tenantId: string, range: { since: string; until: string; activities: string[] }): Promise<UsageCount[]>;
  /** Users in UPN order after `afterUpnKey`, with what the registration verdict reads. */
  registrationFacts(tenantId: string, afterUpnKey: string | null, limit: number): Promise<RegistrationFacts[]>;
  /** Every signature of the scope's users, with how many users have it. */
  registrationSignatures(tenantId: string, scope: RegistrationScope): Promise<RegistrationSignature[]>;
  /** The scope's users in UPN order, only those whose signature key is in `keys` (all when null), with their signature. */
  registrationPage(
    tenantId: string,
    scope: RegistrationScope,
    keys: string[] | null,
    page: Page,
  ): Promise<Array<{ userId: string; signature: Omit<RegistrationSignature, 'users'> }>>;
  /** `registrationFacts` of the users named (any order; unknown ids are left out). */
  registrationFactsOf(tenantId: string, userIds: readonly string[]): Promise<RegistrationFacts[]>;
  /** Ids of users in the group, nested membership included. */
  userIdsInGroup(tenantId: string, groupId: string): Promise<string[]>;
}

export interface SignInLog {
  append(event: Omit<SignInEvent, 'id'>): Promise<void>;
  /** Newest first. */
  page(tenantId: string, filter: SignInFilter, page: Page): Promise<SignInEvent[]>;
  /** Newest first, the events with an id below `beforeId` (keyset). */
  before(tenantId: string, filter: SignInFilter, beforeId: number | null, limit: number): Promise<SignInEvent[]>;
  /** Oldest first, the events with an id above `afterId` (the SIEM stream's reads). */
  after(tenantId: string, afterId: number, limit: number): Promise<SignInEvent[]>;
  /** Every tenant's newest id, so the SIEM stream visits only tenants with something new. */
  lastPositions(): Promise<Map<string, number>>;
  /** How many of the tenant's events have an id above `afterId` (the SIEM status view's lag). */
  countAfter(tenantId: string, afterId: number): Promise<number>;
}

/**
 * Read queries for reports, the audit log's filtered pages and the sign-in log (issue #15). Every
 * query is bounded: a page has a `top`, a scan goes in keyset pages, so no request reads without limit.
 */
import type { MethodRecord } from '../methods/records.js';
import type { AuditEvent, User } from '../model.js';

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

export interface ReportRepository {
  /** Newest first, `skip` then `top`. */
  auditPage(tenantId: string, filter: AuditFilter, page: Page): Promise<AuditEvent[]>;
  /** Newest first, the `limit` events after `after` (keyset): for exports of any size in constant memory. */
  auditAfter(tenantId: string, filter: AuditFilter, after: AuditCursor | null, limit: number): Promise<AuditEvent[]>;
  usageCounts(tenantId: string, range: { since: string; until: string; activities: string[] }): Promise<UsageCount[]>;
  /** Users in UPN order after `afterUpnKey`, with what the registration verdict reads. */
  registrationFacts(tenantId: string, afterUpnKey: string | null, limit: number): Promise<RegistrationFacts[]>;
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

/**
 * The report queries (issue #15): filtered audit pages, keyset scans for exports, usage counts
 * grouped in the database, and the registration report's facts read a batch of users at a time.
 */
import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { AuditFilter, ReportRepository } from '../../core/ports.js';
import { toAuditEvent } from './audit-store.js';
import type { Dialect } from './database.js';
import { createRegistrationSignatureStore, factsFor } from './registration-signature-store.js';
import type { Database } from './schema.js';

type AuditQuery<O> = SelectQueryBuilder<Database, 'audit_events', O>;

const filtered = <O>(query: AuditQuery<O>, tenantId: string, filter: AuditFilter): AuditQuery<O> => {
  let q = query.where('tenant_id', '=', tenantId);
  if (filter.since) q = q.where('occurred_at', '>=', filter.since);
  if (filter.until) q = q.where('occurred_at', '<', filter.until);
  if (filter.activity) q = q.where('activity', '=', filter.activity);
  if (filter.result) q = q.where('result', '=', filter.result);
  const target = filter.target;
  if (target) q = q.where((eb) => eb.or([eb('target_id', '=', target), eb('target_name', '=', target)]));
  return q;
};

const day = sql<string>`substr(occurred_at, 1, 10)`;

/** PostgreSQL's class 22 (data exception): what its JSON cast and operators raise on details they cannot read. */
const isDataException = (error: unknown): boolean =>
  typeof (error as { code?: unknown } | null)?.code === 'string' && (error as { code: string }).code.startsWith('22');

/** The `methods` value as JSON text → the comma-separated list it holds; anything but a JSON string counts as none. */
const methodsOf = (json: string | null): string | null => {
  if (json === null) return null;
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
};

export const createReportStore = (db: Kysely<Database>, dialect: Dialect): ReportRepository => ({
  ...createRegistrationSignatureStore(db),

  async auditPage(tenantId, filter, page) {
    const rows = await filtered(db.selectFrom('audit_events').selectAll(), tenantId, filter)
      .orderBy('occurred_at', 'desc')
      .orderBy('event_id', 'desc')
      .limit(page.top)
      .offset(page.skip)
      .execute();
    return rows.map(toAuditEvent);
  },

  async auditAfter(tenantId, filter, after, limit) {
    let query = filtered(db.selectFrom('audit_events').selectAll(), tenantId, filter);
    if (after)
      query = query.where((eb) =>
        eb.or([
          eb('occurred_at', '<', after.occurredAt),
          eb.and([eb('occurred_at', '=', after.occurredAt), eb('event_id', '<', after.eventId)]),
        ]),
      );
    const rows = await query.orderBy('occurred_at', 'desc').orderBy('event_id', 'desc').limit(limit).execute();
    return rows.map(toAuditEvent);
  },

  async usageCounts(tenantId, range) {
    if (range.activities.length === 0) return [];
    const count = (methods: RawBuilder<string | null>) =>
      db
        .selectFrom('audit_events')
        .select([
          day.as('day'),
          'activity',
          'result',
          'result_reason',
          methods.as('methods'),
          (eb) => eb.fn.countAll<number | string>().as('count'),
        ])
        .where('tenant_id', '=', tenantId)
        .where('activity', 'in', range.activities)
        .where('occurred_at', '>=', range.since)
        .where('occurred_at', '<', range.until)
        .groupBy([day, 'activity', 'result', 'result_reason', methods])
        .execute();
    // The methods a flow passed are in the event's JSON details, read as the JSON text of the value (decoded below).
    // Details the database cannot read count as having none: one such row must not fail the report. SQLite checks
    // with json_valid (its parse cache makes that free); PostgreSQL has no cheap check, so the plain read runs and
    // only when it fails on a row does the report run again with the guarded reader (0034).
    const rows =
      dialect === 'sqlite'
        ? await count(sql`case when json_valid(details) then details -> '$.methods' end`)
        : await count(sql`(details::json -> 'methods')::text`).catch((error: unknown) => {
            if (!isDataException(error)) throw error;
            return count(sql`audit_details_field(details, 'methods')`);
          });
    return rows
      .map((r) => ({
        day: r.day,
        activity: r.activity,
        result: r.result === 'failure' ? ('failure' as const) : ('success' as const),
        reason: r.result_reason,
        methods: methodsOf(r.methods),
        count: Number(r.count),
      }))
      .sort((a, b) => a.day.localeCompare(b.day) || a.activity.localeCompare(b.activity));
  },

  async registrationFacts(tenantId, afterUpnKey, limit) {
    let query = db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId);
    if (afterUpnKey !== null) query = query.where('upn_key', '>', afterUpnKey);
    const users = await query.orderBy('upn_key').limit(limit).execute();
    if (users.length === 0) return [];
    // The batch's related rows are read by joining the same UPN range, not with a list of thousands of ids. Written
    // as `users u cross join x`, which SQLite takes as "users first" (the range on its UPN index, then each user's
    // rows by their (tenant_id, user_id) index) rather than scanning the tenant's whole table once per batch;
    // PostgreSQL plans it as any inner join.
    const last = users[users.length - 1]!.upn_key;
    return factsFor(
      db,
      users,
      (table) => sql`from users u cross join ${sql.table(table)} x
        where x.tenant_id = u.tenant_id and x.user_id = u.user_id and u.tenant_id = ${tenantId} and u.upn_key <= ${last}
        ${afterUpnKey === null ? sql`` : sql`and u.upn_key > ${afterUpnKey}`}`,
    );
  },

  async userIdsInGroup(tenantId, groupId) {
    // Breadth-first downwards over nested groups; the visited set guards against a cycle written by hand.
    const users = new Set<string>();
    const seen = new Set<string>([groupId]);
    let frontier = [groupId];
    while (frontier.length > 0) {
      const rows = await db
        .selectFrom('group_members')
        .select(['member_type', 'member_id'])
        .where('tenant_id', '=', tenantId)
        .where('group_id', 'in', frontier)
        .execute();
      frontier = [];
      for (const row of rows) {
        if (row.member_type !== 'group') users.add(row.member_id);
        else if (!seen.has(row.member_id)) {
          seen.add(row.member_id);
          frontier.push(row.member_id);
        }
      }
    }
    return [...users];
  },
});

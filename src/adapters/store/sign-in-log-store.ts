import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { SignInEvent, SignInFilter, SignInLog } from '../../core/ports.js';
import { compiledOnce } from './compiled-once.js';
import type { Database } from './schema.js';
import type { SignInEventsTable } from './schema-reports.js';

type Row = Omit<SignInEventsTable, 'id'> & { id: number | string };
type SignInQuery = SelectQueryBuilder<Database, 'sign_in_events', Row>;

const toEvent = (row: Row): SignInEvent => ({
  // PostgreSQL returns bigserial as a string; ids stay far below 2^53.
  id: Number(row.id),
  tenantId: row.tenant_id,
  occurredAt: row.occurred_at,
  userId: row.user_id,
  upn: row.upn,
  result: row.result === 'success' ? 'success' : 'failure',
  errorCode: row.error_code,
  failureReason: row.failure_reason,
  ipAddress: row.ip_address,
  userAgent: row.user_agent,
});

const filtered = (query: SignInQuery, tenantId: string, filter: SignInFilter): SignInQuery => {
  let q = query.where('tenant_id', '=', tenantId);
  if (filter.since) q = q.where('occurred_at', '>=', filter.since);
  if (filter.until) q = q.where('occurred_at', '<', filter.until);
  if (filter.user) q = q.where('upn', '=', filter.user.toLowerCase());
  if (filter.result) q = q.where('result', '=', filter.result);
  return q;
};

type NewEvent = Omit<SignInEventsTable, 'id'>;
const eventColumns = [
  'tenant_id',
  'occurred_at',
  'user_id',
  'upn',
  'result',
  'error_code',
  'failure_reason',
  'ip_address',
  'user_agent',
] as const satisfies ReadonlyArray<keyof NewEvent>;
/** Every sign-in appends one: compiled once (compiled-once.ts), the columns in a fixed order. */
const insertCompiled = compiledOnce((db: Kysely<Database>, ...values: unknown[]) =>
  db
    .insertInto('sign_in_events')
    .values(Object.fromEntries(eventColumns.map((column, i) => [column, values[i]])) as unknown as NewEvent),
);
const insertEvent = (db: Kysely<Database>, event: NewEvent) =>
  insertCompiled(db, ...eventColumns.map((column) => event[column]));

/** The sign-in log: append-only rows in id order, read newest first. */
export const createSignInLogStore = (db: Kysely<Database>): SignInLog => {
  const base = () => db.selectFrom('sign_in_events').selectAll() as unknown as SignInQuery;
  return {
    async append(event) {
      await insertEvent(db, {
        tenant_id: event.tenantId,
        occurred_at: event.occurredAt,
        user_id: event.userId,
        upn: event.upn.toLowerCase(),
        result: event.result,
        error_code: event.errorCode,
        failure_reason: event.failureReason,
        ip_address: event.ipAddress,
        user_agent: event.userAgent,
      });
    },
    async page(tenantId, filter, page) {
      const rows = await filtered(base(), tenantId, filter)
        .orderBy('id', 'desc')
        .limit(page.top)
        .offset(page.skip)
        .execute();
      return rows.map(toEvent);
    },
    async before(tenantId, filter, beforeId, limit) {
      let query = filtered(base(), tenantId, filter);
      if (beforeId !== null) query = query.where('id', '<', beforeId);
      const rows = await query.orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toEvent);
    },
    async after(tenantId, afterId, limit) {
      const rows = await base()
        .where('tenant_id', '=', tenantId)
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(toEvent);
    },
    async lastPositions() {
      // One index probe per tenant on (tenant_id, id), never a scan of the log: this runs every second.
      const { rows } = await sql<{ tenant_id: string; last: number | string | null }>`
        select t.tenant_id, (select max(s.id) from sign_in_events s where s.tenant_id = t.tenant_id) as last
        from tenants t`.execute(db);
      return new Map(rows.flatMap((r) => (r.last === null ? [] : [[r.tenant_id, Number(r.last)] as const])));
    },
    async countAfter(tenantId, afterId) {
      const row = await db
        .selectFrom('sign_in_events')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .where('tenant_id', '=', tenantId)
        .where('id', '>', afterId)
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
  };
};

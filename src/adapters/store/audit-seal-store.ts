/**
 * The audit hash chain on SQLite, linked per batch (migration 0029; bench/README.md says why). An append is a plain
 * insert; the sealer takes the events not yet linked in the order of their row id (handed out under SQLite's one
 * write lock, so in commit order), links each tenant's into its chain exactly as 0020's per-event chain does
 * (core/audit/audit-chain.ts: same positions, same link hashes) and appends one seal row per tenant and batch with
 * the events' row ids and link hashes. The chain head moves once per batch. Readers of the chain seal first, so
 * they never see a hole where an event is still unsealed; `sspr serve` seals every second besides.
 *
 * What the seal rows give the verifier is what 0020's columns gave it — every event's position, previous hash and
 * hash — so it still recomputes each event's hash and names the first broken event: a changed row (hash), a row
 * deleted or renumbered inside a sealed range (a missing position), a removed tail (the head). Events appended
 * since the last seal are "pending": until sealed (within a second) their removal leaves no trace.
 */
import { sql, type Kysely } from 'kysely';
import { genesisHash, linkEvents, type ChainedAuditEvent } from '../../core/audit/audit-chain.js';
import { groupBy } from '../../core/group-by.js';
import type { AuditEvent } from '../../core/model.js';
import { sha256Hex } from '../secrets/sha256.js';
import { inBatches, rowsPerStatement } from './batches.js';
import { eventOfRow } from './audit-rows.js';
import type { Dialect } from './database.js';
import { eventsPerSeal } from './migrations/0029-audit-seals.js';
import type { AuditEventsTable, Database } from './schema.js';

type Row = AuditEventsTable & { id: number };

/** Events read per sealing transaction: short, so appends wait little behind it. */
const eventsPerRound = 5000;

const plainEvent = (row: AuditEventsTable): AuditEvent => {
  const { seq: _seq, prevHash: _prev, hash: _hash, ...event } = eventOfRow(row);
  return event;
};

const sealedThrough = async (db: Kysely<Database>): Promise<number> =>
  Number((await db.selectFrom('audit_seal_mark').select('sealed_through').executeTakeFirstOrThrow()).sealed_through);

const sealTenant = async (db: Kysely<Database>, tenantId: string, rows: readonly Row[]) => {
  const head = await db
    .selectFrom('audit_chain_heads')
    .select(['last_seq', 'last_hash'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!head)
    await db
      .insertInto('audit_chain_heads')
      .values({ tenant_id: tenantId, last_seq: 0, last_hash: genesisHash, anchor_seq: 0, anchor_hash: genesisHash })
      .execute();
  const firstSeq = Number(head?.last_seq ?? 0) + 1;
  const linked = linkEvents(rows.map(plainEvent), firstSeq, head?.last_hash ?? genesisHash, sha256Hex);
  for (let i = 0; i < linked.length; i += eventsPerSeal) {
    const batch = linked.slice(i, i + eventsPerSeal);
    await db
      .insertInto('audit_seals')
      .values({
        tenant_id: tenantId,
        first_seq: batch[0]!.seq,
        last_seq: batch.at(-1)!.seq,
        event_ids: rows
          .slice(i, i + eventsPerSeal)
          .map((r) => r.id)
          .join(','),
        prev_hash: batch[0]!.prevHash,
        links: batch.map((e) => e.hash).join(''),
      })
      .execute();
  }
  const last = linked.at(-1)!;
  await db
    .updateTable('audit_chain_heads')
    .set({ last_seq: last.seq, last_hash: last.hash })
    .where('tenant_id', '=', tenantId)
    .execute();
};

const byTenant = (rows: readonly Row[]): Map<string, Row[]> => groupBy(rows, (row) => row.tenant_id);

/** One SQLite batch; returns how many events it sealed. Must run inside a transaction. */
const sealRoundSqlite = async (db: Kysely<Database>): Promise<number> => {
  // A write first: it takes SQLite's write lock before the mark is read, so two processes' sealers (serve and the
  // CLI's verify) queue here and the second reads the first one's mark: a position is never handed out twice.
  await sql`update audit_seal_mark set sealed_through = sealed_through`.execute(db);
  const mark = await sealedThrough(db);
  const { rows } = await sql<Row>`
    select * from audit_events where id > ${mark} order by id limit ${eventsPerRound}`.execute(db);
  if (rows.length === 0) return 0;
  for (const [tenantId, list] of byTenant(rows)) await sealTenant(db, tenantId, list);
  await db
    .updateTable('audit_seal_mark')
    .set({ sealed_through: rows.at(-1)!.id })
    .execute();
  return rows.length;
};

interface PgMark {
  tx: string;
  id: string;
}

/** PostgreSQL's events after the mark whose transactions have all ended, in (tx, id) order. */
const finalAfter = (mark: PgMark, limit: number) => sql<Row & { tx: string }>`
  select e.*, e.tx::text as tx from audit_events e
  where (e.tx, e.id) > (${mark.tx}::xid8, ${mark.id}::bigint) and e.tx < pg_snapshot_xmin(pg_current_snapshot())
  order by e.tx, e.id limit ${limit}`;

/** One PostgreSQL batch (see the header); must run inside a transaction. */
const sealRoundPostgres = async (db: Kysely<Database>): Promise<number> => {
  // The mark's row lock queues other instances' rounds; the one that waited reads the mark this round leaves, and
  // its next statement's snapshot sees this round's seals and heads.
  const { rows: marks } = await sql<PgMark>`
    select sealed_tx::text as tx, sealed_through::text as id from audit_seal_mark for update`.execute(db);
  const { rows } = await finalAfter(marks[0]!, eventsPerRound).execute(db);
  if (rows.length === 0) return 0;
  for (const [tenantId, list] of byTenant(rows)) await sealTenant(db, tenantId, list);
  const last = rows.at(-1)!;
  await sql`update audit_seal_mark set sealed_tx = ${last.tx}::xid8, sealed_through = ${last.id}`.execute(db);
  return rows.length;
};

/**
 * PostgreSQL: whether events are ready to seal, and whether some wait only for an older transaction to end (not the
 * caller's own: the purge seals inside its transaction, which may have appended already).
 */
const pgBacklog = async (db: Kysely<Database>, target: string) => {
  const { rows } = await sql<{ ready: boolean; blocked: boolean }>`
    with m as (select sealed_tx, sealed_through from audit_seal_mark), h as (
      select pg_snapshot_xmin(pg_current_snapshot()) as horizon)
    select
      exists (select 1 from audit_events e, m, h where (e.tx, e.id) > (m.sealed_tx, m.sealed_through)
        and e.tx < h.horizon) as ready,
      exists (select 1 from audit_events e, m, h where (e.tx, e.id) > (m.sealed_tx, m.sealed_through)
        and e.tx >= h.horizon and e.tx < ${target}::xid8
        and e.tx is distinct from pg_current_xact_id_if_assigned()) as blocked`.execute(db);
  return rows[0]!;
};

/** How long a reader waits for transactions older than its own events to end (another database's, too). */
const pgWaitMs = 2000;

const sealPendingPostgres = async (db: Kysely<Database>): Promise<number> => {
  // Everything committed before the call is below the snapshot's xmax; a reader waits (briefly) for the older
  // transactions still open to end, so what it appended or saw committed is sealed when it reads.
  const { rows } = await sql<{ target: string }>`
    select pg_snapshot_xmax(pg_current_snapshot())::text as target`.execute(db);
  const target = rows[0]!.target;
  const deadline = Date.now() + pgWaitMs;
  let sealed = 0;
  for (;;) {
    const { ready, blocked } = await pgBacklog(db, target);
    if (ready) {
      sealed += db.isTransaction ? await sealRoundPostgres(db) : await db.transaction().execute(sealRoundPostgres);
      continue;
    }
    if (!blocked || Date.now() > deadline) return sealed;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

/** Seals every pending event (of all tenants); returns how many. In the caller's transaction when given one. */
export const sealPending = async (db: Kysely<Database>, dialect: Dialect): Promise<number> => {
  if (dialect === 'postgres') return sealPendingPostgres(db);
  let sealed = 0;
  for (;;) {
    // Read-only check first: a reader that finds nothing pending writes nothing.
    const mark = await sealedThrough(db);
    const any = await sql`select 1 from audit_events where id > ${mark} limit 1`.execute(db);
    if (any.rows.length === 0) return sealed;
    const round = db.isTransaction ? await sealRoundSqlite(db) : await db.transaction().execute(sealRoundSqlite);
    sealed += round;
    if (round < eventsPerRound) return sealed;
    // better-sqlite3 runs each round synchronously: without a turn of the event loop between rounds a large backlog
    // (a bulk import, CLI appends while serve was down) would hold requests for its whole ~25 µs per event. Inside
    // the caller's transaction (the purge) the connection is held anyway: no point letting others queue on it.
    if (!db.isTransaction) await new Promise((resolve) => setImmediate(resolve));
  }
};

export const pendingCount = async (db: Kysely<Database>, dialect: Dialect, tenantId: string): Promise<number> => {
  const after =
    dialect === 'postgres'
      ? sql`(tx, id) > (select sealed_tx, sealed_through from audit_seal_mark)`
      : sql`id > (select sealed_through from audit_seal_mark)`;
  const { rows } = await sql<{ n: number }>`
    select count(*) as n from audit_events where ${after} and tenant_id = ${tenantId}`.execute(db);
  return Number(rows[0]?.n ?? 0);
};

/** A sealed event with its row id (the purge deletes by it). */
export interface SealedEvent {
  id: number;
  event: ChainedAuditEvent;
}

interface Slot {
  id: number;
  seq: number;
  prevHash: string;
  hash: string;
}

const slotsOf = (seal: Database['audit_seals'], afterSeq: number): Slot[] => {
  const ids = seal.event_ids.split(',');
  const slots: Slot[] = [];
  ids.forEach((id, i) => {
    const seq = Number(seal.first_seq) + i;
    if (seq <= afterSeq) return;
    const prevHash = i === 0 ? seal.prev_hash : seal.links.slice(64 * (i - 1), 64 * i);
    slots.push({ id: Number(id), seq, prevHash, hash: seal.links.slice(64 * i, 64 * (i + 1)) });
  });
  return slots;
};

/**
 * At most `limit` sealed events of a tenant after position `afterSeq`, in order. An event whose row is gone (or now
 * belongs to another tenant) is left out, so the verifier reports the missing position; reading goes on past it,
 * so a page is short only at the end of the chain, as on PostgreSQL (a short page ends the verifier's walk, and a
 * hole at a page's end would otherwise read as a removed tail).
 */
export const listSealed = async (
  db: Kysely<Database>,
  dialect: Dialect,
  tenantId: string,
  afterSeq: number,
  limit: number,
): Promise<SealedEvent[]> => {
  const events: SealedEvent[] = [];
  let after = afterSeq;
  while (events.length < limit) {
    const seals = await db
      .selectFrom('audit_seals')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('last_seq', '>', after)
      .orderBy('last_seq')
      .limit(Math.max(1, Math.ceil((limit - events.length) / eventsPerSeal)))
      .execute();
    if (seals.length === 0) break;
    const slots = seals.flatMap((seal) => slotsOf(seal, after));
    const wanted = slots.slice(0, limit - events.length);
    // Past the seals read, or (when the page filled inside one) past the last slot taken.
    after = wanted.length < slots.length ? wanted.at(-1)!.seq : Number(seals.at(-1)!.last_seq);
    const rows = new Map<number, Row>();
    await inBatches(wanted, rowsPerStatement(dialect, 1, 1), async (batch) => {
      const found = await sql<Row>`select * from audit_events where tenant_id = ${tenantId}
        and id in (${sql.join(batch.map((s) => s.id))})`.execute(db);
      for (const row of found.rows) rows.set(Number(row.id), row);
    });
    for (const { id, ...link } of wanted) {
      const row = rows.get(id);
      if (row) events.push({ id, event: { ...plainEvent(row), ...link } });
    }
  }
  return events;
};

/**
 * Deletes the sealed events `ids` (a prefix of the tenant's chain up to `toSeq`) and the seals wholly before it.
 * The caller holds the purge gate. On SQLite it leaves the table's newest row, whose id SQLite would otherwise hand
 * out again below the sealer's mark; the caller stops before it (see `newestId`). A sequence never hands one out again.
 */
export const deleteSealed = async (
  db: Kysely<Database>,
  dialect: Dialect,
  tenantId: string,
  ids: readonly number[],
  toSeq: number,
) => {
  let count = 0;
  await inBatches(ids, rowsPerStatement(dialect, 1, 1), async (batch) => {
    const result = await db
      .deleteFrom('audit_events')
      .where('tenant_id', '=', tenantId)
      .where(sql<boolean>`id in (${sql.join(batch)})`)
      .executeTakeFirst();
    count += Number(result.numDeletedRows);
  });
  await db.deleteFrom('audit_seals').where('tenant_id', '=', tenantId).where('last_seq', '<=', toSeq).execute();
  return count;
};

export const newestId = async (db: Kysely<Database>): Promise<number> => {
  const { rows } = await sql<{ id: number | null }>`select max(id) as id from audit_events`.execute(db);
  return Number(rows[0]?.id ?? 0);
};

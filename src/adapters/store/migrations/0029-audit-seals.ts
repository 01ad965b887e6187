import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/** Events per seal row, here and in the sealer: a row of ~70 KB, and a purge never waits on a longer one. */
export const eventsPerSeal = 1000;

const eventColumns = sql.raw(`tenant_id, event_id, occurred_at, service, category, activity, result, result_reason,
  actor_type, actor_id, actor_upn, target_type, target_id, target_name, ip_address, details`);

/** An event 0020 chained: its row id and its stored position and hashes. */
export interface ChainedRow {
  id: number;
  seq: number;
  prev_hash: string;
  hash: string;
}

/**
 * Moves a tenant's per-event chain into seal rows as stored (nothing re-hashed), `page` reading it in position order
 * after a position. A gap in the positions (an event removed outside the purge) ends a seal, so the verifier still
 * sees it. Shared with 0030 (PostgreSQL).
 */
export const sealChainedRuns = async (
  db: Kysely<unknown>,
  tenantId: string,
  page: (after: number) => Promise<{ rows: ChainedRow[] }>,
): Promise<void> => {
  let after = 0;
  for (;;) {
    const rows = (await page(after)).rows.map((r) => ({ ...r, id: Number(r.id), seq: Number(r.seq) }));
    if (rows.length === 0) return;
    let start = 0;
    for (let i = 1; i <= rows.length; i++) {
      if (i < rows.length && rows[i]!.seq === rows[i - 1]!.seq + 1) continue;
      const run = rows.slice(start, i);
      await sql`insert into audit_seals (tenant_id, first_seq, last_seq, event_ids, prev_hash, links)
        values (${tenantId}, ${run[0]!.seq}, ${run.at(-1)!.seq}, ${run.map((r) => r.id).join(',')},
          ${run[0]!.prev_hash}, ${run.map((r) => r.hash).join('')})`.execute(db);
      start = i;
    }
    after = rows.at(-1)!.seq;
  }
};

/**
 * SQLite only (issue 15, "appending with the hash chain costs under 10% more"): the audit chain moves from each
 * event row to seal rows written per batch by a sealer (audit-seal-store.ts), so an append is a plain insert again.
 * PostgreSQL gets its sealer in 0030, which orders events by the inserting transaction's id instead.
 *
 * The table is rebuilt with an INTEGER PRIMARY KEY `id`: the sealer takes events in the order of that id, which
 * SQLite hands out under its single write lock (so in commit order), and which VACUUM never renumbers (an implicit
 * rowid it may). Not AUTOINCREMENT (+7% per append, measured): an id is reused only after the newest row is
 * deleted, and the purge never deletes the newest row (audit-seal-store.ts). Existing events keep their chain: each
 * run of consecutive positions becomes seal rows holding the link hashes stored today, so a chain that was
 * already broken stays broken (nothing is re-hashed). The chain columns stay, null from here on.
 */
export const up = async (db: Kysely<unknown>, dialect: Dialect): Promise<void> => {
  if (dialect !== 'sqlite') return;
  // Kysely runs SQLite migrations outside a transaction (its adapter claims no transactional DDL, which SQLite has):
  // a rebuild stopped half-way (a crash, a full disk, a start-up timeout on a large table) would leave the events in
  // audit_events_0020 and every later start failing on the rename. All or nothing, then; and a rebuild that
  // committed but was not recorded (stopped in between) is not run twice.
  const done = await sql`select 1 from sqlite_master where type = 'table' and name = 'audit_seal_mark'`.execute(db);
  if (done.rows.length > 0) return;
  await (db.isTransaction ? rebuild(db) : db.transaction().execute(rebuild));
};

const rebuild = async (db: Kysely<unknown>): Promise<void> => {
  await sql`alter table audit_events rename to audit_events_0020`.execute(db);
  await sql`create table audit_events (
    id integer primary key,
    tenant_id text not null, event_id text not null, occurred_at text not null, service text not null,
    category text not null, activity text not null, result text not null check (result in ('success','failure')),
    result_reason text, actor_type text not null, actor_id text, actor_upn text, target_type text, target_id text,
    target_name text, ip_address text, details text not null, seq integer, prev_hash text, hash text,
    constraint audit_events_pk unique (tenant_id, event_id))`.execute(db);
  // In chain order per tenant, so each tenant's ids rise with its positions.
  await sql`insert into audit_events (${eventColumns})
    select ${eventColumns} from audit_events_0020 order by tenant_id, seq`.execute(db);

  await sql`create table audit_seals (
    tenant_id text not null, first_seq integer not null, last_seq integer not null, event_ids text not null,
    prev_hash text not null, links text not null,
    constraint audit_seals_pk primary key (tenant_id, last_seq),
    constraint audit_seals_first_ux unique (tenant_id, first_seq))`.execute(db);
  await sql`create table audit_seal_mark (id integer primary key check (id = 1), sealed_through integer not null)`.execute(
    db,
  );

  const tenants = await sql<{ tenant_id: string }>`select distinct tenant_id from audit_events_0020`.execute(db);
  for (const { tenant_id: tenantId } of tenants.rows)
    await sealChainedRuns(db, tenantId, (after) =>
      sql<ChainedRow>`
        select n.id, o.seq, o.prev_hash, o.hash from audit_events_0020 o
        join audit_events n on n.tenant_id = o.tenant_id and n.event_id = o.event_id
        where o.tenant_id = ${tenantId} and o.seq > ${after} order by o.seq limit ${eventsPerSeal}`.execute(db),
    );
  await sql`insert into audit_seal_mark (id, sealed_through) select 1, coalesce(max(id), 0) from audit_events`.execute(
    db,
  );
  await sql`drop table audit_events_0020`.execute(db);

  await sql`create index audit_events_time_ix on audit_events (tenant_id, occurred_at)`.execute(db);
  await sql`create index audit_events_activity_ix on audit_events (tenant_id, activity, occurred_at)`.execute(db);
  await sql`create index audit_events_target_ix on audit_events (tenant_id, target_id, occurred_at)`.execute(db);
  await sql`create index audit_events_target_name_ix on audit_events (tenant_id, target_name, occurred_at)`.execute(db);
  // 0020's guards, for the events and now the seals: no UPDATE; DELETE only inside the purge (its gate row).
  for (const table of ['audit_events', 'audit_seals']) {
    await sql`create trigger ${sql.raw(`${table}_no_update`)} before update on ${sql.table(table)}
      begin select raise(abort, ${sql.lit(`${table} is append-only`)}); end`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_no_delete`)} before delete on ${sql.table(table)}
      when not exists (select 1 from audit_purge_gate g where g.tenant_id = old.tenant_id)
      begin select raise(abort, ${sql.lit(`${table} is append-only; only the retention purge removes events`)}); end`.execute(
      db,
    );
  }
};

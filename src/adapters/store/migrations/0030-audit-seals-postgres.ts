import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { eventsPerSeal, sealChainedRuns, type ChainedRow } from './0029-audit-seals.js';

/**
 * PostgreSQL only (issue 15, "appending with the hash chain costs under 10% more"): 0029's sealer for PostgreSQL.
 * An append becomes a plain insert; no head row is locked until commit any more, which serialised every audited
 * transaction of a tenant. The sealer (audit-seal-store.ts) links events per batch into `audit_seals`, as on SQLite.
 *
 * A sequence hands out ids in insert order, not commit order, so "seal everything above the mark" would skip an
 * event whose transaction commits after a round sealed a higher id. Each event therefore records its inserting
 * transaction's id (`tx`, pg_current_xact_id(), the top-level id even inside a savepoint). A round takes
 * `horizon = pg_snapshot_xmin(pg_current_snapshot())`: every transaction below it has ended and every later one
 * gets an id at or above it, so the events with `tx < horizon` are final. A round seals those after the mark in
 * (tx, id) order and moves the mark (`sealed_tx`, `sealed_through`) to the last one it sealed.
 *
 * Existing events keep their chain: the per-event columns become seal rows as stored (nothing re-hashed, a chain
 * broken before stays broken) and keep `tx` 0, below the first mark. The head trigger goes (the sealer moves the
 * head) and so does the unique (tenant_id, seq) index (new rows have no seq; one index less per append).
 */
export const up = async (db: Kysely<unknown>, dialect: Dialect): Promise<void> => {
  if (dialect !== 'postgres') return;
  // A constant default first: existing rows get tx 0 without a rewrite; new rows their transaction's id.
  await sql`alter table audit_events add column tx xid8 not null default '0'`.execute(db);
  await sql`alter table audit_events alter column tx set default pg_current_xact_id()`.execute(db);
  await sql`alter table audit_events add column id bigserial`.execute(db);
  await sql`create unique index audit_events_id_ux on audit_events (id)`.execute(db);
  await sql`create index audit_events_tx_ix on audit_events (tx, id)`.execute(db);
  await sql`drop trigger audit_events_chain_head on audit_events`.execute(db);
  await sql`drop function audit_events_chain_head()`.execute(db);

  await sql`create table audit_seals (
    tenant_id text not null, first_seq bigint not null, last_seq bigint not null, event_ids text not null,
    prev_hash text not null, links text not null,
    constraint audit_seals_pk primary key (tenant_id, last_seq),
    constraint audit_seals_first_ux unique (tenant_id, first_seq))`.execute(db);
  // The mark: every event at or before (sealed_tx, sealed_through) in (tx, id) order is sealed. Real transaction
  // ids start at 3, so every new event sorts after the existing ones (tx 0), which the mark covers below.
  await sql`create table audit_seal_mark (id integer primary key check (id = 1), sealed_tx xid8 not null,
    sealed_through bigint not null)`.execute(db);
  await sql`insert into audit_seal_mark (id, sealed_tx, sealed_through) values (1, '0', 0)`.execute(db);

  const tenants = await sql<{ tenant_id: string }>`select distinct tenant_id from audit_events`.execute(db);
  for (const { tenant_id: tenantId } of tenants.rows)
    await sealChainedRuns(db, tenantId, (after) =>
      sql<ChainedRow>`select id, seq, prev_hash, hash from audit_events
        where tenant_id = ${tenantId} and seq > ${after} order by seq limit ${eventsPerSeal}`.execute(db),
    );
  // Every existing row has tx 0 and is sealed now; the mark stays at (0, max id) so no round takes them again.
  await sql`update audit_seal_mark set sealed_through = (select coalesce(max(id), 0) from audit_events)`.execute(db);
  await sql`drop index audit_events_chain_ux`.execute(db);

  // 0020's guards for the seals too: no UPDATE, DELETE only inside the purge (its gate row), no TRUNCATE.
  await sql`create function audit_seals_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and exists (select 1 from audit_purge_gate g where g.tenant_id = old.tenant_id) then
        return old;
      end if;
      raise exception 'audit_seals is append-only; only the retention purge removes events';
    end $$`.execute(db);
  await sql`create trigger audit_seals_no_change before update or delete on audit_seals
    for each row execute function audit_seals_guard()`.execute(db);
  await sql`create function audit_seals_no_truncate() returns trigger language plpgsql as $$
    begin raise exception 'audit_seals is append-only'; end $$`.execute(db);
  await sql`create trigger audit_seals_no_truncate before truncate on audit_seals
    for each statement execute function audit_seals_no_truncate()`.execute(db);
};

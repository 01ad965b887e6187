/**
 * Appending to and purging the per-tenant audit hash chain (core/audit/audit-chain.ts). On PostgreSQL each event is
 * linked as it is appended (0020); on SQLite an append is a plain insert and the sealer links events per batch
 * (0029, audit-seal-store.ts), the purge here working on the sealed chain.
 *
 * PostgreSQL: one event is one statement: an INSERT … SELECT from the tenant's chain head (`FOR UPDATE` on PostgreSQL; SQLite
 * has one writer at a time) that takes the next position and the newest hash from the head and computes the link
 * hash in SQL from the body hash computed here; an insert trigger then moves the head onto the new event. Appends
 * of one tenant are so serialised by the head row (PostgreSQL re-reads a row it waited for, as committed), and the
 * unique (tenant_id, seq) index refuses a duplicate position anyway: the chain cannot fork. Many events of one
 * tenant (directory sync) reserve their positions with one UPDATE of the head and are hashed here.
 */
import { sql, type Kysely } from 'kysely';
import {
  canonicalAuditText,
  genesisHash,
  linkEvents,
  type AuditChainHead,
  type ChainedAuditEvent,
} from '../../core/audit/audit-chain.js';
import type { AuditEvent } from '../../core/model.js';
import type { AuditPurge } from '../../core/ports.js';
import { sha256Hex } from '../secrets/sha256.js';
import { inBatches, rowsPerStatement } from './batches.js';
import type { Dialect } from './database.js';
import { eventOfRow, plainRowOfEvent, rowOfEvent } from './audit-rows.js';
import { deleteSealed, listSealed, newestId, sealPending } from './audit-seal-store.js';
import type { Database } from './schema.js';

/** A tenant's head appears with its first event; racing first appends meet on the primary key, not a fork. */
const ensureHead = (db: Kysely<Database>, tenantId: string) =>
  db
    .insertInto('audit_chain_heads')
    .values({ tenant_id: tenantId, last_seq: 0, last_hash: genesisHash, anchor_seq: 0, anchor_hash: genesisHash })
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .execute();

const insertOne = async (db: Kysely<Database>, event: AuditEvent): Promise<boolean> => {
  const r = rowOfEvent({ ...event, seq: 0, prevHash: '', hash: '' });
  const bodyHash = sha256Hex(canonicalAuditText(event));
  // linkHashInput(prevHash, seq, bodyHash) in SQL: `<prevHash>:<seq>:<bodyHash>`.
  const linkInput = sql`h.last_hash || ':' || cast(h.last_seq + 1 as text) || ':' || ${bodyHash}`;
  const linkHash = sql`encode(sha256(convert_to(${linkInput}, 'UTF8')), 'hex')`;
  const result = await sql`
    insert into audit_events (tenant_id, event_id, occurred_at, service, category, activity, result, result_reason,
      actor_type, actor_id, actor_upn, target_type, target_id, target_name, ip_address, details, seq, prev_hash, hash)
    select ${r.tenant_id}, ${r.event_id}, ${r.occurred_at}, ${r.service}, ${r.category}, ${r.activity}, ${r.result},
      ${r.result_reason}, ${r.actor_type}, ${r.actor_id}, ${r.actor_upn}, ${r.target_type}, ${r.target_id},
      ${r.target_name}, ${r.ip_address}, ${r.details}, h.last_seq + 1, h.last_hash, ${linkHash}
    from audit_chain_heads h where h.tenant_id = ${r.tenant_id} for update`.execute(db);
  return Number(result.numAffectedRows ?? 0) === 1;
};

const appendMany = async (db: Kysely<Database>, tenantId: string, events: readonly AuditEvent[]) => {
  const reserve = () =>
    sql<{ last_seq: number; last_hash: string }>`
      update audit_chain_heads set last_seq = last_seq + ${events.length} where tenant_id = ${tenantId}
      returning last_seq, last_hash`.execute(db);
  let { rows } = await reserve();
  if (!rows[0]) {
    await ensureHead(db, tenantId);
    ({ rows } = await reserve());
  }
  const head = rows[0];
  if (!head) throw new Error('audit chain head missing after creation');
  const linked = linkEvents(events, Number(head.last_seq) - events.length + 1, head.last_hash, sha256Hex);
  await inBatches(linked.map(rowOfEvent), rowsPerStatement('postgres', 19), (batch) =>
    db.insertInto('audit_events').values(batch).execute(),
  );
};

const appendForTenant = async (db: Kysely<Database>, tenantId: string, events: readonly AuditEvent[]) => {
  if (events.length > 1) return appendMany(db, tenantId, events);
  const [event] = events;
  if (!event) return;
  if (await insertOne(db, event)) return;
  await ensureHead(db, tenantId);
  if (!(await insertOne(db, event))) throw new Error('audit chain head missing after creation');
};

/** Appends events in the order given, each tenant's as one contiguous run of its chain (SQLite: once sealed). */
export const appendChained = async (db: Kysely<Database>, dialect: Dialect, events: readonly AuditEvent[]) => {
  if (dialect === 'sqlite') {
    // One event (a service's append) as one row object: Kysely compiles a values list with less work than an array.
    const [only] = events;
    if (events.length === 1 && only) {
      await db.insertInto('audit_events').values(plainRowOfEvent(only)).execute();
      return;
    }
    await inBatches(events.map(plainRowOfEvent), rowsPerStatement('sqlite', 16), (batch) =>
      db.insertInto('audit_events').values(batch).execute(),
    );
    return;
  }
  const byTenant = new Map<string, AuditEvent[]>();
  for (const event of events) {
    const list = byTenant.get(event.tenantId) ?? [];
    list.push(event);
    byTenant.set(event.tenantId, list);
  }
  for (const [tenantId, list] of byTenant) await appendForTenant(db, tenantId, list);
};

export const readChainHead = async (db: Kysely<Database>, tenantId: string): Promise<AuditChainHead> => {
  const row = await db.selectFrom('audit_chain_heads').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
  return row
    ? { lastSeq: Number(row.last_seq), anchorSeq: Number(row.anchor_seq), anchorHash: row.anchor_hash }
    : { lastSeq: 0, anchorSeq: 0, anchorHash: genesisHash };
};

export const listChained = async (
  db: Kysely<Database>,
  dialect: Dialect,
  tenantId: string,
  afterSeq: number,
  limit: number,
): Promise<ChainedAuditEvent[]> => {
  if (dialect === 'sqlite') return (await listSealed(db, tenantId, afterSeq, limit)).map((s) => s.event);
  const rows = await db
    .selectFrom('audit_events')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map(eventOfRow);
};

interface PurgeCandidate {
  seq: number;
  hash: string;
  occurredAt: string;
  /** SQLite's row id (the sealed chain's rows are deleted by it). */
  id: number;
}

const candidatesAfter = async (
  db: Kysely<Database>,
  dialect: Dialect,
  tenantId: string,
  anchorSeq: number,
  maxRows: number,
): Promise<PurgeCandidate[]> => {
  if (dialect === 'sqlite') {
    // The table's newest row stays: SQLite would hand its id out again (below the sealer's mark) if it went.
    const newest = await newestId(db);
    return (await listSealed(db, tenantId, anchorSeq, maxRows))
      .filter(({ id }) => id !== newest)
      .map(({ id, event }) => ({ id, seq: event.seq, hash: event.hash, occurredAt: event.occurredAt }));
  }
  const rows = await db
    .selectFrom('audit_events')
    .select(['seq', 'hash', 'occurred_at'])
    .where('tenant_id', '=', tenantId)
    .where('seq', '>', anchorSeq)
    .orderBy('seq')
    .limit(maxRows)
    .execute();
  return rows.map((r) => ({ id: 0, seq: Number(r.seq), hash: r.hash ?? '', occurredAt: r.occurred_at }));
};

/**
 * Removes the oldest events that occurred before `cutoff`, at most `maxRows`, as a prefix of the chain: it stops
 * at the first event inside retention even when a later one is older (clocks of several instances differ), so the
 * chain never gets a hole. The delete passes the trigger only through the tenant's gate row, which exists inside
 * this transaction alone. Moves the anchor to the last removed event. Must run inside a transaction. On SQLite it
 * seals first and removes only sealed events (with the seals wholly before the new anchor).
 */
export const purgeExpired = async (
  db: Kysely<Database>,
  dialect: Dialect,
  tenantId: string,
  cutoff: string,
  maxRows: number,
): Promise<AuditPurge | undefined> => {
  if (dialect === 'sqlite') await sealPending(db);
  // A no-op UPDATE takes the head's lock first: two purging instances queue here, the second sees the new anchor.
  const { rows: heads } = await sql<{ anchor_seq: number }>`
    update audit_chain_heads set anchor_seq = anchor_seq where tenant_id = ${tenantId} returning anchor_seq`.execute(
    db,
  );
  const head = heads[0];
  if (!head) return undefined;
  const candidates = await candidatesAfter(db, dialect, tenantId, Number(head.anchor_seq), maxRows);
  const expired = [];
  for (const row of candidates) {
    if (row.occurredAt >= cutoff) break;
    expired.push(row);
  }
  const first = expired[0];
  const last = expired.at(-1);
  if (!first || !last) return undefined;
  await db.insertInto('audit_purge_gate').values({ tenant_id: tenantId }).execute();
  const count =
    dialect === 'sqlite'
      ? await deleteSealed(
          db,
          tenantId,
          expired.map((r) => r.id),
          last.seq,
        )
      : Number(
          (
            await db
              .deleteFrom('audit_events')
              .where('tenant_id', '=', tenantId)
              .where('seq', '<=', last.seq)
              .executeTakeFirst()
          ).numDeletedRows,
        );
  await db.deleteFrom('audit_purge_gate').where('tenant_id', '=', tenantId).execute();
  await db
    .updateTable('audit_chain_heads')
    .set({ anchor_seq: last.seq, anchor_hash: last.hash })
    .where('tenant_id', '=', tenantId)
    .execute();
  const times = expired.map((r) => r.occurredAt).sort();
  return {
    count,
    fromSeq: first.seq,
    toSeq: last.seq,
    oldest: times[0]!,
    newest: times.at(-1)!,
    anchorHash: last.hash,
  };
};

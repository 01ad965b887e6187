/**
 * Appending to and purging the per-tenant audit hash chain (core/audit/audit-chain.ts). An append is a plain insert
 * in the caller's transaction; the sealer links events per batch (audit-seal-store.ts: 0029 on SQLite, 0030 on
 * PostgreSQL), and the purge here works on the sealed chain. Until 0030 PostgreSQL linked each event at insert
 * from its tenant's head row, locked until commit: +28-35% per append, and every audited transaction of a tenant
 * serialised (bench/README.md).
 */
import { sql, type Kysely } from 'kysely';
import { genesisHash, type AuditChainHead, type ChainedAuditEvent } from '../../core/audit/audit-chain.js';
import type { AuditEvent } from '../../core/model.js';
import type { AuditPurge } from '../../core/ports.js';
import { inBatches, rowsPerStatement } from './batches.js';
import type { Dialect } from './database.js';
import { plainRowOfEvent } from './audit-rows.js';
import { deleteSealed, listSealed, newestId, sealPending } from './audit-seal-store.js';
import type { Database } from './schema.js';

/** Appends events in the order given, each tenant's as one contiguous run of its chain (SQLite: once sealed). */
export const appendChained = async (db: Kysely<Database>, dialect: Dialect, events: readonly AuditEvent[]) => {
  // One event (a service's append) as one row object: Kysely compiles a values list with less work than an array.
  const [only] = events;
  if (events.length === 1 && only) {
    await db.insertInto('audit_events').values(plainRowOfEvent(only)).execute();
    return;
  }
  await inBatches(events.map(plainRowOfEvent), rowsPerStatement(dialect, 16), (batch) =>
    db.insertInto('audit_events').values(batch).execute(),
  );
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
): Promise<ChainedAuditEvent[]> => (await listSealed(db, dialect, tenantId, afterSeq, limit)).map((s) => s.event);

interface PurgeCandidate {
  seq: number;
  hash: string;
  occurredAt: string;
  /** The row id (the sealed chain's rows are deleted by it). */
  id: number;
}

const candidatesAfter = async (
  db: Kysely<Database>,
  dialect: Dialect,
  tenantId: string,
  anchorSeq: number,
  maxRows: number,
): Promise<PurgeCandidate[]> => {
  // SQLite: the table's newest row stays, as SQLite would hand its id out again (below the sealer's mark) if it
  // went. A PostgreSQL sequence never does.
  const newest = dialect === 'sqlite' ? await newestId(db) : undefined;
  return (await listSealed(db, dialect, tenantId, anchorSeq, maxRows))
    .filter(({ id }) => id !== newest)
    .map(({ id, event }) => ({ id, seq: event.seq, hash: event.hash, occurredAt: event.occurredAt }));
};

/**
 * Removes the oldest events that occurred before `cutoff`, at most `maxRows`, as a prefix of the chain: it stops
 * at the first event inside retention even when a later one is older (clocks of several instances differ), so the
 * chain never gets a hole. The delete passes the trigger only through the tenant's gate row, which exists inside
 * this transaction alone. Moves the anchor to the last removed event. Must run inside a transaction. It seals
 * first and removes only sealed events (with the seals wholly before the new anchor).
 */
export const purgeExpired = async (
  db: Kysely<Database>,
  dialect: Dialect,
  tenantId: string,
  cutoff: string,
  maxRows: number,
): Promise<AuditPurge | undefined> => {
  await sealPending(db, dialect);
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
  const count = await deleteSealed(
    db,
    dialect,
    tenantId,
    expired.map((r) => r.id),
    last.seq,
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

/**
 * Appending to and purging the per-tenant audit hash chain (core/audit/audit-chain.ts), on both dialects.
 *
 * Appends of one tenant are serialised by the chain head's row: the first statement of an append moves
 * `last_seq` on (an UPDATE, so PostgreSQL holds the row lock and SQLite the write lock until the transaction
 * ends) and returns the newest event's hash (`last_hash`, which an insert trigger keeps) in the same round trip;
 * on PostgreSQL an UPDATE that waited for the lock returns the row as the other transaction committed it. Two
 * appends therefore never get the same position, and the unique (tenant_id, seq) index would refuse one if they
 * did: the chain cannot fork.
 */
import { sql, type Kysely } from 'kysely';
import { genesisHash, linkEvents, type AuditChainHead, type ChainedAuditEvent } from '../../core/audit/audit-chain.js';
import type { AuditEvent } from '../../core/model.js';
import type { AuditPurge } from '../../core/ports.js';
import { sha256Hex } from '../secrets/sha256.js';
import { inBatches, rowsPerStatement } from './batches.js';
import type { Dialect } from './database.js';
import { eventOfRow, rowOfEvent } from './audit-rows.js';
import type { Database } from './schema.js';

interface Reserved {
  last_seq: number;
  last_hash: string;
}

const reserve = async (db: Kysely<Database>, tenantId: string, count: number): Promise<Reserved | undefined> => {
  const { rows } = await sql<Reserved>`
    update audit_chain_heads set last_seq = last_seq + ${count} where tenant_id = ${tenantId}
    returning last_seq, last_hash`.execute(db);
  return rows[0];
};

/** A tenant's head appears with its first event; racing first appends meet on the primary key, not a fork. */
const ensureHead = (db: Kysely<Database>, tenantId: string) =>
  db
    .insertInto('audit_chain_heads')
    .values({ tenant_id: tenantId, last_seq: 0, last_hash: genesisHash, anchor_seq: 0, anchor_hash: genesisHash })
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .execute();

const appendForTenant = async (
  db: Kysely<Database>,
  dialect: Dialect,
  tenantId: string,
  events: readonly AuditEvent[],
): Promise<void> => {
  let head = await reserve(db, tenantId, events.length);
  if (!head) {
    await ensureHead(db, tenantId);
    head = await reserve(db, tenantId, events.length);
  }
  if (!head) throw new Error('audit chain head missing after creation');
  const firstSeq = Number(head.last_seq) - events.length + 1;
  const linked = linkEvents(events, firstSeq, head.last_hash, sha256Hex);
  await inBatches(linked.map(rowOfEvent), rowsPerStatement(dialect, 19), (batch) =>
    db.insertInto('audit_events').values(batch).execute(),
  );
};

/** Appends events in the order given, each tenant's as one contiguous run of its chain. */
export const appendChained = async (db: Kysely<Database>, dialect: Dialect, events: readonly AuditEvent[]) => {
  const byTenant = new Map<string, AuditEvent[]>();
  for (const event of events) {
    const list = byTenant.get(event.tenantId) ?? [];
    list.push(event);
    byTenant.set(event.tenantId, list);
  }
  for (const [tenantId, list] of byTenant) await appendForTenant(db, dialect, tenantId, list);
};

export const readChainHead = async (db: Kysely<Database>, tenantId: string): Promise<AuditChainHead> => {
  const row = await db.selectFrom('audit_chain_heads').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
  return row
    ? { lastSeq: Number(row.last_seq), anchorSeq: Number(row.anchor_seq), anchorHash: row.anchor_hash }
    : { lastSeq: 0, anchorSeq: 0, anchorHash: genesisHash };
};

export const listChained = async (
  db: Kysely<Database>,
  tenantId: string,
  afterSeq: number,
  limit: number,
): Promise<ChainedAuditEvent[]> => {
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

/**
 * Removes the oldest events that occurred before `cutoff`, at most `maxRows`, as a prefix of the chain: it stops
 * at the first event inside retention even when a later one is older (clocks of several instances differ), so the
 * chain never gets a hole. The delete passes the trigger only through the tenant's gate row, which exists inside
 * this transaction alone. Moves the anchor to the last removed event. Must run inside a transaction.
 */
export const purgeExpired = async (
  db: Kysely<Database>,
  tenantId: string,
  cutoff: string,
  maxRows: number,
): Promise<AuditPurge | undefined> => {
  // A no-op UPDATE takes the head's lock first: two purging instances queue here, the second sees the new anchor.
  const { rows: heads } = await sql<{ anchor_seq: number }>`
    update audit_chain_heads set anchor_seq = anchor_seq where tenant_id = ${tenantId} returning anchor_seq`.execute(db);
  const head = heads[0];
  if (!head) return undefined;
  const candidates = await db
    .selectFrom('audit_events')
    .select(['seq', 'hash', 'occurred_at'])
    .where('tenant_id', '=', tenantId)
    .where('seq', '>', Number(head.anchor_seq))
    .orderBy('seq')
    .limit(maxRows)
    .execute();
  const expired = [];
  for (const row of candidates) {
    if (row.occurred_at >= cutoff) break;
    expired.push(row);
  }
  const first = expired[0];
  const last = expired.at(-1);
  if (!first || !last) return undefined;
  await db.insertInto('audit_purge_gate').values({ tenant_id: tenantId }).execute();
  const deleted = await db
    .deleteFrom('audit_events')
    .where('tenant_id', '=', tenantId)
    .where('seq', '<=', Number(last.seq))
    .executeTakeFirst();
  await db.deleteFrom('audit_purge_gate').where('tenant_id', '=', tenantId).execute();
  await db
    .updateTable('audit_chain_heads')
    .set({ anchor_seq: Number(last.seq), anchor_hash: last.hash })
    .where('tenant_id', '=', tenantId)
    .execute();
  const times = expired.map((r) => r.occurred_at).sort();
  return {
    count: Number(deleted.numDeletedRows),
    fromSeq: Number(first.seq),
    toSeq: Number(last.seq),
    oldest: times[0]!,
    newest: times.at(-1)!,
    anchorHash: last.hash,
  };
};

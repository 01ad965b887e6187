import { sql, type Kysely } from 'kysely';
import { genesisHash, linkEvents } from '../../../core/audit/audit-chain.js';
import { sha256Hex } from '../../secrets/sha256.js';
import { eventOfRow } from '../audit-rows.js';
import type { Database } from '../schema.js';

/**
 * The audit log's hash chain and its one remover (issue 15, item 6). Each event gets its tenant-wide position and
 * hashes (existing events are chained in the order they occurred); each tenant a chain head with the purge's
 * anchor. The append-only triggers are replaced: UPDATE is still refused always, DELETE only passes for a tenant
 * whose purge gate row exists — which the purge inserts and removes inside its own transaction, so no other
 * connection ever sees it — and on PostgreSQL TRUNCATE is now refused too (a row trigger never sees a TRUNCATE).
 * An insert trigger moves the head (`last_seq`, `last_hash`) onto the newest event, so an append is one statement
 * that links to the head row it locks (audit-chain-store.ts).
 */
export const up = async (db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> => {
  const typed = db as unknown as Kysely<Database>;
  await db.schema.alterTable('audit_events').addColumn('seq', 'integer').execute();
  await db.schema.alterTable('audit_events').addColumn('prev_hash', 'text').execute();
  await db.schema.alterTable('audit_events').addColumn('hash', 'text').execute();
  await db.schema
    .createTable('audit_chain_heads')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey())
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .addColumn('last_hash', 'text', (c) => c.notNull())
    .addColumn('anchor_seq', 'integer', (c) => c.notNull())
    .addColumn('anchor_hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('audit_purge_gate')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey())
    .execute();

  // The old triggers would refuse the backfill's UPDATEs; the new ones are created after it.
  if (dialect === 'sqlite') {
    await sql`drop trigger audit_events_no_update`.execute(db);
    await sql`drop trigger audit_events_no_delete`.execute(db);
  } else {
    await sql`drop trigger audit_events_no_change on audit_events`.execute(db);
  }

  const tenants = await typed.selectFrom('audit_events').select('tenant_id').distinct().execute();
  for (const { tenant_id: tenantId } of tenants) {
    const rows = await typed
      .selectFrom('audit_events')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('occurred_at')
      .orderBy('event_id')
      .execute();
    const linked = linkEvents(rows.map(eventOfRow), 1, genesisHash, sha256Hex);
    for (const event of linked) {
      await typed
        .updateTable('audit_events')
        .set({ seq: event.seq, prev_hash: event.prevHash, hash: event.hash })
        .where('tenant_id', '=', tenantId)
        .where('event_id', '=', event.eventId)
        .execute();
    }
    await typed
      .insertInto('audit_chain_heads')
      .values({
        tenant_id: tenantId,
        last_seq: linked.length,
        last_hash: linked.at(-1)?.hash ?? genesisHash,
        anchor_seq: 0,
        anchor_hash: genesisHash,
      })
      .execute();
  }
  await db.schema
    .createIndex('audit_events_chain_ux')
    .on('audit_events')
    .columns(['tenant_id', 'seq'])
    .unique()
    .execute();

  if (dialect === 'sqlite') {
    await sql`create trigger audit_events_no_update before update on audit_events begin select raise(abort, 'audit_events is append-only'); end`.execute(
      db,
    );
    await sql`create trigger audit_events_no_delete before delete on audit_events
      when not exists (select 1 from audit_purge_gate g where g.tenant_id = old.tenant_id)
      begin select raise(abort, 'audit_events is append-only; only the retention purge removes events'); end`.execute(
      db,
    );
    await sql`create trigger audit_events_chain_head after insert on audit_events begin
      update audit_chain_heads set last_seq = new.seq, last_hash = new.hash
      where tenant_id = new.tenant_id and last_seq <= new.seq; end`.execute(db);
  } else {
    await sql`create function audit_events_guard() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' and exists (select 1 from audit_purge_gate g where g.tenant_id = old.tenant_id) then
          return old;
        end if;
        raise exception 'audit_events is append-only; only the retention purge removes events';
      end $$`.execute(db);
    await sql`create trigger audit_events_no_change before update or delete on audit_events for each row execute function audit_events_guard()`.execute(
      db,
    );
    await sql`create function audit_events_chain_head() returns trigger language plpgsql as $$
      begin
        update audit_chain_heads set last_seq = new.seq, last_hash = new.hash
        where tenant_id = new.tenant_id and last_seq <= new.seq;
        return null;
      end $$`.execute(db);
    await sql`create trigger audit_events_chain_head after insert on audit_events for each row execute function audit_events_chain_head()`.execute(
      db,
    );
    await sql`create trigger audit_events_no_truncate before truncate on audit_events for each statement execute function audit_events_append_only()`.execute(
      db,
    );
  }
};

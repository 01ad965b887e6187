import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/** The mark may name only the event a round sealed last: the last of its tenant's newest seal row. */
const lastSealed = (id: string, tenantId: string) =>
  sql.raw(`(select ',' || s.event_ids from audit_seals s where s.tenant_id = ${tenantId}
    order by s.last_seq desc limit 1) like '%,' || ${id}`);

/**
 * Guards the sealer's mark (`audit_seal_mark`, 0029 on SQLite, 0030 on PostgreSQL) as 0029/0030 guard the events and
 * the seals: neither gave the mark a trigger, on either dialect. The mark says up to where everything is sealed.
 * Moved back, the next round would link events a second time (a fork); moved past events not yet sealed, deleted,
 * or replaced by a lower one, it would leave those events unsealed for ever — a hole `verify` cannot see, since it
 * walks only what was sealed.
 *
 * So the mark moves only forward, and only to the event a round sealed last (as the sealer does: the last event of
 * its round is the last of that tenant's newest seal row); writing it unchanged, which the SQLite sealer does to
 * take the write lock, is allowed. It cannot be deleted (or truncated), and there is never a second row (the
 * `check (id = 1)` key, and on SQLite a trigger: `INSERT OR REPLACE` deletes without firing delete triggers).
 */
export const up = async (db: Kysely<unknown>, dialect: Dialect): Promise<void> => {
  if (dialect === 'sqlite') {
    // typeof: SQLite keeps a text that does not look like a number as text, which sorts above every integer.
    await sql`create trigger audit_seal_mark_forward before update on audit_seal_mark
      when new.id is not old.id or typeof(new.sealed_through) <> 'integer'
        or new.sealed_through < old.sealed_through
        or (new.sealed_through > old.sealed_through and not coalesce(${lastSealed(
          'new.sealed_through',
          '(select e.tenant_id from audit_events e where e.id = new.sealed_through)',
        )}, 0))
      begin select raise(abort, 'audit_seal_mark only moves forward, to the event sealed last'); end`.execute(db);
    await sql`create trigger audit_seal_mark_no_delete before delete on audit_seal_mark
      begin select raise(abort, 'audit_seal_mark cannot be removed'); end`.execute(db);
    await sql`create trigger audit_seal_mark_one_row before insert on audit_seal_mark
      when exists (select 1 from audit_seal_mark)
      begin select raise(abort, 'audit_seal_mark has one row'); end`.execute(db);
    return;
  }
  // (tx, id) order, as the sealer reads it; the (tx, id) index finds the event, the seals' key its tenant's newest.
  await sql`create function audit_seal_mark_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'audit_seal_mark cannot be removed';
      end if;
      if new.id = old.id and (
        (new.sealed_tx, new.sealed_through) = (old.sealed_tx, old.sealed_through)
        or ((new.sealed_tx, new.sealed_through) > (old.sealed_tx, old.sealed_through) and exists (
          select 1 from audit_events e where (e.tx, e.id) = (new.sealed_tx, new.sealed_through)
            and ${lastSealed('e.id::text', 'e.tenant_id')})))
      then
        return new;
      end if;
      raise exception 'audit_seal_mark only moves forward, to the event sealed last';
    end $$`.execute(db);
  await sql`create trigger audit_seal_mark_guard before update or delete on audit_seal_mark
    for each row execute function audit_seal_mark_guard()`.execute(db);
  await sql`create function audit_seal_mark_no_truncate() returns trigger language plpgsql as $$
    begin raise exception 'audit_seal_mark cannot be removed'; end $$`.execute(db);
  await sql`create trigger audit_seal_mark_no_truncate before truncate on audit_seal_mark
    for each statement execute function audit_seal_mark_no_truncate()`.execute(db);
};

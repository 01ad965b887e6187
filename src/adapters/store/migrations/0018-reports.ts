import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * Reports and the sign-in log (issue #15 items 1–5). The audit filters the console and API offer
 * (activity, target, each over a time range) get an index each, so a filtered page over a million
 * events reads an index range, not the table.
 *
 * `sign_in_events` carries a monotonically increasing integer id so a forwarder can follow it with a
 * cursor ("everything after id N"); ids are global, every query still leads with tenant_id. The
 * identity column is each dialect's own (SQLite AUTOINCREMENT never reuses an id after a delete).
 */
export const up = async (db: Kysely<unknown>, dialect: Dialect): Promise<void> => {
  await db.schema
    .createIndex('audit_events_activity_ix')
    .on('audit_events')
    .columns(['tenant_id', 'activity', 'occurred_at'])
    .execute();
  await db.schema
    .createIndex('audit_events_target_ix')
    .on('audit_events')
    .columns(['tenant_id', 'target_id', 'occurred_at'])
    .execute();
  await db.schema
    .createIndex('audit_events_target_name_ix')
    .on('audit_events')
    .columns(['tenant_id', 'target_name', 'occurred_at'])
    .execute();

  const id = dialect === 'sqlite' ? sql`id integer primary key autoincrement` : sql`id bigserial primary key`;
  await sql`create table sign_in_events (
    ${id},
    tenant_id text not null,
    occurred_at text not null,
    user_id text,
    upn text not null,
    result text not null check (result in ('success','failure')),
    error_code integer not null,
    failure_reason text,
    ip_address text,
    user_agent text
  )`.execute(db);
  await db.schema
    .createIndex('sign_in_events_time_ix')
    .on('sign_in_events')
    .columns(['tenant_id', 'occurred_at', 'id'])
    .execute();
  await db.schema.createIndex('sign_in_events_cursor_ix').on('sign_in_events').columns(['tenant_id', 'id']).execute();
  await db.schema
    .createIndex('sign_in_events_user_ix')
    .on('sign_in_events')
    .columns(['tenant_id', 'upn', 'occurred_at'])
    .execute();
};

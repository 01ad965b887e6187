import { sql, type Kysely } from 'kysely';

/**
 * The initial schema. Written once for both dialects: only portable column types, composite keys
 * led by tenant_id, and append-only triggers on the audit table in each dialect's own syntax.
 */
export const up = async (db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> => {
  await db.schema
    .createTable('tenants')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('is_trial', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('tenant_domains')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.tenant_id'))
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('is_initial', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('tenant_domains_pk', ['tenant_id', 'domain'])
    .execute();
  // A domain is verified by one tenant only: it is how a UPN finds its tenant.
  await db.schema.createIndex('tenant_domains_domain_uq').unique().on('tenant_domains').column('domain').execute();

  await db.schema
    .createTable('users')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.tenant_id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('upn', 'text', (c) => c.notNull())
    .addColumn('upn_key', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('given_name', 'text')
    .addColumn('surname', 'text')
    .addColumn('usage_location', 'text')
    .addColumn('account_enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('cloud','synced','passthrough','federated')`))
    .addColumn('on_prem_anchor', 'text')
    .addColumn('password_hash', 'text')
    .addColumn('password_last_set_at', 'text')
    .addColumn('mobile_phone', 'text')
    .addColumn('office_phone', 'text')
    .addColumn('alternate_email', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('users_pk', ['tenant_id', 'user_id'])
    .addUniqueConstraint('users_upn_uq', ['tenant_id', 'upn_key'])
    .execute();

  await db.schema
    .createTable('user_roles')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_roles_pk', ['tenant_id', 'user_id', 'role'])
    .addForeignKeyConstraint('user_roles_user_fk', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'user_id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute();

  await db.schema
    .createTable('groups')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.tenant_id'))
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('groups_pk', ['tenant_id', 'group_id'])
    .addUniqueConstraint('groups_name_uq', ['tenant_id', 'name_key'])
    .execute();

  await db.schema
    .createTable('group_members')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('member_type', 'text', (c) => c.notNull().check(sql`member_type in ('user','group')`))
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_members_pk', ['tenant_id', 'group_id', 'member_type', 'member_id'])
    .addForeignKeyConstraint(
      'group_members_group_fk',
      ['tenant_id', 'group_id'],
      'groups',
      ['tenant_id', 'group_id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('group_members_member_ix')
    .on('group_members')
    .columns(['tenant_id', 'member_type', 'member_id'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('session_hash', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sessions_pk', ['tenant_id', 'session_hash'])
    .addForeignKeyConstraint('sessions_user_fk', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'user_id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute();
  await db.schema.createIndex('sessions_user_ix').on('sessions').columns(['tenant_id', 'user_id']).execute();
  await db.schema.createIndex('sessions_expiry_ix').on('sessions').column('expires_at').execute();

  await db.schema
    .createTable('lockouts')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('failed_count', 'integer', (c) => c.notNull())
    .addColumn('lockout_count', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('recent_bad_attempts', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lockouts_pk', ['tenant_id', 'user_id'])
    .addForeignKeyConstraint('lockouts_user_fk', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'user_id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('activity', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull().check(sql`result in ('success','failure')`))
    .addColumn('result_reason', 'text')
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_upn', 'text')
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('target_name', 'text')
    .addColumn('ip_address', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_events_pk', ['tenant_id', 'event_id'])
    .execute();
  await db.schema
    .createIndex('audit_events_time_ix')
    .on('audit_events')
    .columns(['tenant_id', 'occurred_at'])
    .execute();

  // The audit table is append-only: the database itself refuses UPDATE (and DELETE until a
  // retention job is given its own, audited path).
  if (dialect === 'sqlite') {
    await sql`create trigger audit_events_no_update before update on audit_events begin select raise(abort, 'audit_events is append-only'); end`.execute(
      db,
    );
    await sql`create trigger audit_events_no_delete before delete on audit_events begin select raise(abort, 'audit_events is append-only'); end`.execute(
      db,
    );
  } else {
    await sql`create function audit_events_append_only() returns trigger language plpgsql as $$ begin raise exception 'audit_events is append-only'; end $$`.execute(
      db,
    );
    await sql`create trigger audit_events_no_change before update or delete on audit_events for each row execute function audit_events_append_only()`.execute(
      db,
    );
  }

  await db.schema
    .createTable('outbox_messages')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('outbox_messages_pk', ['tenant_id', 'message_id'])
    .execute();
  await db.schema.createIndex('outbox_messages_time_ix').on('outbox_messages').column('created_at').execute();
};

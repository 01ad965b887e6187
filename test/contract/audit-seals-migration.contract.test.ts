/**
 * Migration 0029 on a SQLite store whose audit events 0020 already chained per event: the table is rebuilt with an
 * integer primary key and the existing chain moves into seal rows unchanged — the same positions and hashes, so an
 * intact chain still verifies and a chain broken before (a changed row, a removed one) is still broken at the same
 * place. PostgreSQL gets the same from 0030 (its rows stay, with a transaction id of 0 and a row id added).
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditActivities } from '../../src/core/audit/activities.js';
import { createChainVerifier } from '../../src/core/audit/audit-chain.js';
import { sha256Hex } from '../../src/adapters/secrets/sha256.js';
import { createMigrator, migrateToLatest, openDatabase, type OpenDatabase } from '../../src/adapters/store/database.js';
import { createKyselyStore } from '../../src/adapters/store/kysely-store.js';
import { up } from '../../src/adapters/store/migrations/0029-audit-seals.js';
import type { Store } from '../../src/core/ports.js';
import { createThrowawayDatabase, testDialects } from '../support/postgres.js';

const verify = async (store: Store, tenantId: string) => {
  const head = await store.audit.chainHead(tenantId);
  const verifier = createChainVerifier(head, sha256Hex, auditActivities.purgeAuditEvents.name);
  for (const event of await store.audit.listChained(tenantId, 0, 10_000)) if (verifier.feed(event)) break;
  return verifier.finish();
};

/** Three tenants' four events each, written before the chain existed, then chained by migrating up to `target`. */
const chainedEventsUpTo = async (database: OpenDatabase, target: string) => {
  const { error } = await createMigrator(database).migrateTo('0015-common-password-check');
  if (error) throw error instanceof Error ? error : new Error('migration to 0015 failed');
  for (const tenant of ['intact', 'changed', 'gap'])
    for (let n = 1; n <= 4; n++)
      await sql`insert into audit_events (tenant_id, event_id, occurred_at, service, category, activity, result,
          result_reason, actor_type, actor_id, actor_upn, target_type, target_id, target_name, ip_address, details)
        values (${tenant}, ${`${tenant}-${n}`}, ${`2026-03-01T09:0${n}:00.000Z`}, 'Core Directory', 'UserManagement',
          'Add user', 'success', null, 'cli', null, null, 'user', 'u1', 'adele@contoso.example', null,
          ${JSON.stringify({ n })})`.execute(database.db);
  const { error: chainError } = await createMigrator(database).migrateTo(target);
  if (chainError) throw chainError instanceof Error ? chainError : new Error(`migration to ${target} failed`);
};

/** Every event's position and hash as stored before the migration under test. */
const rememberChain = async (database: OpenDatabase, before: Map<string, { seq: number; hash: string }>) => {
  const { rows } = await sql<{ event_id: string; seq: number; hash: string }>`
    select event_id, seq, hash from audit_events`.execute(database.db);
  for (const row of rows) before.set(row.event_id, { seq: Number(row.seq), hash: row.hash });
};

/** After either migration: every event keeps its position and hash, and each chain its verdict from before. */
const expectChainsAsBefore = async (store: Store, before: Map<string, { seq: number; hash: string }>) => {
  for (const tenantId of ['intact', 'changed', 'gap'])
    for (const event of await store.audit.listChained(tenantId, 0, 10))
      expect(before.get(event.eventId)).toEqual({ seq: event.seq, hash: event.hash });
  expect(await verify(store, 'intact')).toEqual({ checked: 4, break: undefined });
  expect(await verify(store, 'changed')).toEqual({
    checked: 2,
    break: { reason: 'hashMismatch', seq: 3, eventId: 'changed-3' },
  });
  expect(await verify(store, 'gap')).toEqual({ checked: 1, break: { reason: 'missingEvents', seq: 2, eventId: null } });
};

describe.skipIf(!testDialects().includes('sqlite'))('migration 0029 seals the chained audit events (sqlite)', () => {
  let database: OpenDatabase;
  let store: Store;
  const before = new Map<string, { seq: number; hash: string }>();

  beforeAll(async () => {
    database = openDatabase('sqlite::memory:');
    await chainedEventsUpTo(database, '0027-recovery-codes');
    // Broken before 0029, behind the triggers' back: one row changed, one removed.
    await sql`drop trigger audit_events_no_update`.execute(database.db);
    await sql`drop trigger audit_events_no_delete`.execute(database.db);
    await sql`update audit_events set actor_upn = 'mallory@contoso.example' where event_id = 'changed-3'`.execute(
      database.db,
    );
    await sql`delete from audit_events where event_id = 'gap-2'`.execute(database.db);
    await rememberChain(database, before);
    await migrateToLatest(database);
    store = createKyselyStore(database);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('keeps every position and hash, and each chain’s verdict', async () => {
    await expectChainsAsBefore(store, before);
  });

  it('continues the chain with sealed appends, survives VACUUM, and guards the rebuilt table', async () => {
    const [first] = await store.audit.listChained('intact', 0, 1);
    await store.audit.append({ ...first!, eventId: 'intact-5', occurredAt: '2026-03-01T10:00:00.000Z' });
    expect(await store.audit.pending('intact')).toBe(1);
    // An implicit rowid may be renumbered by VACUUM; the seals point at the integer primary key, which is not.
    await sql`vacuum`.execute(database.db);
    expect((await store.audit.listChained('intact', 3, 10)).map((e) => [e.seq, e.eventId])).toEqual([
      [4, 'intact-4'],
      [5, 'intact-5'],
    ]);
    expect(await verify(store, 'intact')).toEqual({ checked: 5, break: undefined });
    await expect(sql`delete from audit_events`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`update audit_events set activity = 'x'`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_seals`.execute(database.db)).rejects.toThrow(/append-only/);
  });
});

describe.skipIf(!testDialects().includes('sqlite'))('migration 0029 is all or nothing (sqlite)', () => {
  it('leaves the 0020 table as it was when the rebuild fails half-way, and succeeds when run again', async () => {
    const database = openDatabase('sqlite::memory:');
    const { error } = await createMigrator(database).migrateTo('0015-common-password-check');
    if (error) throw error instanceof Error ? error : new Error('migration to 0015 failed');
    for (let n = 1; n <= 3; n++)
      await sql`insert into audit_events (tenant_id, event_id, occurred_at, service, category, activity, result,
          result_reason, actor_type, actor_id, actor_upn, target_type, target_id, target_name, ip_address, details)
        values ('intact', ${`intact-${n}`}, ${`2026-03-01T09:0${n}:00.000Z`}, 'Core Directory', 'UserManagement',
          'Add user', 'success', null, 'cli', null, null, null, null, null, null, '{}')`.execute(database.db);
    const { error: chainError } = await createMigrator(database).migrateTo('0027-recovery-codes');
    if (chainError) throw chainError instanceof Error ? chainError : new Error('migration to 0027 failed');
    const store = createKyselyStore(database);
    // A table in the way of a step after the events were copied: the rebuild fails there.
    await sql`create table audit_seals (x integer)`.execute(database.db);
    await expect(migrateToLatest(database)).rejects.toThrow(/audit_seals/);
    const tables = await sql<{ name: string }>`
      select name from sqlite_master where type = 'table' and name like 'audit_events%' order by name`.execute(
      database.db,
    );
    expect(tables.rows.map((r) => r.name)).toEqual(['audit_events']);
    const { rows } = await sql<{ n: number }>`select count(*) as n from audit_events where seq is not null`.execute(
      database.db,
    );
    expect(Number(rows[0]!.n)).toBe(3);
    await sql`drop table audit_seals`.execute(database.db);
    await migrateToLatest(database);
    expect(await verify(store, 'intact')).toEqual({ checked: 3, break: undefined });
    // Committed but not recorded (stopped in between): run again, it finds its tables and does nothing.
    await up(database.db as unknown as Kysely<unknown>, 'sqlite');
    expect(await verify(store, 'intact')).toEqual({ checked: 3, break: undefined });
    await store.close();
  });
});

describe.skipIf(!testDialects().includes('postgres'))('migration 0030 seals the chained events (postgres)', () => {
  let database: OpenDatabase;
  let store: Store;
  let drop: () => Promise<void> = () => Promise.resolve();
  const before = new Map<string, { seq: number; hash: string }>();

  beforeAll(async () => {
    const throwaway = await createThrowawayDatabase();
    drop = throwaway.drop;
    database = openDatabase(throwaway.url);
    await chainedEventsUpTo(database, '0029-audit-seals');
    // Broken before 0030, behind the guard's back: one row changed, one removed.
    await sql`alter table audit_events disable trigger audit_events_no_change`.execute(database.db);
    await sql`update audit_events set actor_upn = 'mallory@contoso.example' where event_id = 'changed-3'`.execute(
      database.db,
    );
    await sql`delete from audit_events where event_id = 'gap-2'`.execute(database.db);
    await sql`alter table audit_events enable trigger audit_events_no_change`.execute(database.db);
    await rememberChain(database, before);
    await migrateToLatest(database);
    store = createKyselyStore(database);
  });
  afterAll(async () => {
    await store?.close();
    await drop();
  });

  it('keeps every position and hash, and each chain’s verdict', async () => {
    expect(await store.audit.seal()).toBe(0);
    await expectChainsAsBefore(store, before);
  });

  it('continues the chain with sealed appends and guards events and seals', async () => {
    const [first] = await store.audit.listChained('intact', 0, 1);
    await store.audit.append({ ...first!, eventId: 'intact-5', occurredAt: '2026-03-01T10:00:00.000Z' });
    expect(await store.audit.pending('intact')).toBe(1);
    expect((await store.audit.listChained('intact', 3, 10)).map((e) => [e.seq, e.eventId])).toEqual([
      [4, 'intact-4'],
      [5, 'intact-5'],
    ]);
    expect(await verify(store, 'intact')).toEqual({ checked: 5, break: undefined });
    for (const statement of [
      'delete from audit_events',
      "update audit_events set activity = 'x'",
      'truncate audit_events',
    ])
      await expect(sql.raw(statement).execute(database.db)).rejects.toThrow(/append-only/);
    for (const statement of ['delete from audit_seals', "update audit_seals set links = ''", 'truncate audit_seals'])
      await expect(sql.raw(statement).execute(database.db)).rejects.toThrow(/append-only/);
  });
});

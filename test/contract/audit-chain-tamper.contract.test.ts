/**
 * Tamper evidence of the audit chain on each dialect (issue 15, item 6): per event on PostgreSQL, sealed per batch on
 * SQLite (0029). Rows are changed, deleted, renumbered behind the store's back — the guard triggers dropped (SQLite)
 * or disabled (PostgreSQL) as an attacker with the database would — and the verifier names the first broken event.
 * On SQLite events wait unsealed ("pending") until a seal, which every reader of the chain makes first.
 */
import { sql } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditActivities } from '../../src/core/audit/activities.js';
import { createChainVerifier } from '../../src/core/audit/audit-chain.js';
import type { AuditEvent } from '../../src/core/model.js';
import type { Store } from '../../src/core/ports.js';
import { sha256Hex } from '../../src/adapters/secrets/sha256.js';
import { migrateToLatest, openDatabase, type OpenDatabase } from '../../src/adapters/store/database.js';
import { createKyselyStore } from '../../src/adapters/store/kysely-store.js';
import { verifyAuditChain } from '../../src/services/audit/audit-verify.js';
import { purgeExpiredAudit } from '../../src/services/audit/audit-retention.js';
import { auditSource } from '../../src/services/audit/siem-sources.js';
import { auditCsv } from '../../src/services/reports/report-csv.js';
import { systemClock } from '../../src/adapters/clock/system-clock.js';
import { cryptoRandom } from '../../src/adapters/secrets/keyed-hasher.js';
import { testDialects } from '../support/postgres.js';
import { aStoredTenant, describeStore } from '../support/store-suite.js';

const anEvent = (tenantId: string, n: number): AuditEvent => ({
  tenantId,
  eventId: crypto.randomUUID(),
  occurredAt: new Date(Date.UTC(2026, 2, 1, 9, 0, n)).toISOString(),
  service: 'Self-service Password Management',
  category: 'UserManagement',
  activity: 'Reset password (self-service)',
  result: 'success',
  resultReason: null,
  actor: { type: 'user', id: `u${n}`, upn: `u${n}@contoso.example` },
  target: null,
  ipAddress: null,
  details: { n },
});

const verify = async (store: Store, tenantId: string) => {
  const head = await store.audit.chainHead(tenantId);
  const verifier = createChainVerifier(head, sha256Hex, auditActivities.purgeAuditEvents.name);
  for (const event of await store.audit.listChained(tenantId, 0, 10_000)) if (verifier.feed(event)) break;
  return verifier.finish();
};

/** Runs `statements` with the audit table's guard out of the way, then puts it back. */
const tamper = async (database: OpenDatabase, ...statements: string[]) => {
  const { db, dialect } = database;
  if (dialect === 'postgres') {
    await sql`alter table audit_events disable trigger audit_events_no_change`.execute(db);
    for (const statement of statements) await sql.raw(statement).execute(db);
    await sql`alter table audit_events enable trigger audit_events_no_change`.execute(db);
    return;
  }
  const { rows } = await sql<{ name: string; sql: string }>`
    select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'audit_events'`.execute(db);
  for (const trigger of rows) await sql.raw(`drop trigger ${trigger.name}`).execute(db);
  for (const statement of statements) await sql.raw(statement).execute(db);
  for (const trigger of rows) await sql.raw(trigger.sql).execute(db);
};

/** A tenant with `count` sealed events; their ids in chain order. */
const aChain = async (store: Store, count: number) => {
  const tenant = await aStoredTenant(store);
  for (let n = 1; n <= count; n++) await store.audit.append(anEvent(tenant.tenantId, n));
  const chain = await store.audit.listChained(tenant.tenantId, 0, 100);
  return { tenantId: tenant.tenantId, ids: chain.map((e) => e.eventId) };
};

describeStore('audit chain tamper evidence', (store, dialect, database) => {
  it('names a changed event', async () => {
    const { tenantId, ids } = await aChain(store, 5);
    await tamper(
      database,
      `update audit_events set actor_upn = 'mallory@contoso.example' where event_id = '${ids[2]}'`,
    );
    expect(await verify(store, tenantId)).toEqual({
      checked: 2,
      break: { reason: 'hashMismatch', seq: 3, eventId: ids[2] },
    });
  });

  it('names the position of an event deleted inside the sealed chain', async () => {
    const { tenantId, ids } = await aChain(store, 5);
    await tamper(database, `delete from audit_events where event_id = '${ids[1]}'`);
    expect(await verify(store, tenantId)).toEqual({
      checked: 1,
      break: { reason: 'missingEvents', seq: 2, eventId: null },
    });
  });

  it('notices the newest events deleted (the head still counts them)', async () => {
    const { tenantId, ids } = await aChain(store, 5);
    await tamper(database, `delete from audit_events where event_id in ('${ids[3]}', '${ids[4]}')`);
    expect(await verify(store, tenantId)).toEqual({
      checked: 3,
      break: { reason: 'missingTail', seq: 4, eventId: null },
    });
  });

  it('names the first event out of place when two are swapped', async () => {
    const { tenantId, ids } = await aChain(store, 5);
    // The position lives in the seal's list of row ids: swap those.
    const column = 'id';
    const [second, third] = [ids[1]!, ids[2]!];
    const { rows } = await sql<{ event_id: string; pos: number }>`
      select event_id, ${sql.ref(column)} as pos from audit_events where event_id in (${second}, ${third})`.execute(
      database.db,
    );
    const pos = new Map(rows.map((r) => [r.event_id, Number(r.pos)]));
    await tamper(
      database,
      `update audit_events set ${column} = -1 where event_id = '${second}'`,
      `update audit_events set ${column} = ${pos.get(second)} where event_id = '${third}'`,
      `update audit_events set ${column} = ${pos.get(third)} where event_id = '${second}'`,
    );
    const result = await verify(store, tenantId);
    expect(result.checked).toBe(1);
    expect(result.break).toMatchObject({ seq: 2, eventId: third });
    expect(['hashMismatch', 'previousHashMismatch']).toContain(result.break?.reason);
  });

  it('counts events not yet sealed as pending and seals them on the next read', async () => {
    const { tenantId } = await aChain(store, 2);
    await store.audit.append(anEvent(tenantId, 3));
    await store.audit.append(anEvent(tenantId, 4));
    const waiting = 2;
    expect(await store.audit.pending(tenantId)).toBe(waiting);
    expect(await store.audit.seal()).toBe(waiting);
    expect(await store.audit.pending(tenantId)).toBe(0);
    expect(await store.audit.seal()).toBe(0);
    await store.audit.append(anEvent(tenantId, 5));
    expect((await store.audit.listChained(tenantId, 0, 10)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(await store.audit.pending(tenantId)).toBe(0);
    expect(await verify(store, tenantId)).toEqual({ checked: 5, break: undefined });
  });

  it('seals many tenants’ events in one round, each into its own chain, and pages across seals', async () => {
    const a = await aStoredTenant(store);
    const b = await aStoredTenant(store);
    const events = Array.from({ length: 2100 }, (_, i) => anEvent(i % 3 ? a.tenantId : b.tenantId, i));
    await store.transaction(async (trx) => {
      for (const event of events) await trx.audit.append(event);
    });
    await store.audit.seal();
    const chainA = await store.audit.listChained(a.tenantId, 0, 5000);
    expect(chainA).toHaveLength(events.filter((e) => e.tenantId === a.tenantId).length);
    expect(chainA.map((e) => e.eventId)).toEqual(events.filter((e) => e.tenantId === a.tenantId).map((e) => e.eventId));
    expect((await store.audit.listChained(a.tenantId, 998, 5)).map((e) => e.seq)).toEqual([
      999, 1000, 1001, 1002, 1003,
    ]);
    expect(await verify(store, a.tenantId)).toEqual({ checked: chainA.length, break: undefined });
    expect((await verify(store, b.tenantId)).break).toBeUndefined();
  });

  it('reads on past a deleted event, so a page is short only at the end of the chain', async () => {
    const { tenantId, ids } = await aChain(store, 6);
    await tamper(database, `delete from audit_events where event_id = '${ids[2]}'`);
    expect((await store.audit.listChained(tenantId, 0, 3)).map((e) => e.seq)).toEqual([1, 2, 4]);
    expect((await store.audit.listChained(tenantId, 2, 3)).map((e) => e.seq)).toEqual([4, 5, 6]);
  });

  it('names an event deleted at the end of a verify page as missing, not as a removed tail', async () => {
    const tenant = await aStoredTenant(store);
    const events = Array.from({ length: 1003 }, (_, i) => anEvent(tenant.tenantId, i));
    await store.transaction(async (trx) => {
      for (const event of events) await trx.audit.append(event);
    });
    await store.audit.seal();
    // Position 1000 is the last of the verifier's first page of 1,000.
    await tamper(database, `delete from audit_events where event_id = '${events[999]!.eventId}'`);
    const result = await verifyAuditChain(store, sha256Hex, tenant.tenantId);
    expect(result.firstBreak).toMatchObject({ reason: 'missingEvents', seq: 1000 });
    expect(result.checked).toBe(999);
  });

  it('refuses to change or delete seals outside the purge', async () => {
    const { tenantId } = await aChain(store, 2);
    await expect(
      sql`update audit_seals set links = '' where tenant_id = ${tenantId}`.execute(database.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_seals where tenant_id = ${tenantId}`.execute(database.db)).rejects.toThrow(
      /append-only/,
    );
    if (dialect === 'postgres')
      await expect(sql`truncate audit_seals`.execute(database.db)).rejects.toThrow(/append-only/);
  });

  it('keeps the seal mark: it moves only forward, to the event sealed last, and stays one row', async () => {
    const { tenantId } = await aChain(store, 3);
    const { db } = database;
    const refused = /audit_seal_mark/;
    await expect(sql`update audit_seal_mark set sealed_through = sealed_through - 1`.execute(db)).rejects.toThrow(
      refused,
    );
    await expect(sql`delete from audit_seal_mark`.execute(db)).rejects.toThrow(refused);
    // Over an event still waiting for its seal: it would never be sealed.
    await store.audit.append(anEvent(tenantId, 4));
    const skip =
      dialect === 'postgres'
        ? sql`update audit_seal_mark set (sealed_tx, sealed_through) =
            (select tx, id from audit_events order by tx desc, id desc limit 1)`
        : sql`update audit_seal_mark set sealed_through = (select max(id) from audit_events)`;
    await expect(skip.execute(db)).rejects.toThrow(refused);
    // Replaced by a fresh row (SQLite's REPLACE deletes without firing the delete trigger).
    const replace =
      dialect === 'postgres'
        ? sql`insert into audit_seal_mark (id, sealed_tx, sealed_through) values (1, '0', 0)
            on conflict (id) do update set sealed_tx = excluded.sealed_tx, sealed_through = excluded.sealed_through`
        : sql`insert or replace into audit_seal_mark (id, sealed_through) values (1, 0)`;
    await expect(replace.execute(db)).rejects.toThrow(refused);
    if (dialect === 'postgres') await expect(sql`truncate audit_seal_mark`.execute(db)).rejects.toThrow(refused);
    // The sealer still moves it, and the event it was refused to skip is in the chain.
    expect(await store.audit.pending(tenantId)).toBe(1);
    expect(await verify(store, tenantId)).toEqual({ checked: 4, break: undefined });
    expect(await store.audit.pending(tenantId)).toBe(0);
  });

  it('seals past events whose stored details are not a JSON object, and names a later change to one', async () => {
    const { tenantId } = await aChain(store, 2);
    const other = await aStoredTenant(store);
    // Written outside the app, which stores only JSON objects: cut short, and JSON null (no keys to sort).
    const [cut, nothing] = [crypto.randomUUID(), crypto.randomUUID()];
    for (const [eventId, details] of [
      [cut, '{"n": 3'],
      [nothing, 'null'],
    ])
      await sql`insert into audit_events (tenant_id, event_id, occurred_at, service, category, activity, result,
          actor_type, details)
        values (${tenantId}, ${eventId}, '2026-03-01T09:00:03.000Z', 'Core Directory', 'UserManagement',
          'Update user', 'success', 'system', ${details})`.execute(database.db);
    await store.audit.append(anEvent(tenantId, 5));
    await store.audit.append(anEvent(other.tenantId, 1));

    const intact = await verifyAuditChain(store, sha256Hex, tenantId);
    expect(intact).toMatchObject({ ok: true, checked: 5, pending: 0 });
    expect(await store.audit.pending(other.tenantId)).toBe(0);
    const [third, fourth] = await store.audit.listChained(tenantId, 2, 2);
    expect(third).toMatchObject({ eventId: cut, details: {}, unreadableDetails: '{"n": 3' });
    expect(fourth).toMatchObject({ eventId: nothing, details: {}, unreadableDetails: 'null' });
    // The SIEM record and the CSV export carry the stored text as it is.
    const [record] = await auditSource.read(store, tenantId, 2, 1, new Date());
    expect(record?.body).toMatchObject({ additionalDetails: [{ key: 'unreadableDetails', value: '{"n": 3' }] });
    const csv: string[] = [];
    const rows = (async function* () {
      yield third!;
    })();
    for await (const line of auditCsv(rows)) csv.push(line);
    expect(csv[1]).toMatch(/"\{""n"": 3"\r\n$/);

    // Another unreadable text, and readable details where there were none: both are changes.
    for (const changed of ['{"n": 4', '{}']) {
      await tamper(database, `update audit_events set details = '${changed}' where event_id = '${cut}'`);
      expect((await verifyAuditChain(store, sha256Hex, tenantId)).firstBreak).toMatchObject({
        reason: 'hashMismatch',
        seq: 3,
        eventId: cut,
      });
    }
    await tamper(database, `update audit_events set details = '{"n": 3' where event_id = '${cut}'`);
    expect(await verifyAuditChain(store, sha256Hex, tenantId)).toMatchObject({ ok: true, checked: 5 });
  });
});

describe.skipIf(!testDialects().includes('sqlite'))('the SQLite sealer beyond one round (sqlite)', () => {
  it('seals what a process appended when its store closes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sspr-seal-close-'));
    const url = `sqlite:${join(dir, 'sspr.db')}`;
    try {
      const first = openDatabase(url);
      await migrateToLatest(first);
      const cli = createKyselyStore(first);
      const tenant = await aStoredTenant(cli);
      await cli.audit.append(anEvent(tenant.tenantId, 1));
      expect(await cli.audit.pending(tenant.tenantId)).toBe(1);
      await cli.close();
      const later = createKyselyStore(openDatabase(url));
      expect(await later.audit.pending(tenant.tenantId)).toBe(0);
      await later.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /** A SQLite store holding 5,001 unsealed events of one tenant: two of the sealer's 5,000-event rounds. */
  const aSealingBacklog = async () => {
    const database = openDatabase('sqlite::memory:');
    await migrateToLatest(database);
    const store = createKyselyStore(database);
    const tenant = await aStoredTenant(store);
    await store.transaction(async (trx) => {
      for (let n = 0; n < 5001; n++) await trx.audit.append(anEvent(tenant.tenantId, n));
    });
    return { store, tenant };
  };

  it('lets the event loop turn between rounds of a large backlog', async () => {
    const { store, tenant } = await aSealingBacklog();
    // Two rounds (5,000 a round): a macrotask queued now runs between them, before the seal resolves.
    const turn = new Promise((resolve) => setImmediate(() => resolve('turn')));
    const sealed = store.audit.seal().then(() => 'sealed');
    expect(await Promise.race([sealed, turn])).toBe('turn');
    await sealed;
    expect(await store.audit.pending(tenant.tenantId)).toBe(0);
    await store.close();
  });

  it('seals a backlog before the purge’s transaction, in rounds the event loop turns between', async () => {
    const { store, tenant } = await aSealingBacklog();
    const turn = new Promise((resolve) => setImmediate(() => resolve('turn')));
    const purged = purgeExpiredAudit({ store, clock: systemClock, random: cryptoRandom }, 1).then(() => 'purged');
    expect(await Promise.race([purged, turn])).toBe('turn');
    await purged;
    // The March events went (retention of a day); the chain left (the purge's own records) is intact.
    expect(await verifyAuditChain(store, sha256Hex, tenant.tenantId)).toMatchObject({ ok: true, checked: 2 });
    await store.close();
  });
});

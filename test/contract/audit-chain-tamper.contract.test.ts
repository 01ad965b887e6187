/**
 * Tamper evidence of the audit chain on each dialect (issue 15, item 6): per event on PostgreSQL, sealed per batch on
 * SQLite (0029). Rows are changed, deleted, renumbered behind the store's back — the guard triggers dropped (SQLite)
 * or disabled (PostgreSQL) as an attacker with the database would — and the verifier names the first broken event.
 * On SQLite events wait unsealed ("pending") until a seal, which every reader of the chain makes first.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { auditActivities } from '../../src/core/audit/activities.js';
import { createChainVerifier } from '../../src/core/audit/audit-chain.js';
import type { AuditEvent } from '../../src/core/model.js';
import type { Store } from '../../src/core/ports.js';
import { sha256Hex } from '../../src/adapters/secrets/sha256.js';
import type { OpenDatabase } from '../../src/adapters/store/database.js';
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
    // The position lives in the row on PostgreSQL and in the seal's list of row ids on SQLite: swap those.
    const column = dialect === 'postgres' ? 'seq' : 'id';
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
    // PostgreSQL links each event as it is appended: nothing ever waits.
    const waiting = dialect === 'sqlite' ? 2 : 0;
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

  it('refuses to change or delete seals outside the purge (SQLite)', async () => {
    if (dialect !== 'sqlite') return;
    const { tenantId } = await aChain(store, 2);
    await expect(
      sql`update audit_seals set links = '' where tenant_id = ${tenantId}`.execute(database.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_seals where tenant_id = ${tenantId}`.execute(database.db)).rejects.toThrow(
      /append-only/,
    );
  });
});

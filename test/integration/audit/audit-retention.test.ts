/**
 * Audit retention and tamper evidence (issue 15, item 6) through the real app on each dialect: the purge keeps 7
 * days on Free and 30 with P1, or what SSPR_AUDIT_RETENTION_DAYS says; it records what it removed and the chain
 * still verifies; a row changed or removed behind the store's back (the test disables the trigger on PostgreSQL,
 * drops it on the SQLite file) is named by `verify` and by `sspr audit verify` as a real process.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { recordAudit } from '../../../src/services/audit/audit-recorder.js';
import { aTenant } from '../../support/factories.js';
import { testDialects } from '../../support/postgres.js';
import { createTestWorld, type TestWorld } from '../../support/world.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const day = 24 * 60 * 60;
const run = promisify(execFile);

describe.each(testDialects())('audit retention and verify (%s)', (dialect) => {
  const dir = mkdtempSync(join(tmpdir(), 'sspr-audit-chain-'));
  const sqliteFile = join(dir, 'sspr.db');
  let world: TestWorld;

  beforeAll(async () => {
    world = await createTestWorld(dialect, dialect === 'sqlite' ? { SSPR_DATABASE_URL: `sqlite:${sqliteFile}` } : {});
  });
  afterAll(async () => {
    await world?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Raw SQL beside the app, with the append-only trigger out of the way, as an attacker with the database would. */
  const tamper = async (statement: string) => {
    if (dialect === 'sqlite') {
      const db = new SqliteDatabase(sqliteFile);
      try {
        db.exec('drop trigger audit_events_no_update; drop trigger audit_events_no_delete;');
        db.exec(statement);
        // Put the guard back, as a careful attacker would.
        db.exec(`create trigger audit_events_no_update before update on audit_events begin select raise(abort, 'audit_events is append-only'); end;
          create trigger audit_events_no_delete before delete on audit_events
          when not exists (select 1 from audit_purge_gate g where g.tenant_id = old.tenant_id)
          begin select raise(abort, 'audit_events is append-only; only the retention purge removes events'); end;`);
      } finally {
        db.close();
      }
      return;
    }
    const client = new pg.Client({ connectionString: world.config.databaseUrl });
    await client.connect();
    try {
      await client.query('alter table audit_events disable trigger audit_events_no_change');
      await client.query(statement);
      await client.query('alter table audit_events enable trigger audit_events_no_change');
    } finally {
      await client.end();
    }
  };

  /** The event at a chain position (the chain's columns are per event on PostgreSQL, in seal rows on SQLite). */
  const eventAt = async (tenantId: string, seq: number) =>
    (await world.app.store.audit.listChained(tenantId, seq - 1, 1))[0]!.eventId;

  const append = (tenantId: string, n: number) =>
    world.app.store.transaction((store) =>
      recordAudit(world.app.services.deps, store, {
        tenantId,
        activity: 'changePasswordSelfService',
        actor: { type: 'user', id: `u${n}`, upn: `u${n}@contoso.example` },
        details: { n },
      }),
    );

  it('purges by licence (Free 7 days, P1 30 days) and by the installation override, recording each purge', async () => {
    const free = await aTenant(world.app);
    const premium = await aTenant(world.app);
    await world.app.services.licensing.setSubscription(premium.tenantId, 'AAD_PREMIUM_P1', 5, 'add');
    for (const t of [free, premium]) await append(t.tenantId, 1);
    world.clock.advance(8 * day);
    await append(free.tenantId, 2);
    // The purge's own event comes a second later, so "newest first" has one order.
    world.clock.advance(1);

    const round = await world.app.services.audit.purgeExpired(null);
    expect(round.find((o) => o.tenantId === free.tenantId)).toEqual({
      tenantId: free.tenantId,
      retentionDays: 7,
      removed: 2,
    });
    expect(round.find((o) => o.tenantId === premium.tenantId)).toMatchObject({ retentionDays: 30, removed: 0 });
    const [purge] = await world.app.services.audit.list(free.tenantId, {
      activity: 'Purge audit events past retention',
    });
    expect(purge).toMatchObject({
      actor: { type: 'system' },
      details: {
        removed: 2,
        fromSeq: 1,
        toSeq: 2,
        oldest: '2026-03-01T09:00:00.000Z',
        newest: '2026-03-01T09:00:00.000Z',
        retentionDays: 7,
      },
    });
    expect((await world.app.services.audit.list(free.tenantId)).map((e) => e.activity)).toEqual([
      'Purge audit events past retention',
      'Change password (self-service)',
    ]);
    expect(await world.app.services.audit.verify(free.tenantId)).toMatchObject({
      ok: true,
      checked: 2,
      anchor: { seq: 2 },
    });
    // A second instance's round right after finds nothing left.
    expect((await world.app.services.audit.purgeExpired(null)).find((o) => o.tenantId === free.tenantId)?.removed).toBe(
      0,
    );

    world.clock.advance(23 * day);
    const later = await world.app.services.audit.purgeExpired(null);
    // P1 keeps 30 days: its first events (31 days old) go now; the licence-change events with them.
    expect(later.find((o) => o.tenantId === premium.tenantId)?.removed).toBeGreaterThanOrEqual(2);
    expect(await world.app.services.audit.verify(premium.tenantId)).toMatchObject({ ok: true });

    // SSPR_AUDIT_RETENTION_DAYS replaces the licence: with 400 days nothing goes, with 1 day the rest does.
    await append(premium.tenantId, 3);
    world.clock.advance(2 * day);
    expect((await world.app.services.audit.purgeExpired(400)).every((o) => o.removed === 0)).toBe(true);
    expect((await world.app.services.audit.purgeExpired(1)).find((o) => o.tenantId === premium.tenantId)).toMatchObject(
      {
        retentionDays: 1,
        removed: 2,
      },
    );
    expect(await world.app.services.audit.verify(premium.tenantId)).toMatchObject({ ok: true });
  });

  it('names the first broken link when a row is changed, and a removal behind the purge’s back', async () => {
    const tenant = await aTenant(world.app);
    for (let n = 1; n <= 4; n++) await append(tenant.tenantId, n);
    expect(await world.app.services.audit.verify(tenant.tenantId)).toMatchObject({
      ok: true,
      checked: 5,
      lastSeq: 5,
      pending: 0,
    });

    await tamper(
      `update audit_events set actor_upn = 'someone-else@contoso.example' where event_id = '${await eventAt(tenant.tenantId, 3)}'`,
    );
    const changed = await world.app.services.audit.verify(tenant.tenantId);
    expect(changed).toMatchObject({
      ok: false,
      checked: 2,
      firstBreak: { reason: 'hashMismatch', seq: 3, activity: 'Change password (self-service)' },
    });

    if (dialect === 'sqlite') {
      const cli = await run(
        process.execPath,
        ['--import', 'tsx', 'src/cli.ts', 'audit', 'verify', '--tenant', tenant.domains[0]!],
        {
          env: {
            ...process.env,
            SSPR_DATABASE_URL: `sqlite:${sqliteFile}`,
            SSPR_LOG_LEVEL: 'silent',
            SSPR_SECRET: 'test-secret-test-secret-test-secret-0123',
          },
        },
      ).then(
        () => ({ code: 0, stdout: '' }),
        (error: { code: number; stdout: string }) => error,
      );
      expect(cli.code).toBe(1);
      expect(cli.stdout).toMatch(/audit chain BROKEN at position 3: the event was changed/);
    }

    const other = await aTenant(world.app);
    for (let n = 1; n <= 3; n++) await append(other.tenantId, n);
    await tamper(`delete from audit_events where event_id = '${await eventAt(other.tenantId, 2)}'`);
    expect(await world.app.services.audit.verify(other.tenantId)).toMatchObject({
      ok: false,
      firstBreak: { reason: 'missingEvents', seq: 2 },
    });
    const third = await aTenant(world.app);
    await append(third.tenantId, 1);
    await tamper(`delete from audit_events where event_id = '${await eventAt(third.tenantId, 2)}'`);
    expect(await world.app.services.audit.verify(third.tenantId)).toMatchObject({
      ok: false,
      firstBreak: { reason: 'missingTail', seq: 2 },
    });
  });
});

/**
 * Audit events whose stored details the database cannot read — text that is not JSON (a write outside the app), JSON
 * that is not an object, and JSON PostgreSQL's operators refuse (`\u0000`, which JSON.stringify writes for a NUL) —
 * written straight into the store beside readable ones. Every report and export that reads details still answers,
 * counting what it can read and treating the rest as having no details, on each dialect.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { auditActivities } from '../../../src/core/audit/activities.js';
import { auditEventOf } from '../../../src/services/audit/audit-recorder.js';
import { signedInAs } from '../../support/admin-http.js';
import { aTenant } from '../../support/factories.js';
import { testDialects } from '../../support/postgres.js';
import { useSnapshotWorld } from '../../support/store-snapshot.js';

const reset = auditActivities.resetPasswordSelfService;
const unlock = auditActivities.unlockSelfService;

/** [day in February 2026, activity, stored details]: what no app write produces, and one that the app can. */
const unreadable = [
  [10, reset, '{"methods": "mobileSms"'],
  [11, unlock, 'not json at all'],
  [11, reset, '{"methods": 5}'],
  [11, reset, '{"detail": "\\u0000"}'],
  [12, reset, 'null'],
  [12, reset, '[1, 2]'],
] as const;

describe.each(testDialects())('reports over audit details the database cannot read (%s)', (dialect) => {
  const ctx = useSnapshotWorld(dialect);
  const get = (cookie: string, url: string, accept = 'application/json') =>
    ctx.server.inject({ method: 'GET', url, headers: { cookie, accept } });

  it('counts the readable events and the unreadable ones without their details, in JSON, CSV and the console', async () => {
    const tenant = await aTenant(ctx.world.app);
    const app = ctx.world.app;
    await app.services.licensing.setSubscription(tenant.tenantId, 'AAD_PREMIUM_P1', 5, 'add');
    const reader = await signedInAs(ctx, ['Reports Reader'], tenant.domains[0]);
    const readable = auditEventOf(
      { clock: { now: () => new Date(Date.UTC(2026, 1, 10, 8)) }, random: app.services.deps.random },
      {
        tenantId: tenant.tenantId,
        activity: 'resetPasswordSelfService',
        actor: { type: 'user', id: null, upn: 'u@x' },
        details: { methods: 'email' },
      },
    );
    await app.store.audit.append(readable);
    for (const [i, [day, activity, details]] of unreadable.entries())
      await sql`insert into audit_events (tenant_id, event_id, occurred_at, service, category, activity, result,
          actor_type, details)
        values (${tenant.tenantId}, ${crypto.randomUUID()}, ${`2026-02-${day}T09:00:0${i}.000Z`}, ${activity.service},
          ${activity.category}, ${activity.name}, 'success', 'system', ${details})`.execute(ctx.copy.db);
    const window = 'since=2026-02-10&until=2026-02-13';

    const usage = await get(reader.cookie, `/api/v1/admin/reports/usage?${window}`);
    expect(usage.statusCode, usage.body).toBe(200);
    expect(usage.json().days).toEqual([
      {
        day: '2026-02-10',
        resetsSucceeded: 2,
        resetsFailed: 0,
        unlocksSucceeded: 0,
        unlocksFailed: 0,
        registrations: 0,
      },
      {
        day: '2026-02-11',
        resetsSucceeded: 2,
        resetsFailed: 0,
        unlocksSucceeded: 1,
        unlocksFailed: 0,
        registrations: 0,
      },
      {
        day: '2026-02-12',
        resetsSucceeded: 2,
        resetsFailed: 0,
        unlocksSucceeded: 0,
        unlocksFailed: 0,
        registrations: 0,
      },
    ]);
    // Only the readable event names a method: a number, cut-short text or no object names none.
    expect(usage.json().byMethod).toEqual([{ method: 'email', count: 1 }]);
    const usageCsv = await get(reader.cookie, `/api/v1/admin/reports/usage?${window}&format=csv`);
    expect(usageCsv.statusCode).toBe(200);
    expect(usageCsv.body.trim().split('\r\n').slice(1)).toEqual([
      '"2026-02-10","2","0","0","0","0"',
      '"2026-02-11","2","0","1","0","0"',
      '"2026-02-12","2","0","0","0","0"',
    ]);

    // The audit log shows every event; an unreadable one with empty details and its stored text beside them.
    const audit = await get(reader.cookie, `/api/v1/admin/audit?${window}`);
    expect(audit.statusCode, audit.body).toBe(200);
    const events = audit.json().value as Array<{ eventId: string; details: object; unreadableDetails?: string }>;
    expect(events).toHaveLength(1 + unreadable.length);
    // Newest first; `{"methods": 5}` and the escaped NUL are JSON objects, which the app reads.
    expect(events.filter((e) => e.unreadableDetails !== undefined).map((e) => e.unreadableDetails)).toEqual([
      '[1, 2]',
      'null',
      'not json at all',
      '{"methods": "mobileSms"',
    ]);
    expect(events.find((e) => e.eventId === readable.eventId)?.details).toEqual({ methods: 'email' });
    const auditCsv = await get(reader.cookie, `/api/v1/admin/audit?${window}&format=csv`);
    expect(auditCsv.statusCode).toBe(200);
    const lines = auditCsv.body.trim().split('\r\n');
    expect(lines).toHaveLength(2 + unreadable.length);
    expect(lines.some((line) => line.endsWith(',"{""methods"": ""mobileSms"""'))).toBe(true);
    expect(lines.some((line) => line.endsWith(',"not json at all"'))).toBe(true);
    // `sspr audit list` reads through the same service.
    const resets = await app.services.audit.list(tenant.tenantId, { activity: reset.name });
    expect(resets.map((e) => e.unreadableDetails ?? e.details)).toEqual([
      '[1, 2]',
      'null',
      { detail: '\0' },
      { methods: 5 },
      '{"methods": "mobileSms"',
      { methods: 'email' },
    ]);

    for (const tab of [`usage-insights?${window}`, `audit-logs?${window}`]) {
      const page = await get(reader.cookie, `/admin/password-reset/${tab}`, 'text/html');
      expect(page.statusCode, tab).toBe(200);
    }
    const chart = await get(reader.cookie, `/admin/password-reset/usage-insights?${window}`, 'text/html');
    expect(chart.body).toContain('<th scope="row">2026-02-11</th>');
  });
});

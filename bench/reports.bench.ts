/**
 * Reports and the audit log at size (issue #15): one tenant with 100,000 users and 1,000,000 audit
 * events, on SQLite and PostgreSQL. Goal: each report and a filtered audit page under 2 s; the CSV of
 * every event streamed with flat memory (the peak heap growth while exporting is printed).
 *
 *   npx tsx bench/reports.bench.ts          table on stdout (progress on stderr)
 *
 * Environment:
 *   BENCH_REPORTS_EVENTS    audit events (default 1000000); a busy machine may run with fewer
 *   BENCH_REPORTS_USERS     users (default 100000)
 *   BENCH_REPORTS_DIALECTS  comma-separated, default `sqlite,postgres`
 *   SSPR_TEST_POSTGRES_URL  the PostgreSQL server (as for the tests)
 *
 * The data is bulk-inserted through a second connection; every timed step goes through the real
 * services the API routes call (the same parsing, the same store queries). Slowness never fails the run.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { appendChained } from '../src/adapters/store/audit-chain-store.js';
import { openDatabase } from '../src/adapters/store/database.js';
import { auditActivities } from '../src/core/audit/activities.js';
import type { AuditEvent } from '../src/core/model.js';
import { parseAuditQuery } from '../src/services/reports/log-queries.js';
import { auditCsv } from '../src/services/reports/report-csv.js';
import { backgroundMeter } from './support/background-load.js';
import { benchDialects, openBenchApp, timed } from './support/bench-app.js';
import { bulkMembers, bulkMethods, bulkUsers } from './support/bulk-directory.js';

const count = (name: string, fallback: number) => {
  const n = Number(process.env[name]?.trim() || fallback);
  if (!Number.isInteger(n) || n < 10) {
    process.stderr.write(`bench: ${name} must be a whole number >= 10\n`);
    process.exit(2);
  }
  return n;
};
const events = count('BENCH_REPORTS_EVENTS', 1_000_000);
const users = count('BENCH_REPORTS_USERS', 100_000);
const dialects = benchDialects('BENCH_REPORTS_DIALECTS');
const progress = (message: string) => process.stderr.write(`${message}\n`);
const GOAL_SECONDS = 2;

const activities = [
  auditActivities.resetPasswordSelfService,
  auditActivities.unlockSelfService,
  auditActivities.resetFlowProgress,
  auditActivities.securityInfoSaved,
  auditActivities.userRegisteredForSspr,
  auditActivities.addUser,
];
const start = Date.parse('2026-01-01T00:00:00Z');
const spanMs = 60 * 86_400_000;

const eventAt = (tenantId: string, i: number, upns: readonly string[]): AuditEvent => {
  const activity = activities[i % activities.length]!;
  const upn = upns[i % upns.length]!;
  return {
    tenantId,
    eventId: randomUUID(),
    occurredAt: new Date(start + Math.floor((i / events) * spanMs)).toISOString(),
    service: activity.service,
    category: activity.category,
    activity: activity.name,
    result: i % 7 === 0 ? 'failure' : 'success',
    resultReason: i % 7 === 0 ? 'PasswordPolicyViolation' : null,
    actor: { type: 'user', id: null, upn },
    target: { type: 'user', id: null, name: upn },
    ipAddress: '192.0.2.10',
    details: i % 2 === 0 ? { methods: 'email', detail: 'User successfully reset password' } : {},
  };
};

// CPU is this process's (on SQLite all of the work; PostgreSQL's server is not in it): on a machine shared with other
// work, wall seconds mostly measure waiting for a core, CPU seconds the cost.
const rows: string[][] = [['dialect', 'step', 'seconds', 'app CPU s', 'goal', 'result']];
for (const dialect of dialects) {
  progress(`${dialect}: setting up ${users} users and ${events} events`);
  const bench = await openBenchApp(dialect, 'sspr-bench-reports-');
  const database = openDatabase(bench.databaseUrl);
  try {
    const { app } = bench;
    const tenant = await app.services.tenants.createTenant({ name: 'Bench', domain: 'bench.example', country: 'NL' });
    await app.services.licensing.setSubscription(tenant.tenantId, 'AAD_PREMIUM_P1', users, 'add');
    const made = await bulkUsers(database.db, dialect, {
      tenantId: tenant.tenantId,
      domain: 'bench.example',
      count: users,
      usageLocation: 'NL',
      passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA',
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    // As a tenant that uses SSPR: everyone licensed through a group, most users with security info registered.
    const group = await app.services.groups.createGroup(tenant.tenantId, 'Everyone');
    await bulkMembers(
      database.db,
      dialect,
      tenant.tenantId,
      group.groupId,
      made.map((u) => u.userId),
    );
    await app.services.licensing.assignToGroup(tenant.tenantId, 'Everyone', 'AAD_PREMIUM_P1');
    const methods = await bulkMethods(database.db, dialect, tenant.tenantId, made, {
      emailEvery: 2,
      mobileEvery: 3,
      at: '2026-01-02T00:00:00.000Z',
    });
    progress(`  ${users} users licensed through a group, ${methods} verified methods`);
    const upns = made.map((u) => u.upn);
    const chunk = 50_000;
    for (let offset = 0; offset < events; offset += chunk) {
      const batch = Array.from({ length: Math.min(chunk, events - offset) }, (_, i) =>
        eventAt(tenant.tenantId, offset + i, upns),
      );
      // Through the chain, as the services append (one chained statement per page, like directory sync's bulk).
      await appendChained(database.db, dialect, batch);
      if (offset % 200_000 === 0) progress(`  ${offset + batch.length} events`);
    }
    if (dialect === 'postgres') await sql`analyze`.execute(database.db);
    const background = backgroundMeter();
    const step = async (name: string, work: () => Promise<string>, goal: number | null = GOAL_SECONDS) => {
      const run = await timed(work);
      rows.push([
        dialect,
        name,
        run.seconds.toFixed(2),
        run.cpuSeconds.toFixed(2),
        goal === null ? '' : `< ${goal}`,
        run.value,
      ]);
      progress(`  ${name}: ${run.seconds.toFixed(2)} s, ${run.cpuSeconds.toFixed(2)} s CPU (${run.value})`);
    };
    const tenantId = tenant.tenantId;
    await step('registration report, first page', async () => {
      const s = await app.services.registrationReport.summary(tenantId, {}, { top: 100, skip: 0 });
      return `${s.totals.users} users, ${s.value.length} rows`;
    });
    await step('registration report, capable=false, page 50', async () => {
      const s = await app.services.registrationReport.summary(tenantId, { capable: false }, { top: 100, skip: 5000 });
      return `${s.totals.users} matched`;
    });
    await step('usage report, 30 days', async () => {
      const u = await app.services.logs.usage(tenantId, { since: '2026-01-15', until: '2026-02-14' });
      return `${u.totals.resetsSucceeded} resets ok, ${u.totals.resetsFailed} failed`;
    });
    await step('audit page: activity + result, top 100', async () => {
      const { filter, page } = parseAuditQuery({
        activity: 'Reset password (self-service)',
        result: 'failure',
        top: '100',
      });
      return `${(await app.services.logs.auditPage(tenantId, filter, page)).length} rows`;
    });
    await step('audit page: target + since, top 100', async () => {
      const { filter, page } = parseAuditQuery({ target: upns[42]!, since: '2026-01-10' });
      return `${(await app.services.logs.auditPage(tenantId, filter, page)).length} rows`;
    });
    await step('audit page: skip 50,000', async () => {
      const { filter, page } = parseAuditQuery({ skip: '50000', top: '100' });
      return `${(await app.services.logs.auditPage(tenantId, filter, page)).length} rows`;
    });
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let peak = heapBefore;
    let livePeak = heapBefore;
    await step(
      'CSV of every event (streamed)',
      async () => {
        let lines = 0;
        let bytes = 0;
        for await (const line of auditCsv(app.services.logs.auditRows(tenantId, {}))) {
          lines += 1;
          bytes += line.length;
          if (lines % 5000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
          // Live heap, after a collection: what the export holds, not the garbage it has not yet had collected.
          if (lines % 100_000 === 0 && global.gc) {
            global.gc();
            livePeak = Math.max(livePeak, process.memoryUsage().heapUsed);
          }
        }
        const mb = (n: number) => ((n - heapBefore) / 1e6).toFixed(0);
        return `${lines - 1} rows, ${(bytes / 1e6).toFixed(0)} MB, peak heap growth ${mb(peak)} MB, live ${mb(livePeak)} MB`;
      },
      null,
    );
    rows.push([dialect, 'other processes (cores)', background().toFixed(2), '', '', '']);
  } finally {
    await database.db.destroy();
    await bench.close();
  }
}

const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
process.stdout.write(
  `reports bench: ${users} users, ${events} events\n` +
    rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n') +
    '\n',
);

/**
 * What the audit hash chain adds to an append (issue 15: goal < 10% more than before), on SQLite and PostgreSQL.
 *
 *   npx tsx bench/audit-append.bench.ts          table on stdout (progress on stderr)
 *   npx tsx bench/audit-append.bench.ts --json   JSON document on stdout
 *
 * Environment: BENCH_JSON=1; BENCH_AUDIT_EVENTS (appends per row and round, default 2000); BENCH_ROUNDS (default 5);
 * BENCH_AUDIT_DIALECTS (default `sqlite,postgres`); SSPR_TEST_POSTGRES_URL.
 *
 * Each append is what a service does: one transaction holding one audit event. "before" inserts the event's row
 * into a table of the audit table's shape without the chain (0001's columns, primary key and time index, and the
 * reports' three indexes of 0018; no trigger); "chained" is today's `store.audit.append` through `recordAudit`
 * (a plain insert, linked later by the sealer: 0029 on SQLite, 0030 on PostgreSQL);
 * "store only" the store's append of a prebuilt event. The rows run interleaved in slices of 200, so load drifting
 * on a shared machine hits all alike; each row gets wall time and this process's CPU time per append (the number
 * to trust on SQLite under load; on PostgreSQL the server's work is another process, so wall time is the one). The
 * sealer's cost is measured after the rounds: sealing every appended event, per event. The header says
 * the load average and how many cores other processes used. It measures, never fails.
 */
import { sql } from 'kysely';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src/adapters/store/database.js';
import { appendChained } from '../src/adapters/store/audit-chain-store.js';
import { auditEventOf, recordAudit } from '../src/services/audit/audit-recorder.js';
import { backgroundMeter } from './support/background-load.js';
import { benchDialects, openBenchApp } from './support/bench-app.js';

const asJson = process.argv.includes('--json') || process.env.BENCH_JSON === '1';
const perRound = Number(process.env.BENCH_AUDIT_EVENTS?.trim() || 2000);
const rounds = Number(process.env.BENCH_ROUNDS?.trim() || 5);
const dialects = benchDialects('BENCH_AUDIT_DIALECTS');
const progress = (m: string) => process.stderr.write(`${m}\n`);

interface Row {
  wallUs: number;
  cpuUs: number;
}
const results: {
  dialect: string;
  before: Row;
  storeOnly: Row;
  chained: Row;
  /**
   * The store's append over "before" (the chain's cost: what the store does per event beyond the plain insert). The
   * service's append ("chained") adds `recordAudit` and the store's transaction wrapper, with or without a chain.
   */
  overhead: Row;
  /** "chained" (through the service) over "before", as earlier runs reported it. */
  serviceOverhead: Row;
  /**
   * The median over slices of store only's CPU over the same iteration's "before": a burst of load on the shared
   * machine skews a few slices, not the median.
   */
  medianSliceOverhead: number;
  /** Sealing what the rounds appended, per event (null when nothing was left to seal). */
  seal: Row | null;
}[] = [];
const slice = 200;
const load = loadavg()[0]!;
const meter = backgroundMeter();
for (const dialect of dialects) {
  progress(`audit-append: ${dialect}`);
  const bench = await openBenchApp(dialect, 'sspr-bench-audit-');
  const raw = openDatabase(bench.databaseUrl);
  try {
    await sql`create table audit_before (tenant_id text not null, event_id text not null, occurred_at text not null,
      service text not null, category text not null, activity text not null, result text not null, result_reason text,
      actor_type text not null, actor_id text, actor_upn text, target_type text, target_id text, target_name text,
      ip_address text, details text not null, primary key (tenant_id, event_id))`.execute(raw.db);
    await sql`create index audit_before_time_ix on audit_before (tenant_id, occurred_at)`.execute(raw.db);
    // The reports' indexes (0018) are on today's table whether or not it is chained: "before" has them too, so the
    // difference is the chain's alone (without them the chain was charged for three more index updates per append).
    for (const [name, columns] of [
      ['activity', 'tenant_id, activity, occurred_at'],
      ['target', 'tenant_id, target_id, occurred_at'],
      ['target_name', 'tenant_id, target_name, occurred_at'],
    ])
      await sql`create index ${sql.raw(`audit_before_${name}_ix`)} on audit_before (${sql.raw(columns!)})`.execute(
        raw.db,
      );
    const { app } = bench;
    const tenant = await app.services.tenants.createTenant({ name: 'Bench', domain: 'bench.example', country: 'NL' });
    const input = {
      tenantId: tenant.tenantId,
      activity: 'resetPasswordSelfService' as const,
      actor: { type: 'user' as const, id: 'u1', upn: 'adele@bench.example' },
      target: { type: 'user' as const, id: 'u1', name: 'adele@bench.example' },
      ipAddress: '192.0.2.1',
      details: { detail: 'User successfully reset password', flow: 'f1' },
    };
    const before = async () => {
      const row = { ...input, eventId: crypto.randomUUID() };
      await raw.db.transaction().execute((trx) =>
        trx
          .insertInto('audit_before' as never)
          .values({
            tenant_id: row.tenantId,
            event_id: row.eventId,
            occurred_at: new Date().toISOString(),
            service: 'Self-service Password Management',
            category: 'UserManagement',
            activity: 'Reset password (self-service)',
            result: 'success',
            result_reason: null,
            actor_type: 'user',
            actor_id: 'u1',
            actor_upn: 'adele@bench.example',
            target_type: 'user',
            target_id: 'u1',
            target_name: 'adele@bench.example',
            ip_address: '192.0.2.1',
            details: JSON.stringify(input.details),
          } as never)
          .execute(),
      );
    };
    const chained = () => app.store.transaction((store) => recordAudit(app.services.deps, store, input));
    // The chained append without the service around it (a prebuilt event, the bench's own connection, as "before"):
    // chained minus this is what recordAudit and the store's transaction wrapper cost.
    const event = auditEventOf(app.services.deps, input);
    const storeOnly = () =>
      raw.db
        .transaction()
        .execute((trx) =>
          appendChained(trx, dialect, [
            { ...event, eventId: crypto.randomUUID(), occurredAt: new Date().toISOString() },
          ]),
        );
    // The bench's own connection on SQLite is a second writer of the file: fine, each row waits for none.
    const rows = { before, storeOnly, chained };
    const totals = { before: 0, storeOnly: 0, chained: 0 };
    const cpu = { before: 0, storeOnly: 0, chained: 0 };
    const sliceRatios: number[] = [];
    for (let i = 0; i < 200; i++) {
      await before();
      await storeOnly();
      await chained();
    }
    await app.store.audit.seal();
    const n = Math.ceil((perRound * rounds) / slice) * slice;
    const sliceCpu = { before: 0, storeOnly: 0, chained: 0 };
    for (let done = 0; done < n; done += slice) {
      for (const [name, work] of Object.entries(rows) as [keyof typeof rows, () => Promise<unknown>][]) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        for (let i = 0; i < slice; i++) await work();
        totals[name] += performance.now() - t0;
        const c = process.cpuUsage(c0);
        cpu[name] += (c.user + c.system) / 1000;
        sliceCpu[name] = c.user + c.system;
      }
      sliceRatios.push(sliceCpu.storeOnly / sliceCpu.before - 1);
    }
    const row = (name: keyof typeof rows): Row => ({
      wallUs: (totals[name] / n) * 1000,
      cpuUs: (cpu[name] / n) * 1000,
    });
    const sealed = { c0: process.cpuUsage(), t0: performance.now() };
    const count = await app.store.audit.seal();
    const sealWall = performance.now() - sealed.t0;
    const sealCpu = process.cpuUsage(sealed.c0);
    const [b, o, c] = [row('before'), row('storeOnly'), row('chained')];
    const over = (x: Row): Row => ({ wallUs: x.wallUs / b.wallUs - 1, cpuUs: x.cpuUs / b.cpuUs - 1 });
    results.push({
      dialect,
      before: b,
      storeOnly: o,
      chained: c,
      overhead: over(o),
      serviceOverhead: over(c),
      medianSliceOverhead: sliceRatios.sort((x, y) => x - y)[Math.floor(sliceRatios.length / 2)]!,
      seal:
        count > 0
          ? { wallUs: (sealWall / count) * 1000, cpuUs: ((sealCpu.user + sealCpu.system) / 1000 / count) * 1000 }
          : null,
    });
  } finally {
    await raw.db.destroy();
    await bench.close();
  }
}
const background = meter();
if (asJson) process.stdout.write(`${JSON.stringify({ load, background, perRound, rounds, results })}\n`);
else {
  const us = (r: Row | null) => (r ? `${r.wallUs.toFixed(1)} / ${r.cpuUs.toFixed(1)}` : '-').padStart(15);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  process.stdout.write(
    `audit append, one event per transaction (${perRound * rounds} each, slices of ${slice}); load average ${load.toFixed(1)}, other processes used ${background.toFixed(2)} cores\n`,
  );
  process.stdout.write(
    'µs wall / CPU     before       store only          chained   seal per event  store only over before (goal < 10%)  chained over before  median slice CPU\n',
  );
  for (const r of results)
    process.stdout.write(
      `${r.dialect.padEnd(9)} ${us(r.before)}  ${us(r.storeOnly)}  ${us(r.chained)}  ${us(r.seal)}  ${`${pct(r.overhead.wallUs)} / ${pct(r.overhead.cpuUs)}`.padStart(36)}  ${pct(r.serviceOverhead.wallUs)} / ${pct(r.serviceOverhead.cpuUs)}  ${pct(r.medianSliceOverhead)}\n`,
    );
}

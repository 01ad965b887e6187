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
 * reports' three indexes of 0018; no trigger); "chained" is today's `store.audit.append` (head lock and hash, insert,
 * head trigger). The rows run round-robin in slices, so load drifting on a shared machine hits both alike; the
 * header says how many cores other processes used. It measures, never fails.
 */
import { sql } from 'kysely';
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

const results: { dialect: string; beforeUs: number; storeUs: number; chainedUs: number; overhead: number }[] = [];
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
    for (let i = 0; i < 200; i++) {
      await before();
      await storeOnly();
      await chained();
    }
    for (let round = 0; round < rounds; round++) {
      for (const [name, work] of Object.entries(rows) as [keyof typeof rows, () => Promise<unknown>][]) {
        const t0 = performance.now();
        for (let i = 0; i < perRound; i++) await work();
        totals[name] += performance.now() - t0;
      }
    }
    const n = perRound * rounds;
    const beforeUs = (totals.before / n) * 1000;
    const chainedUs = (totals.chained / n) * 1000;
    const storeUs = (totals.storeOnly / n) * 1000;
    results.push({ dialect, beforeUs, storeUs, chainedUs, overhead: chainedUs / beforeUs - 1 });
  } finally {
    await raw.db.destroy();
    await bench.close();
  }
}
const background = meter();
if (asJson) process.stdout.write(`${JSON.stringify({ background, perRound, rounds, results })}\n`);
else {
  process.stdout.write(
    `audit append, one event per transaction (${perRound} x ${rounds} each); other processes used ${background.toFixed(2)} cores\n`,
  );
  process.stdout.write('dialect   before µs  store only µs  chained µs  overhead (goal < 10%)\n');
  for (const r of results)
    process.stdout.write(
      `${r.dialect.padEnd(9)} ${r.beforeUs.toFixed(1).padStart(9)}  ${r.storeUs.toFixed(1).padStart(13)}  ${r.chainedUs.toFixed(1).padStart(10)}  ${(r.overhead * 100).toFixed(1)}%\n`,
    );
}

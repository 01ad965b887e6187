/**
 * Password-expiry reminder planning for 100,000 users of one tenant, on SQLite and PostgreSQL (issue #16: goal
 * < 10 s to plan on both dialects).
 *
 *   npx tsx bench/password-expiry.bench.ts          table on stdout (progress on stderr)
 *   npx tsx bench/password-expiry.bench.ts --json   JSON document on stdout
 *
 * Environment:
 *   BENCH_EXPIRY_USERS      users of the tenant (default 100000)
 *   BENCH_EXPIRY_DIALECTS   comma-separated, default `sqlite,postgres`
 *
 * The users are bulk-inserted in ten cohorts whose passwords were set 0, 9, 18, … 81 days ago, under a 90-day
 * expiry: two cohorts are inside the 14-day window. Timed through the real services:
 *   1. the preview (`sspr expiry preview`): who would be reminded and when, nothing sent — the planning itself;
 *   2. a reminder round of the job: planning plus one transaction per reminder (row + audit event) and its mail.
 * The baseline, per dialect and in the same run, is inserting as many rows into a scratch table shaped like the
 * reminder rows, in one transaction: planning reads at least that much. Slowness never fails the run; a wrong
 * count does.
 */
import { randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { sql } from 'kysely';
import { argon2Parameters } from '../src/adapters/hashing/argon2-hasher.js';
import { inBatches, rowsPerStatement } from '../src/adapters/store/batches.js';
import { openDatabase, type Dialect } from '../src/adapters/store/database.js';
import { benchDialects, openBenchApp, timed } from './support/bench-app.js';
import { bulkUsers } from './support/bulk-directory.js';

const GOAL_SECONDS = 10;
const COHORTS = 10;
const day = 86_400_000;
const asJson = process.argv.includes('--json') || process.env.BENCH_JSON === '1';
const users = Number(process.env.BENCH_EXPIRY_USERS?.trim() || 100_000);
if (!Number.isInteger(users) || users < COHORTS) {
  process.stderr.write(`bench: BENCH_EXPIRY_USERS must be a whole number >= ${COHORTS}\n`);
  process.exit(2);
}
const dialects = benchDialects('BENCH_EXPIRY_DIALECTS');
const progress = (message: string) => process.stderr.write(`${message}\n`);
const cli = { type: 'cli' as const, id: null, upn: null };

const runDialect = async (dialect: Dialect, passwordHash: string) => {
  const bench = await openBenchApp(dialect, 'sspr-bench-expiry-');
  const { app } = bench;
  const { db } = openDatabase(bench.databaseUrl);
  try {
    const tenant = await app.services.tenants.createTenant({ name: 'Bench', domain: 'bench.example', country: 'NL' });
    progress(`${dialect}: bulk-inserting ${users} users in ${COHORTS} cohorts`);
    const now = Date.now();
    const perCohort = Math.floor(users / COHORTS);
    for (let c = 0; c < COHORTS; c += 1)
      await bulkUsers(db, dialect, {
        tenantId: tenant.tenantId,
        domain: 'bench.example',
        count: perCohort,
        prefix: `c${c}u`,
        usageLocation: 'NL',
        passwordHash,
        createdAt: new Date(now - c * 9 * day).toISOString(),
      });
    await app.services.passwordExpiry.update(
      tenant.tenantId,
      { domain: 'bench.example', validityDays: 90, notifyDays: 14, dailyReminderCap: users },
      cli,
    );

    progress(`${dialect}: baseline (insert ${users} reminder-shaped rows into a scratch table)`);
    await sql`create table bench_scratch_reminders (tenant_id text not null, user_id text not null, expires_at text not null,
      threshold_days integer not null, sent_at text not null, sent_day text not null,
      primary key (tenant_id, user_id, expires_at, threshold_days))`.execute(db);
    const at = new Date().toISOString();
    const rows = Array.from({ length: users }, (_, i) => ({
      tenant_id: tenant.tenantId,
      user_id: String(i).padStart(12, '0'),
      expires_at: at,
      threshold_days: 7,
      sent_at: at,
      sent_day: at.slice(0, 10),
    }));
    const baseline = await timed(() =>
      db.transaction().execute((trx) =>
        inBatches(rows, rowsPerStatement(dialect, 6), (batch) =>
          trx
            .insertInto('bench_scratch_reminders' as 'password_expiry_reminders')
            .values(batch)
            .execute(),
        ),
      ),
    );
    await sql`drop table bench_scratch_reminders`.execute(db);

    // Cohorts whose password was set 81 and 72 days ago expire in 9 and 18 days: only the first is in the window.
    const expected = perCohort;
    progress(`${dialect}: preview`);
    const preview = await timed(() => app.services.passwordExpiry.preview(tenant.tenantId, new Date()));
    const planned = preview.value.filter((p) => p.reminders.some((r) => r.status === 'due')).length;
    if (planned !== expected) throw new Error(`${dialect}: preview planned ${planned} reminders, expected ${expected}`);
    progress(`${dialect}: reminder round (${expected} reminders)`);
    const round = await timed(() => app.services.expiryReminders.runRound('bench', 60_000));
    if (round.value.reminded !== expected)
      throw new Error(`${dialect}: the round sent ${round.value.reminded} reminders, expected ${expected}`);
    const row = (name: string, r: { seconds: number; cpuSeconds: number }) => ({
      operation: name,
      seconds: Number(r.seconds.toFixed(2)),
      cpuSeconds: Number(r.cpuSeconds.toFixed(2)),
      xBaseline: Number((r.seconds / baseline.seconds).toFixed(1)),
      goalMet: r.seconds < GOAL_SECONDS,
    });
    return {
      dialect,
      users,
      baselineSeconds: Number(baseline.seconds.toFixed(2)),
      operations: [
        row(`preview (plan ${users} users, ${planned} due)`, preview),
        row(`reminder round (${expected} reminders sent)`, round),
      ],
    };
  } finally {
    await db.destroy();
    await bench.close();
  }
};

const passwordHash = await hash(randomBytes(16).toString('hex'), argon2Parameters);
const results = [];
for (const dialect of dialects) results.push(await runDialect(dialect, passwordHash));
if (asJson) process.stdout.write(`${JSON.stringify({ goalSeconds: GOAL_SECONDS, results }, null, 2)}\n`);
else
  for (const result of results) {
    process.stdout.write(
      `\n${result.dialect}: ${result.users} users, baseline insert ${result.baselineSeconds} s (goal < ${GOAL_SECONDS} s for planning)\n`,
    );
    for (const op of result.operations)
      process.stdout.write(
        `  ${op.operation.padEnd(44)} ${String(op.seconds).padStart(7)} s  cpu ${String(op.cpuSeconds).padStart(6)} s  ${String(op.xBaseline).padStart(5)}x baseline  ${op.goalMet ? 'goal met' : 'over goal'}\n`,
      );
  }

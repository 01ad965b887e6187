/**
 * Group-based licence recomputation for one group of 100,000 direct members, on SQLite and
 * PostgreSQL (issue 5, item 8: goal < 10 s per recomputation).
 *
 *   npx tsx bench/group-licensing.bench.ts          table on stdout (progress on stderr)
 *   npx tsx bench/group-licensing.bench.ts --json   JSON document on stdout
 *
 * Environment:
 *   BENCH_JSON=1                  the same as --json
 *   BENCH_LICENSING_MEMBERS       members of the group (default 100000)
 *   BENCH_LICENSING_DIALECTS      comma-separated, default `sqlite,postgres`
 *   SSPR_TEST_POSTGRES_URL        the PostgreSQL server (as for the tests; it must allow CREATE DATABASE)
 *
 * Each dialect gets a fresh database (a temporary SQLite file; a throwaway PostgreSQL database made
 * as the store tests make theirs) and the real app (`createApp`). The directory is bulk-inserted;
 * the four timed operations then go through the real services, each one transaction that
 * recomputes every licence state of the tenant:
 *   1. assign a SKU with as many seats as members to the group (every member gets a state);
 *   2. halve the seats (half the members go to CountViolation);
 *   3. add one member (a newcomer gets no seat from a holder);
 *   4. clear a member's usage location (it falls back to the tenant's country; nothing moves).
 * The baseline, per dialect and in the same run, is the fastest the database takes just to insert
 * as many rows of the same shape into a scratch table in one transaction. A recomputation must
 * at least read and write about that many rows, so "x baseline" says what the use case costs on
 * top of the bare I/O, whatever the machine. Each operation's outcome is checked (a broken setup
 * fails the run); slowness never does.
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism, cpus } from 'node:os';
import { hash } from '@node-rs/argon2';
import { sql, type Kysely } from 'kysely';
import { argon2Parameters } from '../src/adapters/hashing/argon2-hasher.js';
import { inBatches, rowsPerStatement } from '../src/adapters/store/batches.js';
import { openDatabase, type Dialect } from '../src/adapters/store/database.js';
import type { Database } from '../src/adapters/store/schema.js';
import { recomputeLicenses } from '../src/services/licensing/licensing-service.js';
import { backgroundMeter } from './support/background-load.js';
import { benchDialects, openBenchApp, timed } from './support/bench-app.js';
import { bulkMembers, bulkUsers } from './support/bulk-directory.js';

const GOAL_SECONDS = 10;
const SKU = 'AAD_PREMIUM_P1';
const GROUP = 'All staff';

const usage = (problem: string): never => {
  process.stderr.write(`bench: ${problem}\n`);
  process.exit(2);
};

const asJson = process.argv.includes('--json') || process.env.BENCH_JSON === '1';
const members = Number(process.env.BENCH_LICENSING_MEMBERS?.trim() || 100_000);
if (!Number.isInteger(members) || members < 4)
  usage(`BENCH_LICENSING_MEMBERS must be a whole number >= 4 (got "${process.env.BENCH_LICENSING_MEMBERS}")`);
const dialects = benchDialects('BENCH_LICENSING_DIALECTS');

const progress = (message: string) => process.stderr.write(`${message}\n`);

/** Other processes' load, sampled while this one idles (so a PostgreSQL server working for us is not counted). */
const sampleBackground = async (ms = 1000) => {
  const meter = backgroundMeter();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return meter();
};

/** Licence states of the tenant by state: what every check below compares. */
const stateCounts = async (db: Kysely<Database>, tenantId: string): Promise<Record<string, number>> => {
  const rows = await db
    .selectFrom('user_licenses')
    .select(['state', sql<string>`count(*)`.as('n')])
    .where('tenant_id', '=', tenantId)
    .groupBy('state')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
};

const stateOf = async (db: Kysely<Database>, tenantId: string, userId: string) =>
  (
    await db
      .selectFrom('user_licenses')
      .select('state')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .executeTakeFirst()
  )?.state;

/** JSON with object keys sorted, so key order never decides equality. */
const canonical = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );

const expectEqual = (what: string, actual: unknown, expected: unknown) => {
  if (canonical(actual) !== canonical(expected))
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
};

/**
 * The baseline: insert `count` rows shaped like user_licenses (same columns, same primary key)
 * into a scratch table, in one transaction, in the largest statements the dialect allows.
 */
const baselineInsert = async (
  db: Kysely<Database>,
  dialect: Dialect,
  tenantId: string,
  count: number,
): Promise<number> => {
  await sql`create table bench_scratch_licenses (tenant_id text not null, user_id text not null, sku_id text not null, via_group_id text not null,
    via_group_name text, state text not null, assigned_at text not null, primary key (tenant_id, user_id, sku_id, via_group_id))`.execute(
    db,
  );
  const at = new Date().toISOString();
  const rows = Array.from({ length: count }, (_, i) => ({
    tenant_id: tenantId,
    user_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    sku_id: SKU,
    via_group_id: '11111111-1111-4111-8111-111111111111',
    via_group_name: GROUP,
    state: 'active',
    assigned_at: at,
  }));
  try {
    const { seconds } = await timed(() =>
      db.transaction().execute((trx) =>
        inBatches(rows, rowsPerStatement(dialect, 7), (batch) =>
          trx
            .insertInto('bench_scratch_licenses' as 'user_licenses')
            .values(batch)
            .execute(),
        ),
      ),
    );
    return seconds;
  } finally {
    await sql`drop table bench_scratch_licenses`.execute(db);
  }
};

interface OperationRow {
  operation: string;
  seconds: number;
  /** CPU time of this process (app, driver and, on SQLite, the database). */
  cpuSeconds: number;
  /** Licence states the recomputation produced (every assignment of the tenant). */
  rows: number;
  rowsPerSecond: number;
  /** Seconds / baseline seconds. */
  xBaseline: number;
  goalMet: boolean;
}

interface DialectResult {
  dialect: Dialect;
  members: number;
  setupSeconds: number;
  baseline: { seconds: number[]; rowsPerSecond: number };
  operations: OperationRow[];
}

const runDialect = async (dialect: Dialect, passwordHash: string): Promise<DialectResult> => {
  const bench = await openBenchApp(dialect, 'sspr-bench-licensing-');
  const { app } = bench;
  // A second connection for the bulk inserts, the baseline and the checks; the app migrated already.
  const { db } = openDatabase(bench.databaseUrl);
  try {
    progress(`${dialect}: bulk-inserting ${members} users and memberships`);
    const setup = await timed(async () => {
      const tenant = await app.services.tenants.createTenant({ name: 'Bench', domain: 'bench.example', country: 'NL' });
      const group = await app.services.groups.createGroup(tenant.tenantId, GROUP);
      const createdAt = new Date().toISOString();
      const users = await bulkUsers(db, dialect, {
        tenantId: tenant.tenantId,
        domain: 'bench.example',
        count: members,
        usageLocation: 'NL',
        passwordHash,
        createdAt,
      });
      await bulkMembers(
        db,
        dialect,
        tenant.tenantId,
        group.groupId,
        users.map((u) => u.userId),
      );
      const [newcomer] = await bulkUsers(db, dialect, {
        tenantId: tenant.tenantId,
        domain: 'bench.example',
        count: 1,
        prefix: 'newcomer',
        usageLocation: 'NL',
        passwordHash,
        createdAt,
      });
      await app.services.licensing.setSubscription(tenant.tenantId, SKU, members, 'add');
      return { tenantId: tenant.tenantId, newcomer: newcomer! };
    });
    const { tenantId, newcomer } = setup.value;

    progress(`${dialect}: baseline (insert ${members} rows into a scratch table)`);
    const baselineSeconds = [await baselineInsert(db, dialect, tenantId, members)];

    const half = Math.floor(members / 2);
    // The first user holds a seat throughout (seats go to holders first, then by user id).
    const holder = (
      await db
        .selectFrom('users')
        .select('user_id')
        .where('tenant_id', '=', tenantId)
        .where('upn_key', 'like', 'user%')
        .orderBy('user_id')
        .executeTakeFirstOrThrow()
    ).user_id;
    const operations: Array<{ name: string; run: () => Promise<unknown>; check: () => Promise<number> }> = [
      {
        name: `assign ${SKU} (${members} seats) to the group`,
        run: () => app.services.licensing.assignToGroup(tenantId, GROUP, SKU),
        check: async () => {
          expectEqual('states after assigning', await stateCounts(db, tenantId), { active: members });
          return members;
        },
      },
      {
        name: `seats ${members} -> ${half}`,
        run: () => app.services.licensing.setSubscription(tenantId, SKU, half, 'update'),
        check: async () => {
          expectEqual('states after halving the seats', await stateCounts(db, tenantId), {
            CountViolation: members - half,
            active: half,
          });
          return members;
        },
      },
      {
        name: 'add one member',
        run: () => app.services.groups.addMember(tenantId, GROUP, { upn: newcomer.upn }),
        check: async () => {
          expectEqual('states after adding a member', await stateCounts(db, tenantId), {
            CountViolation: members - half + 1,
            active: half,
          });
          expectEqual('the newcomer', await stateOf(db, tenantId, newcomer.userId), 'CountViolation');
          return members + 1;
        },
      },
      {
        // No service clears a usage location yet; this is the transaction such a change makes.
        name: "clear a member's usage location",
        run: () =>
          app.store.transaction(async (store) => {
            await store.users.setUsageLocation(tenantId, holder, null);
            await recomputeLicenses(store, tenantId);
          }),
        check: async () => {
          expectEqual('states after clearing a usage location', await stateCounts(db, tenantId), {
            CountViolation: members - half + 1,
            active: half,
          });
          expectEqual('the member without a usage location', await stateOf(db, tenantId, holder), 'active');
          return members + 1;
        },
      },
    ];

    const measured: Array<{ name: string; seconds: number; cpuSeconds: number; rows: number }> = [];
    for (const op of operations) {
      progress(`${dialect}: ${op.name}`);
      const { seconds, cpuSeconds } = await timed(op.run);
      measured.push({ name: op.name, seconds, cpuSeconds, rows: await op.check() });
    }

    // Once more after the operations, so drifting background load shows as a spread.
    baselineSeconds.push(await baselineInsert(db, dialect, tenantId, members));
    const baseline = baselineSeconds.reduce((a, b) => a + b, 0) / baselineSeconds.length;
    return {
      dialect,
      members,
      setupSeconds: setup.seconds,
      baseline: { seconds: baselineSeconds, rowsPerSecond: members / baseline },
      operations: measured.map((m) => ({
        operation: m.name,
        seconds: m.seconds,
        cpuSeconds: m.cpuSeconds,
        rows: m.rows,
        rowsPerSecond: m.rows / m.seconds,
        xBaseline: m.seconds / baseline,
        goalMet: m.seconds < GOAL_SECONDS,
      })),
    };
  } finally {
    await db.destroy();
    await bench.close();
  }
};

const fmt = (value: number, digits = 2) => value.toFixed(digits);

const renderTable = (header: string[], rows: string[][], rightAligned: boolean[]) => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (rightAligned[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
};

const main = async () => {
  // One real argon2id hash shared by every bench user: they are licensed, never signed in.
  const passwordHash = await hash(randomBytes(16).toString('base64url'), argon2Parameters);
  const results: DialectResult[] = [];
  const background: number[] = [];
  for (const dialect of dialects) {
    background.push(await sampleBackground());
    results.push(await runDialect(dialect, passwordHash));
  }
  background.push(await sampleBackground());
  const backgroundCores = background.reduce((a, b) => a + b, 0) / background.length;
  const machine = {
    node: process.version,
    platform: `${process.platform}/${process.arch}`,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    availableParallelism: availableParallelism(),
    /** Mean of 1 s samples before, between and after the dialects (Linux only; NaN elsewhere). */
    backgroundCores,
  };

  if (asJson) {
    const replacer = (_key: string, value: unknown) =>
      typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1e4) / 1e4 : value;
    process.stdout.write(`${JSON.stringify({ machine, goalSeconds: GOAL_SECONDS, sku: SKU, results }, replacer, 2)}\n`);
    return;
  }
  const header = [
    'dialect',
    'operation',
    'seconds',
    'app CPU s',
    'rows',
    'rows/s',
    'x baseline',
    `< ${GOAL_SECONDS} s`,
  ];
  const table: string[][] = [];
  for (const r of results) {
    const [first, second] = r.baseline.seconds;
    table.push([
      r.dialect,
      `baseline: insert ${r.members} rows (${fmt(first!)} s, ${fmt(second!)} s)`,
      fmt(r.members / r.baseline.rowsPerSecond),
      '',
      String(r.members),
      r.baseline.rowsPerSecond.toFixed(0),
      '1.00',
      '',
    ]);
    for (const o of r.operations) {
      table.push([
        r.dialect,
        o.operation,
        fmt(o.seconds),
        fmt(o.cpuSeconds),
        String(o.rows),
        o.rowsPerSecond.toFixed(0),
        fmt(o.xBaseline),
        o.goalMet ? 'yes' : 'NO',
      ]);
    }
  }
  const slowest = results.flatMap((r) => r.operations).reduce((a, b) => (b.seconds > a.seconds ? b : a));
  const out = [
    `Group licence recomputation, ${members} direct members, ${SKU}`,
    `node ${machine.node} ${machine.platform}, ${machine.availableParallelism} cores (${machine.cpu}), other processes used ${fmt(backgroundCores)} cores; ` +
      `setup ${results.map((r) => `${r.dialect} ${fmt(r.setupSeconds, 1)} s`).join(', ')}`,
    '',
    renderTable(header, table, [false, false, true, true, true, true, true, false]),
    '',
    `slowest recomputation ${fmt(slowest.seconds)} s (${slowest.operation}): goal < ${GOAL_SECONDS} s ${slowest.goalMet ? 'met' : 'NOT met'}`,
  ];
  if (backgroundCores > 0.25)
    out.push(
      `note: other processes used ${fmt(backgroundCores)} of ${machine.availableParallelism} cores: seconds are inflated; "x baseline" and app CPU s carry better`,
    );
  process.stdout.write(`${out.join('\n')}\n`);
};

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

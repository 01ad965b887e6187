/**
 * Sign-in throughput against a baseline measured in the same run.
 *
 *   npx tsx bench/sign-in.bench.ts               table on stdout (`npm run bench` runs this, then other benches)
 *   npx tsx bench/sign-in.bench.ts --json        JSON document on stdout (progress goes to stderr)
 *   npx tsx bench/sign-in.bench.ts --breakdown   also time the app's hasher and the sign-in service without HTTP
 *
 * Environment:
 *   BENCH_JSON=1, BENCH_BREAKDOWN=1   the same as the flags (flags after `npm run bench --` reach only the last bench)
 *   BENCH_SECONDS          measured seconds per row (default 5)
 *   BENCH_WARMUP_SECONDS   warm-up per row before the first round (default 1)
 *   BENCH_ROUNDS           the measured seconds are split into this many interleaved slices (default 5)
 *   BENCH_CONCURRENCY      operations in flight (default os.availableParallelism())
 *   BENCH_CLIENT           `http` (default: node:http with a keep-alive agent) or `fetch`
 *   BENCH_CLIENT_THREAD    `worker` (default: the load generator in a worker thread of its own, off the server's
 *                          event loop, as a deployment's clients are) or `inline` (on the server's event loop, as
 *                          the bench first did); either way for every HTTP row, the peer's included
 *   BENCH_SIGNIN_DIALECTS  `sqlite,postgres` (default; each gets its own app and rows) or one of them
 *   BENCH_FLOOR=0          leave out the floor rows (the same verify behind a bare node:http server, nothing else)
 *   BENCH_PEER=0           leave out the better-auth rows
 *   SSPR_TEST_POSTGRES_URL the PostgreSQL server (as for the tests; it must allow CREATE DATABASE)
 *
 * The baseline is raw argon2id verify at the production parameters with the same number of calls in
 * flight: sign-in can never beat it, so the ratio says what the HTTP stack, the store and the service
 * cost on top of the password hash, independent of how fast this machine is. The rows are run
 * round-robin in short slices so that background load drifting during the run hits every row alike. The client's CPU
 * counts in the "CPU cores" column in either mode (a worker is in the same process); "main ms/op" is the server's
 * event loop alone, so with `inline` it includes the client and with `worker` it does not.
 * Measurement only: slowness never fails the run (a broken setup does).
 */
import { backgroundMeter } from './support/background-load.js';
import { availableParallelism, cpus } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import { argon2Parameters, createArgon2Hasher } from '../src/adapters/hashing/argon2-hasher.js';
import { benchDialects, openSignInBench, signInBenchUser, type BenchApp } from './support/bench-app.js';
import { openBareHttpFloor } from './support/bare-http-floor.js';
import { openBetterAuthPeer, type Peer } from './support/better-auth-peer.js';
import { measurement, measurementOf, runInterleaved, summarise, type Measurement } from './support/closed-loop.js';
import {
  inlineLoad,
  probe,
  workerLoad,
  type ClientKind,
  type ClientThread,
  type PostSpec,
} from './support/sign-in-client.js';

const GOAL = 0.9;

// ---------------------------------------------------------------- settings

const usage = (problem: string): never => {
  process.stderr.write(`bench: ${problem}\n`);
  process.exit(2);
};

const positiveNumber = (name: string, fallback: number, allowZero = false): number => {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (value === 0 && !allowZero))
    usage(`${name} must be a positive number (got "${raw}")`);
  return value;
};

const asJson = process.argv.includes('--json') || process.env.BENCH_JSON === '1';
const breakdown = process.argv.includes('--breakdown') || process.env.BENCH_BREAKDOWN === '1';
const seconds = positiveNumber('BENCH_SECONDS', 5);
const warmupSeconds = positiveNumber('BENCH_WARMUP_SECONDS', 1, true);
const rounds = Math.max(1, Math.floor(positiveNumber('BENCH_ROUNDS', 5)));
const concurrency = Math.max(1, Math.floor(positiveNumber('BENCH_CONCURRENCY', availableParallelism())));
const client = (process.env.BENCH_CLIENT?.trim() || 'http') as ClientKind;
const dialects = benchDialects('BENCH_SIGNIN_DIALECTS');
if (client !== 'http' && client !== 'fetch') usage(`BENCH_CLIENT must be "http" or "fetch" (got "${String(client)}")`);
const thread = (process.env.BENCH_CLIENT_THREAD?.trim() || 'worker') as ClientThread;
if (thread !== 'worker' && thread !== 'inline')
  usage(`BENCH_CLIENT_THREAD must be "worker" or "inline" (got "${String(thread)}")`);
/** How the rows are labelled: `(http)` inline, as before; `(http, worker)` with the client in its worker. */
const clientLabel = thread === 'inline' ? client : `${client}, worker`;
/** Each slice starts with this much uncounted time, so no row pays for starting from an empty pipeline. */
const sliceRampMs = 250;

/** Progress goes to stderr so `--json` output stays a clean document. */
const progress = (message: string) => process.stderr.write(`${message}\n`);

// ---------------------------------------------------------------- output

const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

const renderTable = (header: string[], rows: string[][], rightAligned: boolean[]) => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (rightAligned[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
};

// ---------------------------------------------------------------- main

const { username, password } = signInBenchUser;

const main = async () => {
  progress(
    `sign-in bench: ${concurrency} in flight, ${seconds}s per row in ${rounds} rounds, client=${client} (${thread}), ${dialects.join(' and ')}`,
  );
  const apps: BenchApp[] = [];
  let peer: Peer | undefined;
  let floor: Peer | undefined;
  const load = thread === 'worker' ? workerLoad() : inlineLoad();
  try {
    // 1. Baseline: @node-rs/argon2 verify with exactly the hasher's parameters; no limiter, no app.
    const phc = await hash(password, argon2Parameters);
    const baseline = measurement('argon2id verify (raw @node-rs/argon2)', concurrency, async () =>
      (await verify(phc, password)) ? true : 'verify returned false',
    );
    const measurements = [baseline];
    if (breakdown) {
      const hasher = createArgon2Hasher();
      measurements.push(
        measurement('app hasher.verify (with limiter)', concurrency, async () =>
          (await hasher.verify(phc, password)) ? true : 'verify returned false',
        ),
      );
    }

    // 1b. The floor (BENCH_FLOOR=0 skips it): the same verify behind a bare node:http server, nothing else.
    if (process.env.BENCH_FLOOR !== '0') {
      floor = await openBareHttpFloor(username, password);
      const { port, path, body } = floor;
      await probe({ kind: client, port, path, body, inFlight: 1 });
      for (const inFlight of [concurrency, concurrency * 2]) {
        const name = `floor: bare node:http + verify (${clientLabel})${inFlight > concurrency ? ' 2x' : ''}`;
        measurements.push(measurementOf(name, inFlight, load.row({ kind: client, port, path, body, inFlight })));
      }
    }

    // 2. The real app over HTTP, once per dialect, all rows interleaved in the same rounds.
    const primaries: Measurement[] = [];
    for (const dialect of dialects) {
      const bench = await openSignInBench(dialect, 'sspr-bench-');
      apps.push(bench);
      const { app, port } = bench;

      const body = JSON.stringify({ username, password });
      const sessionPost = (inFlight: number): PostSpec => ({
        kind: client,
        port,
        path: '/api/v1/session',
        body,
        inFlight,
      });
      await probe(sessionPost(1));

      if (breakdown) {
        const services = app.services;
        measurements.push(
          measurement(`${dialect} services.signIn.signIn (no HTTP)`, concurrency, async () => {
            const result = await services.signIn.signIn({ username, password, ipAddress: '127.0.0.1' });
            return result.ok ? true : result.code;
          }),
        );
      }
      const row = (inFlight: number, suffix: string) =>
        measurementOf(
          `${dialect} POST /api/v1/session (${clientLabel})${suffix}`,
          inFlight,
          load.row(sessionPost(inFlight)),
        );
      const signIn = row(concurrency, '');
      primaries.push(signIn);
      measurements.push(signIn, row(concurrency * 2, ' 2x'));
    }

    // 3. The peer (BENCH_PEER=0 skips it): better-auth's email sign-in, same argon2id on the same workers, SQLite.
    if (process.env.BENCH_PEER !== '0') {
      peer = await openBetterAuthPeer(username, password);
      const { port, path, body } = peer;
      await probe({ kind: client, port, path, body, inFlight: 1 });
      for (const inFlight of [concurrency, concurrency * 2]) {
        const name = `better-auth POST ${path} (${clientLabel})${inFlight > concurrency ? ' 2x' : ''}`;
        measurements.push(measurementOf(name, inFlight, load.row({ kind: client, port, path, body, inFlight })));
      }
    }

    // Every row shares the machine's cores with other processes: the first thing to look at when numbers
    // look odd. Interleaving keeps the ratio fair, but heavy background load still adds noise.
    const background = backgroundMeter();
    await runInterleaved(measurements, { seconds, warmupSeconds, rounds, sliceRampMs, progress });
    const backgroundCores = background();

    // ---- report
    const rows = measurements.map((m) => summarise(m, baseline, seconds));
    const ratios = primaries.map((m, i) => {
      const row = rows[measurements.indexOf(m)]!;
      return {
        dialect: dialects[i]!,
        value: row.ratioToBaseline,
        met: row.ratioToBaseline >= GOAL,
        numerator: row.name,
      };
    });
    const machine = {
      node: process.version,
      platform: `${process.platform}/${process.arch}`,
      cpu: cpus()[0]?.model.trim() ?? 'unknown',
      availableParallelism: availableParallelism(),
      uvThreadpoolSize: Number(process.env.UV_THREADPOOL_SIZE ?? 4),
      /** Cores kept busy by other processes during the measurement (Linux only; null elsewhere). */
      backgroundCores,
    };
    const settings = {
      seconds,
      warmupSeconds,
      rounds,
      concurrency,
      client,
      clientThread: thread,
      argon2: argon2Parameters,
    };

    if (asJson) {
      const document = {
        machine,
        settings,
        rows,
        ratios: ratios.map((r) => ({ ...r, goal: GOAL, denominator: rows[0]!.name })),
      };
      // Four significant decimals are plenty for a noisy measurement; NaN (nothing measured) becomes null.
      const replacer = (_key: string, value: unknown) =>
        typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1e4) / 1e4 : value;
      process.stdout.write(`${JSON.stringify(document, replacer, 2)}\n`);
      return;
    }
    const header = [
      'measurement',
      'in flight',
      'ok/s',
      'ratio',
      'ratio range',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'CPU cores',
      'main ms/op',
      'errors',
    ];
    const table = rows.map((r, i) => [
      r.name,
      String(r.concurrency),
      fmt(r.perSecond),
      i === 0 ? 'baseline' : fmt(r.ratioToBaseline, 3),
      i === 0 ? '' : `${fmt(r.ratioRange[0], 2)}–${fmt(r.ratioRange[1], 2)}`,
      fmt(r.latencyMs.p50),
      fmt(r.latencyMs.p95),
      fmt(r.latencyMs.p99),
      fmt(r.cpuCores, 2),
      fmt(r.mainThreadMsPerOp, 2),
      Object.entries(r.errors)
        .map(([k, v]) => `${k} ×${v}`)
        .join(', ') || '0',
    ]);
    const out = [
      `node ${machine.node} ${machine.platform}, ${machine.availableParallelism} cores (${machine.cpu}), UV_THREADPOOL_SIZE=${machine.uvThreadpoolSize}, other processes used ${fmt(backgroundCores, 2)} cores meanwhile`,
      `argon2id m=${argon2Parameters.memoryCost} KiB t=${argon2Parameters.timeCost} p=${argon2Parameters.parallelism}; ${seconds}s per row in ${rounds} interleaved rounds after ${warmupSeconds}s warm-up`,
      '',
      renderTable(header, table, [false, true, true, true, true, true, true, true, true, true, false]),
      '',
      ...ratios.map(
        (r) =>
          `${r.dialect}: sign-in / raw verify = ${fmt(r.value, 3)}  (goal >= ${GOAL}: ${r.met ? 'met' : 'NOT met'})`,
      ),
    ];
    if (backgroundCores > 0.25) {
      out.push(
        `note: other processes used ${fmt(backgroundCores, 2)} of ${machine.availableParallelism} cores during the run: absolute rates are unreliable, the ratio is noisier (see its range)`,
      );
    }
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await load.close();
    for (const bench of apps) await bench.close();
    await peer?.close();
    await floor?.close();
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

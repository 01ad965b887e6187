/**
 * Where a sign-in's main-thread time goes: `BENCH_PROFILE_SIGNINS` (default 400) HTTP sign-ins, 2 in flight, against
 * the real app on one dialect, nothing else in the process. It prints the main thread's CPU ms per sign-in
 * (mainThreadCpuMs: argon2 runs on worker threads, so this is everything else, and other processes' load moves it
 * least) and, with `BENCH_PROFILE_OUT=file.cpuprofile`, writes a CPU profile of the counted sign-ins only (start-up
 * and warm-up left out) to sum self time per function from. On PostgreSQL it also prints the server's CPU ms per
 * sign-in (its backends for the bench database, from /proc): that CPU shares the machine's cores with argon2 too.
 *
 * With `BENCH_PROFILE_INSTANT_HASH=1` the app's hasher answers at once (a stand-in, never argon2): what the same
 * work costs the main thread without argon2's workers competing for the cores and the caches. Two knobs take the
 * real verify apart (bench/README.md, "Where the tripling comes from"):
 * - `BENCH_PROFILE_HASH_DELAY_MS=n`: the stand-in answers after n ms, so the event loop sleeps between a request's
 *   two halves as it does while a real verify runs;
 * - `BENCH_PROFILE_CONTENTION=thread|process`: two argon2id verify loops beside it, unrelated to the app, on worker
 *   threads of this process or in a child process.
 * On Linux it also prints the main thread's scheduler statistics per sign-in: ms on a core, ms waiting for one, and
 * how many times it was put on one.
 *
 *   npx tsx bench/support/profile-sign-in.ts [sqlite|postgres]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { Session } from 'node:inspector/promises';
import pg from 'pg';
import { type ContentionMode, mainThreadSchedStat, startArgon2Contention } from './argon2-contention.js';
import { mainThreadCpuMs } from './background-load.js';
import { openSignInBench, signInBenchUser } from './bench-app.js';

const dialect = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
const count = Number(process.env.BENCH_PROFILE_SIGNINS ?? 400);
const instantHash = process.env.BENCH_PROFILE_INSTANT_HASH === '1';
const hashDelayMs = Number(process.env.BENCH_PROFILE_HASH_DELAY_MS ?? 0);
const contention = process.env.BENCH_PROFILE_CONTENTION;
const stopContention =
  contention === 'thread' || contention === 'process'
    ? startArgon2Contention(contention satisfies ContentionMode)
    : undefined;
const answer = (value: boolean): Promise<boolean> =>
  hashDelayMs > 0 ? new Promise((resolve) => setTimeout(() => resolve(value), hashDelayMs)) : Promise.resolve(value);
const bench = await openSignInBench(
  dialect,
  'sspr-bench-profile-',
  // Accepts exactly the bench user's password, so a wrong one still fails.
  instantHash
    ? {
        hasher: {
          hash: (p) => Promise.resolve(`instant:${p}`),
          verify: (hash, p) => answer(hash === `instant:${p}`),
        },
      }
    : {},
);
const { port } = bench;
const { username, password } = signInBenchUser;
const agent = new Agent({ keepAlive: true, maxSockets: 2 });
const body = JSON.stringify({ username, password });
const signIn = () =>
  new Promise<number>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/v1/session',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
// Warm up (JIT, statement caches, the argon2 workers) before counting.
for (let i = 0; i < 20; i++) await signIn();

/** CPU ms of every server backend connected to the bench database, by process id (Linux /proc; empty on SQLite). */
const serverCpu = async (): Promise<Map<number, number>> => {
  const cpu = new Map<number, number>();
  if (dialect !== 'postgres') return cpu;
  const client = new pg.Client({ connectionString: bench.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    for (const { pid } of rows) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        cpu.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
      } catch {
        // Gone meanwhile.
      }
    }
  } finally {
    await client.end();
  }
  return cpu;
};
const serverBefore = await serverCpu();
let left = count;
let failed = 0;
const profileOut = process.env.BENCH_PROFILE_OUT;
const inspector = new Session();
if (profileOut) {
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.start');
}
const schedBefore = mainThreadSchedStat();
const before = mainThreadCpuMs();
const worker = async () => {
  while (left-- > 0) {
    const status = await signIn();
    if (status !== 200) {
      failed++;
      if (failed === 1) process.stderr.write(`status ${status}\n`);
    }
  }
};
await Promise.all([worker(), worker()]);
const ms = mainThreadCpuMs() - before;
const schedAfter = mainThreadSchedStat();
const serverAfter = await serverCpu();
// A backend that started during the run counts from zero.
const serverMs = [...serverAfter].reduce((sum, [pid, after]) => sum + after - (serverBefore.get(pid) ?? 0), 0);
if (profileOut) {
  const { profile } = await inspector.post('Profiler.stop');
  writeFileSync(profileOut, JSON.stringify(profile));
  inspector.disconnect();
}
const per = (value: number, digits = 3) => (value / count).toFixed(digits);
const stand = instantHash ? ` (instant hash${hashDelayMs > 0 ? ` after ${hashDelayMs} ms` : ''})` : '';
process.stdout.write(
  `${dialect}${stand}${stopContention ? `, argon2 loops in a ${contention}` : ''}: ${count} sign-ins, ${failed} failed, ` +
    `main thread ${per(ms, 2)} ms CPU each` +
    (dialect === 'postgres' ? `, PostgreSQL server ${per(serverMs, 2)} ms CPU each` : '') +
    (schedBefore && schedAfter
      ? `; on a core ${per(schedAfter.runMs - schedBefore.runMs)} ms, waiting for one ` +
        `${per(schedAfter.waitMs - schedBefore.waitMs)} ms, ${per(schedAfter.slices - schedBefore.slices, 2)} times`
      : '') +
    '\n',
);
await stopContention?.();
agent.destroy();
await bench.close();

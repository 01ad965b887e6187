/**
 * Where a sign-in's main-thread time goes: `BENCH_PROFILE_SIGNINS` (default 400) HTTP sign-ins, 2 in flight, against
 * the real app on one dialect, nothing else in the process. It prints the main thread's CPU ms per sign-in
 * (mainThreadCpuMs: argon2 runs on worker threads, so this is everything else, and other processes' load moves it
 * least) and, with `BENCH_PROFILE_OUT=file.cpuprofile`, writes a CPU profile of the counted sign-ins only (start-up
 * and warm-up left out) to sum self time per function from. On PostgreSQL it also prints the server's CPU ms per
 * sign-in (its backends for the bench database, from /proc): that CPU shares the machine's cores with argon2 too.
 *
 * With `BENCH_PROFILE_INSTANT_HASH=1` the app's hasher answers at once (a stand-in, never argon2): what the same
 * work costs the main thread without argon2's workers competing for the cores and the caches.
 *
 *   npx tsx bench/support/profile-sign-in.ts [sqlite|postgres]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { Session } from 'node:inspector/promises';
import pg from 'pg';
import { freeLoopbackPort } from '../../test/support/net.js';
import { mainThreadCpuMs } from './background-load.js';
import { openBenchApp } from './bench-app.js';

const dialect = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
const count = Number(process.env.BENCH_PROFILE_SIGNINS ?? 400);
const port = await freeLoopbackPort();
const instantHash = process.env.BENCH_PROFILE_INSTANT_HASH === '1';
const bench = await openBenchApp(
  dialect,
  'sspr-bench-profile-',
  {
    SSPR_PUBLIC_URL: `http://127.0.0.1:${port}`,
    SSPR_SIGNIN_RATE_LIMIT: '1000000',
    SSPR_SIGNIN_ACCOUNT_RATE_LIMIT: '1000000',
    SSPR_SIGNIN_FAMILIAR_RATE_LIMIT: '1000000',
    SSPR_SIGNIN_TENANT_UNFAMILIAR_RATE_LIMIT: '1000000',
    SSPR_RESET_ACCOUNT_RATE_LIMIT: '1000000',
  },
  // Accepts exactly the bench user's password, so a wrong one still fails.
  instantHash
    ? {
        hasher: {
          hash: (p) => Promise.resolve(`instant:${p}`),
          verify: (hash, p) => Promise.resolve(hash === `instant:${p}`),
        },
      }
    : {},
);
const username = 'adele.vance@bench.example';
const password = 'Correct-Horse-42';
await bench.app.services.tenants.createTenant({ name: 'Bench', domain: 'bench.example', country: 'NL' });
await bench.app.services.users.createUser({ upn: username, password, givenName: 'Adele', surname: 'Vance', roles: [] });
const server = await bench.app.http();
await server.listen({ host: '127.0.0.1', port });
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
const serverAfter = await serverCpu();
// A backend that started during the run counts from zero.
const serverMs = [...serverAfter].reduce((sum, [pid, after]) => sum + after - (serverBefore.get(pid) ?? 0), 0);
if (profileOut) {
  const { profile } = await inspector.post('Profiler.stop');
  writeFileSync(profileOut, JSON.stringify(profile));
  inspector.disconnect();
}
process.stdout.write(
  `${dialect}${instantHash ? ' (instant hash)' : ''}: ${count} sign-ins, ${failed} failed, main thread ${(ms / count).toFixed(2)} ms CPU each` +
    (dialect === 'postgres' ? `, PostgreSQL server ${(serverMs / count).toFixed(2)} ms CPU each` : '') +
    '\n',
);
agent.destroy();
await bench.close();

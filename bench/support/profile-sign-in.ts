/**
 * Where a sign-in's main-thread time goes: `BENCH_PROFILE_SIGNINS` (default 400) HTTP sign-ins, 2 in flight, against
 * the real app on one dialect, nothing else in the process. It prints the main thread's CPU ms per sign-in
 * (mainThreadCpuMs: argon2 runs on worker threads, so this is everything else, and other processes' load moves it
 * least) and, with `BENCH_PROFILE_OUT=file.cpuprofile`, writes a CPU profile of the counted sign-ins only (start-up
 * and warm-up left out) to sum self time per function from.
 *
 *   npx tsx bench/support/profile-sign-in.ts [sqlite|postgres]
 */
import { writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { Session } from 'node:inspector/promises';
import { freeLoopbackPort } from '../../test/support/net.js';
import { mainThreadCpuMs } from './background-load.js';
import { openBenchApp } from './bench-app.js';

const dialect = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
const count = Number(process.env.BENCH_PROFILE_SIGNINS ?? 400);
const port = await freeLoopbackPort();
const bench = await openBenchApp(dialect, 'sspr-bench-profile-', {
  SSPR_PUBLIC_URL: `http://127.0.0.1:${port}`,
  SSPR_SIGNIN_RATE_LIMIT: '1000000',
  SSPR_SIGNIN_ACCOUNT_RATE_LIMIT: '1000000',
  SSPR_SIGNIN_FAMILIAR_RATE_LIMIT: '1000000',
  SSPR_SIGNIN_TENANT_UNFAMILIAR_RATE_LIMIT: '1000000',
  SSPR_RESET_ACCOUNT_RATE_LIMIT: '1000000',
});
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
if (profileOut) {
  const { profile } = await inspector.post('Profiler.stop');
  writeFileSync(profileOut, JSON.stringify(profile));
  inspector.disconnect();
}
process.stdout.write(
  `${dialect}: ${count} sign-ins, ${failed} failed, main thread ${(ms / count).toFixed(2)} ms CPU each\n`,
);
agent.destroy();
await bench.close();

/**
 * Hostile traffic (issue #18 item 2): a legitimate user signs in and starts a reset while floods hit reset start
 * (without and with a solved CAPTCHA), code verification and sign-in with wrong passwords, each from one IP and from
 * many. Many IPs are simulated as a load balancer would present them: the app trusts 127.0.0.1 as a proxy
 * (SSPR_TRUSTED_PROXIES) and each flood request carries a random X-Forwarded-For address.
 *
 *   npx tsx bench/hostile-traffic.bench.ts          table (progress on stderr); BENCH_JSON=1 or --json for JSON
 *   BENCH_HOSTILE_SECONDS=4 BENCH_HOSTILE_FLOOD=16  seconds per scenario, flood requests in flight
 *
 * Per scenario: flood requests answered per second, split into shed (refused before any password hash or store write:
 * 429, 400, 403, 503) and hash-bound (a 401 from sign-in is an argon2 verify), and the legitimate user's sign-in
 * p50/p99 against its p50 with no flood. "shed x hash" is shed/s over the raw argon2id verifies/s of this machine
 * (goal >= 20). Measurement only: slowness never fails the run; a broken setup does.
 */
import { createHash } from 'node:crypto';
import { Agent, request } from 'node:http';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { hash, verify } from '@node-rs/argon2';
import { argon2Parameters } from '../src/adapters/hashing/argon2-hasher.js';
import { aPassword } from '../test/support/factories.js';
import { aResetUser } from '../test/support/reset.js';
import { freeLoopbackPort } from '../test/support/net.js';
import { backgroundMeter } from './support/background-load.js';
import { openBenchApp } from './support/bench-app.js';

const seconds = Number(process.env.BENCH_HOSTILE_SECONDS ?? 4);
const floodInFlight = Number(process.env.BENCH_HOSTILE_FLOOD ?? 16);
const asJson = process.argv.includes('--json') || process.env.BENCH_JSON === '1';
const progress = (line: string) => process.stderr.write(`${line}\n`);

const port = await freeLoopbackPort();
const base = `http://127.0.0.1:${port}`;
const agent = new Agent({ keepAlive: true, maxSockets: floodInFlight + 4 });

interface Reply {
  status: number;
  body: string;
  cookies?: string[];
}
const call = (method: string, path: string, body?: object, ip?: string, cookie?: string): Promise<Reply> =>
  new Promise((resolve, reject) => {
    const payload = body ? JSON.stringify(body) : undefined;
    const headers: Record<string, string | number> = ip ? { 'x-forwarded-for': ip } : {};
    if (cookie) headers.cookie = cookie;
    if (payload) Object.assign(headers, { 'content-type': 'application/json', 'content-length': payload.length });
    const req = request(`${base}${path}`, { method, agent, headers }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (data += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: data,
          cookies: res.headers['set-cookie']?.map((c) => c.split(';')[0]!),
        }),
      );
    });
    req.on('error', reject);
    req.end(payload);
  });

/**
 * As test/support/reset.ts solves it, over HTTP (the bench runs with a tiny difficulty, like the tests). A refused
 * challenge request (rate-limited) is returned as the reply instead.
 */
const solveCaptcha = async (ip?: string): Promise<string | Reply> => {
  const reply = await call('GET', '/api/v1/captcha', undefined, ip);
  if (reply.status !== 200) return reply;
  const c = JSON.parse(reply.body) as Record<string, string | number>;
  for (let n = 0; n <= Number(c.maxnumber); n += 1) {
    if (
      createHash('sha256')
        .update(`${String(c.salt)}${n}`)
        .digest('hex') === c.challenge
    ) {
      const { algorithm, challenge, salt, signature } = c;
      return Buffer.from(JSON.stringify({ algorithm, challenge, number: n, salt, signature })).toString('base64');
    }
  }
  throw new Error('captcha not solvable');
};
const startReset = async (username: string, ip?: string): Promise<Reply> => {
  const captcha = await solveCaptcha(ip);
  if (typeof captcha !== 'string') return captcha;
  return call('POST', '/api/v1/passwordreset', { username, captcha }, ip);
};

const randomIp = () =>
  `10.${(Math.random() * 250) | 0}.${(Math.random() * 250) | 0}.${1 + ((Math.random() * 250) | 0)}`;
const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : Number.NaN;

// ---------------------------------------------------------------- setup

const bench = await openBenchApp('sqlite', 'sspr-bench-hostile-', {
  SSPR_PUBLIC_URL: base,
  SSPR_TRUSTED_PROXIES: '127.0.0.1/32',
  SSPR_CAPTCHA_DIFFICULTY: '20',
});
const { app } = bench;
const tenant = await app.services.tenants.createTenant({ name: 'Bench', domain: 'hostile.example', country: 'NL' });
// The legitimate user is five people taking turns (each signs in about once a second, within the familiar budget of
// SSPR_SIGNIN_FAMILIAR_RATE_LIMIT, 10 per 10 s), each from a browser that signed in before (its familiar-device cookie).
const legits = await Promise.all(Array.from({ length: 5 }, () => aResetUser(app, tenant)));
const victim = await aResetUser(app, tenant);
// aResetUser gives every user the factories' password.
const password = aPassword;
const server = await app.http();
await server.listen({ host: '127.0.0.1', port });

/**
 * The legitimate user signs in at most every 250 ms, from an address no flood uses and a new one per scenario, so
 * its own per-IP sign-in limit (60 a minute) is never what refuses it.
 */
let legitIp = 0;
let turn = 0;
const devices = new Map<string, string>();
for (const user of legits) {
  const reply = await call('POST', '/api/v1/session', { username: user.upn, password }, '192.0.2.250');
  const device = reply.cookies?.find((c) => c.startsWith('sspr_device='));
  if (reply.status !== 200 || !device) throw new Error(`legitimate sign-in failed: ${reply.status}`);
  devices.set(user.upn, device);
}
const legitSignIn = async () => {
  const upn = legits[turn++ % legits.length]!.upn;
  const t0 = performance.now();
  const reply = await call(
    'POST',
    '/api/v1/session',
    { username: upn, password },
    `192.0.2.${legitIp}`,
    devices.get(upn),
  );
  return { ms: performance.now() - t0, status: reply.status };
};

/** A flow at the verify step for the victim, so the code flood has something to guess at. */
const verifyFlow = async () => {
  const start = await startReset(victim.upn);
  const flowId = (JSON.parse(start.body) as { flowId: string }).flowId;
  const view = JSON.parse((await call('POST', `/api/v1/passwordreset/${flowId}/intent`, { intent: 'reset' })).body) as {
    methods: Array<{ id: string; type: string }>;
  };
  const methodId = view.methods.find((m) => m.type === 'email')!.id;
  await call('POST', `/api/v1/passwordreset/${flowId}/challenge`, { methodId });
  return { flowId, methodId };
};

type Flood = (ip: string) => Promise<Reply>;
// Made before any flood: a many-IP reset-start flood spends the tenant's reset-start allowance for the minute.
const verifyFlows = [await verifyFlow(), await verifyFlow()];
const floods: Array<{ name: string; make: () => Promise<Flood> }> = [
  {
    name: 'reset start, no CAPTCHA',
    make: () =>
      Promise.resolve((ip) => call('POST', '/api/v1/passwordreset', { username: victim.upn, captcha: 'x' }, ip)),
  },
  {
    name: 'reset start, solved CAPTCHA',
    make: () => Promise.resolve((ip) => startReset(victim.upn, ip)),
  },
  {
    name: 'code verification, wrong codes',
    make: () => {
      const { flowId, methodId } = verifyFlows.shift()!;
      return Promise.resolve((ip: string) =>
        call('POST', `/api/v1/passwordreset/${flowId}/verify`, { methodId, code: '00000000' }, ip),
      );
    },
  },
  {
    name: 'sign-in, wrong passwords',
    make: () =>
      Promise.resolve((ip) => call('POST', '/api/v1/session', { username: victim.upn, password: 'Wrong-Guess-1' }, ip)),
  },
  {
    // A spray at the legitimate users' own accounts: their familiar browsers spend a budget of their own.
    name: "sign-in, wrong passwords at the user's accounts",
    make: () =>
      Promise.resolve((ip) =>
        call(
          'POST',
          '/api/v1/session',
          { username: legits[(Math.random() * legits.length) | 0]!.upn, password: 'Wrong-Guess-1' },
          ip,
        ),
      ),
  },
];

// ---------------------------------------------------------------- measurement

/** Runs the flood and the legitimate user side by side for `seconds`. */
const scenario = async (flood: Flood | undefined, manyIps: boolean) => {
  const end = performance.now() + seconds * 1000;
  const statuses: Record<string, number> = {};
  const legitMs: number[] = [];
  let legitFailures = 0;
  const flooder = async () => {
    while (flood && performance.now() < end) {
      const reply = await flood(manyIps ? randomIp() : '203.0.113.9').catch(() => ({ status: 0, body: '' }));
      statuses[reply.status] = (statuses[reply.status] ?? 0) + 1;
    }
  };
  legitIp += 1;
  const user = async () => {
    while (performance.now() < end) {
      const { ms, status } = await legitSignIn();
      if (status === 200) legitMs.push(ms);
      else legitFailures++;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 250 - ms)));
    }
  };
  await Promise.all([user(), ...Array.from({ length: flood ? floodInFlight : 0 }, flooder)]);
  legitMs.sort((a, b) => a - b);
  const count = (codes: number[]) => codes.reduce((sum, code) => sum + (statuses[code] ?? 0), 0);
  return {
    floodPerSecond: Object.values(statuses).reduce((a, b) => a + b, 0) / seconds,
    shedPerSecond: count([429, 400, 403, 503]) / seconds,
    hashBoundPerSecond: count([401]) / seconds,
    statuses,
    legit: { p50: percentile(legitMs, 50), p99: percentile(legitMs, 99), failures: legitFailures },
  };
};

const rawVerifyRate = async () => {
  const phc = await hash(password, argon2Parameters);
  let done = 0;
  const end = performance.now() + 2000;
  const worker = async () => {
    while (performance.now() < end) if (await verify(phc, password)) done++;
  };
  await Promise.all(Array.from({ length: availableParallelism() }, worker));
  return done / 2;
};

const background = backgroundMeter();
const raw = await rawVerifyRate();
progress(`raw argon2id: ${raw.toFixed(1)} verifies/s`);
const quiet = await scenario(undefined, false);
progress(`legitimate user alone: p50 ${quiet.legit.p50.toFixed(1)} ms`);
const results = [];
for (const { name, make } of floods) {
  for (const manyIps of [false, true]) {
    progress(`  ${name}, ${manyIps ? 'many IPs' : 'one IP'}`);
    const result = await scenario(await make(), manyIps);
    results.push({ name, ips: manyIps ? 'many' : 'one', ...result });
  }
}
const backgroundCores = background();
agent.destroy();
await bench.close();

if (asJson) {
  process.stdout.write(`${JSON.stringify({ rawVerifyPerSecond: raw, quiet, results, backgroundCores }, null, 2)}\n`);
} else {
  const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '–');
  const lines = [
    `raw argon2id ${f(raw)} verifies/s; legitimate sign-in alone p50 ${f(quiet.legit.p50)} ms p99 ${f(quiet.legit.p99)} ms; ${seconds}s per scenario, ${floodInFlight} flood requests in flight; other processes used ${f(backgroundCores, 2)} cores`,
    '',
    '| flood | IPs | answered/s | shed/s | hash-bound/s | shed x hash | legit p50 ms | legit p99 ms | p99 over own hash ms | statuses |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...results
      .map((r) =>
        [
          r.name,
          r.ips,
          f(r.floodPerSecond),
          f(r.shedPerSecond),
          f(r.hashBoundPerSecond),
          f(r.shedPerSecond / raw),
          f(r.legit.p50),
          f(r.legit.p99),
          f(r.legit.p99 - quiet.legit.p50),
          Object.entries(r.statuses)
            .map(([s, n]) => `${s}×${n}`)
            .join(' ') + (r.legit.failures ? `; legit failures ${r.legit.failures}` : ''),
        ].join(' | '),
      )
      .map((row) => `| ${row} |`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * Hostile traffic (issue #18 item 2): a legitimate user signs in and resets a password to completion while floods
 * hit reset start (without and with a solved CAPTCHA), code verification and sign-in with wrong passwords (at one
 * account, at the user's own accounts, and sprayed over many names of the tenant), each from one IP and from many.
 * Many IPs are simulated as a load balancer would present them: the app trusts 127.0.0.1 as a proxy
 * (SSPR_TRUSTED_PROXIES) and each flood request carries a random X-Forwarded-For address.
 *
 *   npx tsx bench/hostile-traffic.bench.ts          table (progress on stderr); BENCH_JSON=1 or --json for JSON
 *   BENCH_HOSTILE_SECONDS=4 BENCH_HOSTILE_FLOOD=16  seconds per scenario, flood requests in flight
 *   BENCH_HOSTILE_CLIENT=inline                     flood and user in the server's thread (default: a worker each)
 *
 * Per scenario: flood requests answered per second, split into shed (refused before any password hash or store write:
 * 429, 400, 403, 503) and hash-bound (a 401 from sign-in is an argon2 verify), the legitimate user's sign-in p50/p99
 * and its reset steps' p99, each against its own latency with no flood. "shed x hash" is shed/s over the raw argon2id
 * verifies/s of this machine (goal >= 20). Measurement only: slowness never fails the run; a broken setup does.
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { hash, verify } from '@node-rs/argon2';
import { argon2Parameters } from '../src/adapters/hashing/argon2-hasher.js';
import { aPassword } from '../test/support/factories.js';
import { aResetUser } from '../test/support/reset.js';
import { freeLoopbackPort } from '../test/support/net.js';
import { backgroundMeter } from './support/background-load.js';
import { openBenchApp } from './support/bench-app.js';
import {
  createFlooder,
  createLegitUser,
  percentile,
  startClientWorker,
  type ClientSetup,
  type FloodSpec,
  type LegitSample,
} from './support/hostile-client.js';

const seconds = Number(process.env.BENCH_HOSTILE_SECONDS ?? 4);
const floodInFlight = Number(process.env.BENCH_HOSTILE_FLOOD ?? 16);
const clientMode = process.env.BENCH_HOSTILE_CLIENT === 'inline' ? 'inline' : 'worker';
const asJson = process.argv.includes('--json') || process.env.BENCH_JSON === '1';
const progress = (line: string) => process.stderr.write(`${line}\n`);

const port = await freeLoopbackPort();
// aResetUser gives every user the factories' password.
const password = aPassword;
const setup: ClientSetup = { base: `http://127.0.0.1:${port}`, floodInFlight, password };

/** The two clients, in workers of their own or (inline) in this thread, behind one interface. */
const openClients = async () => {
  if (clientMode === 'inline') {
    const flooder = createFlooder(setup);
    const legit = await createLegitUser(setup);
    return {
      smtpPort: legit.smtpPort,
      flood: flooder.flood,
      prepare: legit.prepare,
      flowAtVerify: legit.flowAtVerify,
      run: legit.run,
      close: async () => {
        await flooder.close();
        await legit.close();
      },
    };
  }
  const flooder = await startClientWorker('flood', setup);
  const legit = await startClientWorker('legit', setup);
  return {
    smtpPort: legit.ready as number,
    flood: (spec: FloodSpec, manyIps: boolean, s: number) =>
      flooder.call('flood', spec, manyIps, s) as Promise<Record<string, number>>,
    prepare: async (users: string[], resetters: Array<{ upn: string; email: string }>) => {
      await legit.call('prepare', users, resetters);
    },
    flowAtVerify: (username: string) =>
      legit.call('flowAtVerify', username) as Promise<{ flowId: string; methodId: string }>,
    run: (s: number) =>
      legit.call('run', s) as Promise<{
        samples: LegitSample[];
        resetFailures: number;
        failures: Record<string, number>;
      }>,
    close: async () => {
      await Promise.all([flooder.call('close'), legit.call('close')]);
      await Promise.all([flooder.terminate(), legit.terminate()]);
    },
  };
};

// ---------------------------------------------------------------- setup

const clients = await openClients();
const bench = await openBenchApp('sqlite', 'sspr-bench-hostile-', {
  SSPR_PUBLIC_URL: setup.base,
  SSPR_TRUSTED_PROXIES: '127.0.0.1/32',
  SSPR_CAPTCHA_DIFFICULTY: '20',
  // Codes go to the legitimate user's SMTP listener, as to a mailbox.
  SSPR_MAIL_PROVIDER: 'smtp',
  SSPR_SMTP_URL: `smtp://127.0.0.1:${clients.smtpPort}`,
  SSPR_MAIL_FROM: 'OpenSSPR <sspr@hostile.example>',
});
const { app } = bench;
app.services.delivery.start();
const tenant = await app.services.tenants.createTenant({ name: 'Bench', domain: 'hostile.example', country: 'NL' });
// The daily send caps are not under test: the bench mails more codes than a day's cap for one address.
await app.store.securityInfo.putSettings(
  tenant.tenantId,
  {
    allowedCountries: [],
    dailyCapPerNumber: 1_000_000,
    dailyCapPerTenant: 1_000_000,
    hourlyCapPerPrefix: 1_000_000,
    hourlyCapPerIp: 1_000_000,
    hourlyPhoneBudget: 1_000_000,
    smsNotices: true,
  },
  new Date().toISOString(),
);
// The legitimate user is five people signing in in turn (each about once a second, within the familiar budget of
// SSPR_SIGNIN_FAMILIAR_RATE_LIMIT, 10 per 10 s), each from a browser that signed in before (its familiar-device
// cookie), and forty who reset in turn (at most a flow a second, so each at most about twice a minute, under SSPR_RESET_ACCOUNT_RATE_LIMIT).
const legits = await Promise.all(Array.from({ length: 5 }, () => aResetUser(app, tenant)));
const resetters = await Promise.all(Array.from({ length: 40 }, () => aResetUser(app, tenant)));
const victim = await aResetUser(app, tenant);
// A spray over many names of the tenant, real and made up: each under its own budget, only the tenant's caps it.
const sprayNames = [
  ...legits.map((u) => u.upn),
  ...Array.from({ length: 5000 }, (_, i) => `spray${i}@${tenant.domains[0]!}`),
];
const server = await app.http();
await server.listen({ host: '127.0.0.1', port });
await clients.prepare(
  legits.map((u) => u.upn),
  resetters.map((u) => ({ upn: u.upn, email: u.alternateEmail! })),
);

// Made before any flood: a many-IP reset-start flood spends the tenant's reset-start allowance for the minute.
const verifyFlows = [await clients.flowAtVerify(victim.upn), await clients.flowAtVerify(victim.upn)];
const floods: Array<{ name: string; spec: () => FloodSpec }> = [
  { name: 'reset start, no CAPTCHA', spec: () => ({ kind: 'reset-start', username: victim.upn }) },
  { name: 'reset start, solved CAPTCHA', spec: () => ({ kind: 'reset-start-captcha', username: victim.upn }) },
  { name: 'code verification, wrong codes', spec: () => ({ kind: 'verify', ...verifyFlows.shift()! }) },
  { name: 'sign-in, wrong passwords', spec: () => ({ kind: 'sign-in', username: victim.upn }) },
  {
    // A spray at the legitimate users' own accounts: their familiar browsers spend a budget of their own.
    name: "sign-in, wrong passwords at the user's accounts",
    spec: () => ({ kind: 'sign-in-spray', usernames: legits.map((u) => u.upn) }),
  },
  {
    // Over 5,005 names of the tenant: only the tenant-wide budget of unfamiliar verifies bounds the hashes.
    name: 'sign-in, wrong passwords over many names',
    spec: () => ({ kind: 'sign-in-spray', usernames: sprayNames }),
  },
];

// ---------------------------------------------------------------- measurement

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

/** Runs the flood and the legitimate user side by side for `seconds`. */
const scenario = async (flood: FloodSpec | undefined, manyIps: boolean) => {
  const [statuses, legit] = await Promise.all([
    flood ? clients.flood(flood, manyIps, seconds) : Promise.resolve<Record<string, number>>({}),
    clients.run(seconds),
  ]);
  const failed = Object.entries(legit.failures);
  if (failed.length) progress(`    resets refused: ${failed.map(([what, n]) => `${what} ×${n}`).join(', ')}`);
  const ok = legit.samples.filter((x) => x.ok);
  const signIns = ok.filter((x) => x.step === 'sign-in').map((x) => x.ms);
  const resetSteps = ok.filter((x) => x.step !== 'sign-in');
  const count = (codes: number[]) => codes.reduce((sum, code) => sum + (statuses[code] ?? 0), 0);
  return {
    floodPerSecond: Object.values(statuses).reduce((a, b) => a + b, 0) / seconds,
    shedPerSecond: count([429, 400, 403, 503]) / seconds,
    hashBoundPerSecond: count([401]) / seconds,
    statuses,
    signIn: {
      p50: median(signIns),
      p99: percentile(
        [...signIns].sort((a, b) => a - b),
        99,
      ),
      failures: legit.samples.filter((x) => x.step === 'sign-in' && !x.ok).length,
    },
    reset: {
      completed: ok.filter((x) => x.step === 'password').length,
      failures: legit.resetFailures,
      steps: resetSteps,
    },
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
progress(`raw argon2id: ${raw.toFixed(1)} verifies/s; clients: ${clientMode}`);
// Twice as long alone, for enough reset steps to take each step's median from.
const quietRuns = [await scenario(undefined, false), await scenario(undefined, false)];
const quiet = {
  signIn: quietRuns[0]!.signIn,
  steps: quietRuns.flatMap((r) => r.reset.steps),
  completed: quietRuns.reduce((n, r) => n + r.reset.completed, 0),
};
/** Each reset step's own latency with no flood (its hash included: the password step hashes the new password). */
const ownMs = new Map(
  [...new Set(quiet.steps.map((x) => x.step))].map((step) => [
    step,
    median(quiet.steps.filter((x) => x.step === step).map((x) => x.ms)),
  ]),
);
const resetSummary = (steps: LegitSample[]) => {
  const sorted = steps.map((x) => x.ms).sort((a, b) => a - b);
  const over = steps.map((x) => x.ms - (ownMs.get(x.step) ?? 0)).sort((a, b) => a - b);
  return { requests: steps.length, p99: percentile(sorted, 99), p99OverOwn: percentile(over, 99) };
};
progress(
  `legitimate user alone: sign-in p50 ${quiet.signIn.p50.toFixed(1)} ms; resets ${quiet.completed}, step medians ${[
    ...ownMs,
  ]
    .map(([step, ms]) => `${step} ${ms.toFixed(1)}`)
    .join(', ')} ms`,
);
const results = [];
for (const { name, spec } of floods) {
  for (const manyIps of [false, true]) {
    progress(`  ${name}, ${manyIps ? 'many IPs' : 'one IP'}`);
    const { reset, ...result } = await scenario(spec(), manyIps);
    results.push({
      name,
      ips: manyIps ? 'many' : 'one',
      ...result,
      reset: { completed: reset.completed, failures: reset.failures, ...resetSummary(reset.steps) },
    });
  }
}
const backgroundCores = background();
await clients.close();
await bench.close();

if (asJson) {
  const quietReset = { completed: quiet.completed, ownMs: Object.fromEntries(ownMs), ...resetSummary(quiet.steps) };
  const summary = { rawVerifyPerSecond: raw, clientMode, quiet: { signIn: quiet.signIn, reset: quietReset } };
  process.stdout.write(`${JSON.stringify({ ...summary, results, backgroundCores }, null, 2)}\n`);
} else {
  const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '–');
  const quietReset = resetSummary(quiet.steps);
  const lines = [
    `raw argon2id ${f(raw)} verifies/s; alone: sign-in p50 ${f(quiet.signIn.p50)} ms p99 ${f(quiet.signIn.p99)} ms, reset steps p99 ${f(quietReset.p99)} ms (${quiet.completed} resets); ${seconds}s per scenario, ${floodInFlight} flood requests in flight, clients ${clientMode}; other processes used ${f(backgroundCores, 2)} cores`,
    '',
    '| flood | IPs | answered/s | shed/s | hash-bound/s | shed x hash | sign-in p50 ms | sign-in p99 ms | sign-in p99 over own | resets done | reset step p99 ms | reset p99 over own | statuses |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...results
      .map((r) =>
        [
          r.name,
          r.ips,
          f(r.floodPerSecond, 0),
          f(r.shedPerSecond, 0),
          f(r.hashBoundPerSecond),
          f(r.shedPerSecond / raw),
          f(r.signIn.p50, 0),
          f(r.signIn.p99, 0),
          f(r.signIn.p99 - quiet.signIn.p50, 0),
          `${r.reset.completed}`,
          f(r.reset.p99, 0),
          f(r.reset.p99OverOwn, 0),
          Object.entries(r.statuses)
            .map(([s, n]) => `${s}×${n}`)
            .join(' ') +
            (r.signIn.failures ? `; sign-in failures ${r.signIn.failures}` : '') +
            (r.reset.failures ? `; reset failures ${r.reset.failures}` : ''),
        ].join(' | '),
      )
      .map((row) => `| ${row} |`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

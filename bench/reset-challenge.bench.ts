/**
 * Reset challenge latency, real user against decoy, with a slow SMTP relay (checklist §11 row 2, issue #13 item 2).
 *
 *   npx tsx bench/reset-challenge.bench.ts        table on stdout (`npm run bench` runs it after the others)
 *
 * Environment:
 *   BENCH_CHALLENGES   challenges per kind (default 40), interleaved real / decoy so drifting load hits both alike
 *   BENCH_RELAY_MS     how long the local relay holds each message before accepting it (default 300)
 *
 * A real SMTP listener on loopback holds every message `BENCH_RELAY_MS`; the app (SQLite, its delivery worker
 * running as in `sspr serve`) mails through it. Each sample is one `POST /api/v1/passwordreset/{flow}/challenge`
 * for the email method, timed at the client: a real user (a code is queued, the worker mails it) and an unknown
 * user ID of the same domain (a decoy: a blank row, nothing sent). Before the queue the real row took the relay's
 * round trip. Measurement only; it never fails on numbers (a broken setup does).
 */
import { performance } from 'node:perf_hooks';
import { createSmtpRelay } from '../test/support/smtp-relay.js';
import { aResetUser, resetApi } from '../test/support/reset.js';
import { aTenant } from '../test/support/factories.js';
import { backgroundMeter } from './support/background-load.js';
import { openBenchApp } from './support/bench-app.js';

const count = Number(process.env.BENCH_CHALLENGES ?? 40);
const relayMs = Number(process.env.BENCH_RELAY_MS ?? 300);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const summary = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return { mean, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted.at(-1)! };
};

const main = async () => {
  const relay = createSmtpRelay({ hold: () => new Promise((resolve) => setTimeout(resolve, relayMs)) });
  const port = await relay.start();
  const bench = await openBenchApp('sqlite', 'sspr-bench-challenge-', {
    SSPR_SMTP_URL: `smtp://127.0.0.1:${port}`,
    SSPR_MAIL_FROM: 'OpenSSPR <sspr@contoso.example>',
    SSPR_MAIL_PROVIDER: 'smtp',
    SSPR_CAPTCHA_DIFFICULTY: '20',
    SSPR_RESET_RATE_LIMIT: '1000000',
    SSPR_RESET_TENANT_RATE_LIMIT: '1000000',
  });
  const { app } = bench;
  app.services.delivery.start();
  try {
    const server = await app.http();
    const api = resetApi(server, { advance: () => undefined });
    const tenant = await aTenant(app);
    // Decoys share the tenant's calibrated addresses; the daily caps (not under test here) are lifted.
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
    const emailChallenge = async (username: string): Promise<number> => {
      const flowId = await api.flowOf(username);
      const view = (await api.intent(flowId, 'reset')).json<{ methods: Array<{ id: string; type: string }> }>();
      const email = view.methods.find((m) => m.type === 'email');
      if (!email) throw new Error('no email method offered');
      const started = performance.now();
      const response = await api.challenge(flowId, { methodId: email.id });
      const elapsed = performance.now() - started;
      if (response.statusCode !== 200) throw new Error(`challenge answered ${response.statusCode}: ${response.body}`);
      return elapsed;
    };
    const real: number[] = [];
    const decoy: number[] = [];
    // Warm-up: the first request of each kind compiles routes and fills caches.
    await emailChallenge((await aResetUser(app, tenant)).upn);
    await emailChallenge(`nobody-warm@${tenant.domains[0]}`);
    const other = backgroundMeter();
    for (let i = 0; i < count; i += 1) {
      const user = await aResetUser(app, tenant);
      real.push(await emailChallenge(user.upn));
      decoy.push(await emailChallenge(`nobody${i}@${tenant.domains[0]}`));
    }
    const load = other();
    await app.services.delivery.drain();
    const row = (name: string, s: ReturnType<typeof summary>) =>
      `| ${name} | ${s.mean.toFixed(1)} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.max.toFixed(1)} |`;
    process.stdout.write(
      [
        `reset email challenge, relay holding each message ${relayMs} ms, ${count} per kind (SQLite, Fastify inject);` +
          ` other processes kept ${Number.isNaN(load) ? '?' : load.toFixed(2)} cores busy`,
        '',
        '| kind | mean ms | p50 ms | p95 ms | max ms |',
        '| --- | --- | --- | --- | --- |',
        row('real user (code queued)', summary(real)),
        row('decoy (blank row)', summary(decoy)),
        '',
        `messages the relay accepted: ${relay.received.length} (expected ${count + 1}: real users only)`,
        '',
      ].join('\n'),
    );
  } finally {
    await bench.close();
    await relay.stop();
  }
};

await main();

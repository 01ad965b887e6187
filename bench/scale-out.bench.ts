/**
 * Scale-out (issue #18 item 5): three `sspr serve` processes on one PostgreSQL database (a throwaway one) and the
 * machine's Redis (127.0.0.1:6379, a key prefix of their own), under mixed traffic spread round-robin over the
 * instances: sign-in, security-info reads, admin reads (autocannon, one run per route and instance, all at once) and
 * password resets driven to completion, each step on the next instance (start on one, verify on another, the new
 * password on a third). Reports throughput and p50/p99 per route, errors (non-2xx), lost flows, and the most
 * connections PostgreSQL had open for the database (pg_stat_activity, sampled every 250 ms).
 *
 *   npx tsx bench/scale-out.bench.ts        BENCH_SCALE_SECONDS (default 10), BENCH_SCALE_CONNECTIONS per run (2)
 *
 * Measurement only: slowness never fails it; a broken setup does.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { aPassword, aUser } from '../test/support/factories.js';
import { createThrowawayDatabase } from '../test/support/postgres.js';
import { aResetUser, solveCaptcha } from '../test/support/reset.js';
import { sentMessages } from '../test/support/outbox.js';
import { lastCodeTo } from '../test/support/security-info.js';
import { startServeInstances, stopServeInstances } from '../test/support/serve-instances.js';
import { backgroundMeter } from './support/background-load.js';

const seconds = Number(process.env.BENCH_SCALE_SECONDS ?? 10);
const connections = Number(process.env.BENCH_SCALE_CONNECTIONS ?? 2);
const instancesWanted = 3;
const poolPerInstance = 10; // database.ts: pg.Pool max
const progress = (line: string) => process.stderr.write(`${line}\n`);

const database = await createThrowawayDatabase();
const dir = mkdtempSync(join(tmpdir(), 'sspr-bench-scale-'));
const env = {
  SSPR_DATABASE_URL: database.url,
  SSPR_SECRET: randomBytes(32).toString('base64url'),
  SSPR_LOG_LEVEL: 'silent',
  SSPR_MAIL_PROVIDER: 'outbox',
  SSPR_SMS_PROVIDER: 'outbox',
  SSPR_SYNC_INTERVAL: '0',
  SSPR_CAPTCHA_DIFFICULTY: '20',
  SSPR_REDIS_URL: 'redis://127.0.0.1:6379',
  SSPR_REDIS_PREFIX: `bench-${randomBytes(6).toString('hex')}:`,
  // Every request comes from 127.0.0.1: the per-IP limits would measure themselves, not the instances.
  SSPR_SIGNIN_RATE_LIMIT: '1000000',
  SSPR_SIGNIN_ACCOUNT_RATE_LIMIT: '1000000',
  SSPR_SIGNIN_FAMILIAR_RATE_LIMIT: '1000000',
  SSPR_SIGNIN_TENANT_UNFAMILIAR_RATE_LIMIT: '1000000',
  SSPR_RESET_ACCOUNT_RATE_LIMIT: '1000000',
  SSPR_RESET_RATE_LIMIT: '1000000',
  SSPR_RESET_TENANT_RATE_LIMIT: '1000000',
};
// The seeding app: the same database and secret as the instances (sessions are keyed by it); reads the outbox.
const loaded = loadConfig({ ...env, SSPR_PUBLIC_URL: 'http://127.0.0.1:3000', SSPR_REDIS_URL: '' }, dir);
if (!loaded.ok) throw new Error(loaded.problems.join('; '));
const app = await createApp(loaded.config, { logger: false });
const tenant = await app.services.tenants.createTenant({ name: 'Scale', domain: 'scale.example', country: 'NL' });
const domain = tenant.domains[0]!;
const signer = await aUser(app, domain, { roles: [] });
const reader = await aUser(app, domain, { roles: [] });
const admin = await aUser(app, domain, { roles: ['Global Reader'] });
const resetUsers = [await aResetUser(app, tenant), await aResetUser(app, tenant)];

progress(`starting ${instancesWanted} sspr serve processes on ${database.url.replace(/\/\/.*@/, '//…@')}`);
const instances = await startServeInstances(instancesWanted, (port) => ({
  ...process.env,
  ...env,
  SSPR_PORT: String(port),
  SSPR_HOST: '127.0.0.1',
  SSPR_PUBLIC_URL: `http://127.0.0.1:${port}`,
}));
const bases = instances.map((i) => i.base);

const json = async (base: string, method: string, path: string, body?: object, cookie?: string) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body && { 'content-type': 'application/json' }), ...(cookie && { cookie }) },
    ...(body && { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    body: (await response.json().catch(() => ({}))) as Record<string, unknown>,
    response,
  };
};
const sessionOf = async (upn: string) => {
  const { response, status } = await json(bases[0]!, 'POST', '/api/v1/session', { username: upn, password: aPassword });
  if (status !== 200) throw new Error(`sign-in of ${upn}: ${status}`);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
};
const readerCookie = await sessionOf(reader.upn);
const adminCookie = await sessionOf(admin.upn);

/** Where lost flows stopped: step, status and code. */
const lostAt = new Map<string, number>();
/** One password reset to completion, each step on the next instance; true when the new password signs in. */
let turn = 0;
const resetFlow = async (user: (typeof resetUsers)[number]): Promise<boolean> => {
  const on = () => bases[turn++ % bases.length]!;
  const step = async (name: string, reply: Promise<{ status: number; body: Record<string, unknown> }>) => {
    const { status, body } = await reply;
    if (status !== 200)
      lostAt.set(`${name} ${status} ${String(body.code)}`, (lostAt.get(`${name} ${status}`) ?? 0) + 1);
    return { status, body };
  };
  const captcha = await solveCaptchaOver(on());
  const started = await step('start', json(on(), 'POST', '/api/v1/passwordreset', { username: user.upn, captcha }));
  const flowId = started.body.flowId as string;
  const view = await step('intent', json(on(), 'POST', `/api/v1/passwordreset/${flowId}/intent`, { intent: 'reset' }));
  const methods = (view.body.methods ?? []) as Array<{ id: string; type: string }>;
  const methodId = methods.find((m) => m.type === 'email')?.id;
  if (!methodId) return false;
  const mailbox = () => sentMessages(app, { recipient: user.alternateEmail!.toLowerCase(), limit: 1000 });
  const before = (await mailbox()).length;
  const challenge = json(on(), 'POST', `/api/v1/passwordreset/${flowId}/challenge`, { methodId });
  if ((await step('challenge', challenge)).status !== 200) return false;
  // Any instance's delivery worker may send it: wait until the new message is there, then read its code.
  for (let i = 0; i < 100 && (await mailbox()).length === before; i++) await new Promise((r) => setTimeout(r, 100));
  const code = await lastCodeTo(app, user.alternateEmail!);
  const verified = json(on(), 'POST', `/api/v1/passwordreset/${flowId}/verify`, { methodId, code });
  if ((await step('verify', verified)).status !== 200) return false;
  const newPassword = `Zq${randomBytes(9).toString('base64url')}!7Wm`;
  if (
    (await step('password', json(on(), 'POST', `/api/v1/passwordreset/${flowId}/password`, { newPassword }))).status !==
    200
  )
    return false;
  const signIn = json(on(), 'POST', '/api/v1/session', { username: user.upn, password: newPassword });
  return (await step('sign-in', signIn)).status === 200;
};
// solveCaptcha (test/support/reset.ts) takes a Fastify instance; this one asks a serve process over HTTP.
const solveCaptchaOver = (base: string) =>
  solveCaptcha({
    inject: async () => {
      const r = await fetch(`${base}/api/v1/captcha`);
      const body = await r.text();
      return { json: () => JSON.parse(body) as unknown };
    },
  } as unknown as Parameters<typeof solveCaptcha>[0]);

// PostgreSQL connections held for this database while the load runs.
const admin_ = new pg.Client({ connectionString: database.url });
await admin_.connect();
let maxConnections = 0;
let maxActive = 0;
const sampler = setInterval(() => {
  admin_
    .query<{ total: string; active: string }>(
      `select count(*) as total, count(*) filter (where state = 'active') as active
         from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
    )
    .then(
      ({ rows }) => {
        maxConnections = Math.max(maxConnections, Number(rows[0]!.total));
        maxActive = Math.max(maxActive, Number(rows[0]!.active));
      },
      () => undefined,
    );
}, 250);

const routes = {
  'POST /api/v1/session (sign-in)': {
    method: 'POST' as const,
    path: '/api/v1/session',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: signer.upn, password: aPassword }),
  },
  'GET /api/v1/me/methods (security info)': {
    method: 'GET' as const,
    path: '/api/v1/me/methods',
    headers: { cookie: readerCookie },
  },
  'GET /api/v1/admin/users (admin read)': {
    method: 'GET' as const,
    path: '/api/v1/admin/users',
    headers: { cookie: adminCookie },
  },
};

// A broken setup fails here, not as a table of non-2xx: every route answers 2xx on every instance first.
for (const base of bases) {
  for (const [name, route] of Object.entries(routes)) {
    const response = await fetch(`${base}${route.path}`, route);
    if (!response.ok) throw new Error(`${name} on ${base}: ${response.status} ${await response.text()}`);
  }
}
if (!(await resetFlow(resetUsers[0]!)))
  throw new Error(`a reset flow did not complete: ${[...lostAt.keys()].join(', ')}`);

progress(`load: ${seconds}s, ${connections} connections per route and instance, resets alongside`);
const background = backgroundMeter();
const latencies = new Map<string, number[]>();
const statuses = new Map<string, number>();
const runs = Object.entries(routes).flatMap(([name, route]) =>
  bases.map((url) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        { ...route, url: `${url}${route.path}`, connections, duration: seconds },
        (error, result) => (error ? reject(error) : resolve(result)),
      );
      const times = latencies.get(name) ?? latencies.set(name, []).get(name)!;
      instance.on('response', (_client, status, _bytes, responseTime) => {
        times.push(responseTime);
        if (status >= 300) statuses.set(`${name} ${status}`, (statuses.get(`${name} ${status}`) ?? 0) + 1);
      });
    }).then((result) => ({ name, result })),
  ),
);
const flows = { completed: 0, lost: 0 };
const end = Date.now() + seconds * 1000;
const resetWorkers = resetUsers.map(async (user) => {
  while (Date.now() < end) {
    const ok = await resetFlow(user).catch(() => false);
    if (ok) flows.completed++;
    else flows.lost++;
  }
});
const results = await Promise.all(runs);
await Promise.all(resetWorkers);
const backgroundCores = background();
clearInterval(sampler);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const lines = [
  `${instancesWanted} instances, PostgreSQL pool ${poolPerInstance} each (${instancesWanted * poolPerInstance} at most), Redis shared limits; ${seconds}s; other processes used ${backgroundCores.toFixed(2)} cores`,
  '',
  '| route | requests/s | p50 ms | p99 ms | non-2xx | errors |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
];
for (const name of Object.keys(routes)) {
  const mine = results.filter((r) => r.name === name).map((r) => r.result);
  const sorted = (latencies.get(name) ?? []).sort((a, b) => a - b);
  const total = mine.reduce((sum, r) => sum + r.requests.total, 0);
  lines.push(
    `| ${name} | ${(total / seconds).toFixed(1)} | ${percentile(sorted, 50).toFixed(1)} | ${percentile(sorted, 99).toFixed(1)} | ${mine.reduce((s, r) => s + r.non2xx, 0)} | ${mine.reduce((s, r) => s + r.errors + r.timeouts, 0)} |`,
  );
}
lines.push(
  '',
  ...[...lostAt].map(([where, n]) => `lost at: ${where} ×${n}`),
  `password resets to completion (start, intent, challenge, verify, new password, sign-in; each step on the next instance): ${flows.completed} completed, ${flows.lost} lost`,
  ...[...statuses].map(([what, n]) => `non-2xx: ${what} ×${n}`),
  `PostgreSQL connections for the database: at most ${maxConnections} open, ${maxActive} active at once (pool limit ${instancesWanted * poolPerInstance} + the seeding app's)`,
);
process.stdout.write(`${lines.join('\n')}\n`);

await stopServeInstances(instances);
await admin_.end();
await app.close();
await database.drop();
rmSync(dir, { recursive: true, force: true });

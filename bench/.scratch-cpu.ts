// Main-thread CPU per sign-in, with an instant hasher so argon2 is out of the picture.
import { performance } from 'node:perf_hooks';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import Database from 'better-sqlite3';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import type { PasswordHasher } from '../src/core/ports.js';

if (process.env.SYNC) {
  const orig = Database.prototype.pragma;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (Database.prototype as any).pragma = function (this: Database.Database, s: string, o?: Database.PragmaOptions) { const r = orig.call(this, s, o); if (s.startsWith('journal_mode')) orig.call(this, `synchronous = ${process.env.SYNC}`); return r; };
}
const stub: PasswordHasher = { hash: async () => '$stub', verify: async () => true };
const dir = mkdtempSync(join(tmpdir(), 'p-'));
const cfg = loadConfig({ SSPR_DATABASE_URL: process.env.MEM ? 'sqlite::memory:' : `sqlite:${join(dir, 'b.db')}`, SSPR_SECRET: 'x'.repeat(40), SSPR_PUBLIC_URL: 'http://127.0.0.1:45678', SSPR_LOG_LEVEL: 'silent', SSPR_SIGNIN_RATE_LIMIT: '1000000' }, dir);
if (!cfg.ok) throw new Error('cfg');
const app = await createApp(cfg.config, { logger: false, hasher: stub });
await app.services.tenants.createTenant({ name: 'B', domain: 'bench.example', country: 'NL' });
await app.services.users.createUser({ upn: 'a@bench.example', password: 'Correct-Horse-42', givenName: 'A', surname: 'B', roles: [] });
const srv = await app.http(); await srv.listen({ host: '127.0.0.1', port: 45678 });
const body = JSON.stringify({ username: 'a@bench.example', password: 'Correct-Horse-42' });
const agent = new Agent({ keepAlive: true, maxSockets: 2 });
const post = () => new Promise<number>((res, rej) => { const r = request({ host: '127.0.0.1', port: 45678, method: 'POST', path: '/api/v1/session', agent, headers: { 'content-type': 'application/json', 'content-length': body.length } }, (x) => { x.resume(); x.on('end', () => res(x.statusCode!)); }); r.on('error', rej); r.end(body); });
const fpost = async () => { const r = await fetch('http://127.0.0.1:45678/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body }); await r.text(); return r.status; };
const health = () => new Promise<number>((res, rej) => { const r = request({ host: '127.0.0.1', port: 45678, method: 'GET', path: '/api/v1/health', agent }, (x) => { x.resume(); x.on('end', () => res(x.statusCode!)); }); r.on('error', rej); r.end(); });
const ops: Record<string, () => Promise<unknown>> = {
  svc: async () => { const r = await app.services.signIn.signIn({ username: 'a@bench.example', password: 'x', ipAddress: '1' }); if (!r.ok) throw new Error(r.code); },
  findUser: async () => { const t = await app.store.tenants.findByDomain('bench.example'); await app.store.users.findByUpn(t!.tenantId, 'a@bench.example'); },
  http: async () => { const s = await post(); if (s !== 200) throw new Error(String(s)); },
  fetch: async () => { const s = await fpost(); if (s !== 200) throw new Error(String(s)); },
  health: async () => { await health(); },
};
for (const name of (process.env.ROWS ?? 'findUser,svc,http,fetch').split(',')) {
  const op = ops[name]!;
  for (let i = 0; i < 300; i++) await Promise.all([op(), op()]);
  const cpu0 = process.cpuUsage(); const t0 = performance.now(); let n = 0;
  const end = t0 + 3000;
  await Promise.all([0, 1].map(async () => { while (performance.now() < end) { await op(); n++; } }));
  const cpu = process.cpuUsage(cpu0); const wall = performance.now() - t0;
  console.log(name.padEnd(10), 'ops/s', (n / wall * 1000).toFixed(0).padStart(6), ' CPU µs/op', ((cpu.user + cpu.system) / n).toFixed(0).padStart(6), ' (user', (cpu.user / n).toFixed(0), 'sys', (cpu.system / n).toFixed(0) + ')', ' wall µs/op', (wall * 1000 / n * 2).toFixed(0));
}
agent.destroy(); await app.close();

/**
 * Limits shared by every instance (issue 18, item 3): two real `sspr serve` processes with SSPR_REDIS_URL pointing
 * at the machine's Redis (a key prefix of their own, so parallel runs never collide) allow together what one allows
 * — per IP on sign-in and on the reset steps, failed agent authentications per IP. Each process has its own SQLite
 * file: only the limits are shared, through Redis.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServeInstances, stopServeInstances, type ServeInstance } from '../../support/serve-instances.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

describe('rate limits shared by two `sspr serve` processes through Redis', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sspr-scale-out-'));
  const prefix = `test-${randomUUID()}:`;
  let instances: ServeInstance[] = [];

  // Ready for these tests means the instance reached Redis too.
  const redisUp = async (readyz: Response) => readyz.ok && ((await readyz.json()) as { redis?: string }).redis === 'up';

  beforeAll(async () => {
    instances = await startServeInstances(
      2,
      (port, i) => ({
        ...process.env,
        SSPR_DATABASE_URL: `sqlite:${join(dir, `instance-${i}.db`)}`,
        SSPR_SECRET: 'scale-out-secret-scale-out-secret-0123456',
        SSPR_PORT: String(port),
        SSPR_HOST: '127.0.0.1',
        SSPR_LOG_LEVEL: 'silent',
        SSPR_SYNC_INTERVAL: '0',
        SSPR_REDIS_URL: 'redis://127.0.0.1:6379',
        SSPR_REDIS_PREFIX: prefix,
        SSPR_SIGNIN_RATE_LIMIT: '4',
        SSPR_RESET_RATE_LIMIT: '3',
        SSPR_AGENT_RATE_LIMIT: '3',
      }),
      redisUp,
    );
  });

  afterAll(async () => {
    await stopServeInstances(instances);
    rmSync(dir, { recursive: true, force: true });
  });

  const call = async (instance: number, method: string, path: string, body?: object, headers = {}) => {
    const response = await fetch(`${instances[instance]!.base}${path}`, {
      method,
      headers: { ...(body && { 'content-type': 'application/json' }), ...headers },
      ...(body && { body: JSON.stringify(body) }),
    });
    await response.arrayBuffer();
    return response.status;
  };
  const inTurn = async (calls: Array<() => Promise<number>>) => {
    const statuses: number[] = [];
    for (const next of calls) statuses.push(await next());
    return statuses;
  };

  it('sign-in: four attempts a minute from one address in all, whichever instance answers', async () => {
    const signIn = (instance: number) => () =>
      call(instance, 'POST', '/api/v1/session', { username: 'nobody@nowhere.example', password: 'Wrong-1' });
    expect(await inTurn([signIn(0), signIn(1), signIn(0), signIn(1), signIn(0), signIn(1)])).toEqual([
      401, 401, 401, 401, 429, 429,
    ]);
  });

  it('password reset: the per-address limit on a reset step is counted once for both', async () => {
    const step = (instance: number) => () =>
      call(instance, 'POST', `/api/v1/passwordreset/${'A'.repeat(43)}/intent`, { intent: 'reset' });
    expect(await inTurn([step(1), step(0), step(1), step(0)])).toEqual([404, 404, 404, 429]);
    // Page reads have their own shared limit, ten times the steps' (30 here): the 31st read is refused.
    const captcha = (instance: number) => () => call(instance, 'GET', '/api/v1/captcha');
    const reads = await inTurn(Array.from({ length: 31 }, (_, i) => captcha(i % 2)));
    expect(reads.slice(0, 30).every((status) => status === 200)).toBe(true);
    expect(reads[30]).toBe(429);
  });

  it('agent authentication: failures from one address add up across instances', async () => {
    const poll = (instance: number) => () =>
      call(instance, 'POST', '/api/v1/agent/poll', { publicKey: 'k'.repeat(64) }, { authorization: 'Bearer nope' });
    expect(await inTurn([poll(0), poll(1), poll(0), poll(1), poll(0)])).toEqual([401, 401, 401, 429, 429]);
  });
});

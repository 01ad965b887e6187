/**
 * Shared limits with Redis unreachable (issue 18, item 3): SSPR_REDIS_URL points at a closed loopback port. Pages
 * are still served (reads fail open), sign-in, password reset and agent authentication are refused with 503
 * SERVICE_BUSY (fail closed: knocking Redis over must not lift the limits), and /readyz says `degraded`, redis
 * `down`. With Redis up it says `up`. And a private Redis stopped and restarted under a running app: limits count
 * in Redis, fail closed (sensitive) and open (pages) while it is gone, and count in Redis again once it is back,
 * without restarting the app.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../support/net.js';
import { privateRedis } from '../../support/redis-server.js';
import { useHttpWorld } from '../../support/world.js';

const closedPort = await freeLoopbackPort();

describe('shared rate limits while Redis is down', () => {
  const ctx = useHttpWorld('sqlite', {
    env: { SSPR_REDIS_URL: `redis://127.0.0.1:${closedPort}`, SSPR_REDIS_PREFIX: `test-${randomUUID()}:` },
  });

  it('says so in /readyz, still 200: every instance shares the one Redis', async () => {
    const ready = await ctx.server.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'degraded', redis: 'down' });
  });

  it('serves pages and other reads', async () => {
    expect((await ctx.server.inject({ method: 'GET', url: '/signin' })).statusCode).toBe(200);
    expect((await ctx.server.inject({ method: 'GET', url: '/passwordreset' })).statusCode).toBe(200);
    expect((await ctx.server.inject({ method: 'GET', url: '/api/v1/captcha' })).statusCode).toBe(200);
  });

  it('refuses sign-in, password reset and agent authentication with 503 SERVICE_BUSY', async () => {
    const signIn = await ctx.server.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: `someone@${ctx.domain}`, password: 'Whatever-1' },
    });
    expect(signIn.statusCode).toBe(503);
    expect(signIn.json()).toMatchObject({ code: 'SERVICE_BUSY' });

    const reset = await ctx.server.inject({
      method: 'POST',
      url: '/api/v1/passwordreset',
      payload: { username: `someone@${ctx.domain}`, captcha: 'x' },
    });
    expect(reset.statusCode).toBe(503);
    expect(reset.json()).toMatchObject({ code: 'SERVICE_BUSY' });

    const agent = await ctx.server.inject({
      method: 'POST',
      url: '/api/v1/agent/poll',
      headers: { authorization: 'Bearer sspra_x.y' },
      payload: { publicKey: 'k'.repeat(64) },
    });
    expect(agent.statusCode).toBe(503);
    expect(agent.json()).toMatchObject({ code: 'SERVICE_BUSY' });

    const page = await ctx.server.inject({
      method: 'POST',
      url: '/signin',
      headers: { accept: 'text/html' },
      payload: 'username=a%40b.example&password=x',
    });
    expect(page.statusCode).toBe(503);
  });
});

describe('shared rate limits while Redis is up', () => {
  const ctx = useHttpWorld('sqlite', {
    env: { SSPR_REDIS_URL: 'redis://127.0.0.1:6379', SSPR_REDIS_PREFIX: `test-${randomUUID()}:` },
  });

  it('says so in /readyz', async () => {
    // The client is ready after its connection's ready check, which can take over a second on a loaded machine.
    await expect
      .poll(async () => (await ctx.server.inject({ method: 'GET', url: '/readyz' })).json(), { timeout: 15_000 })
      .toEqual({
        status: 'ready',
        redis: 'up',
      });
  });
});

describe('Redis stopped and restarted under a running app', async () => {
  const redis = await privateRedis();
  await redis.start();
  const prefix = `test-${randomUUID()}:`;
  const ctx = useHttpWorld('sqlite', {
    env: { SSPR_REDIS_URL: redis.url, SSPR_REDIS_PREFIX: prefix, SSPR_SIGNIN_RATE_LIMIT: '3' },
  });
  const inspect = new Redis(redis.url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
  inspect.on('error', () => undefined);
  afterAll(async () => {
    inspect.disconnect();
    await redis.dispose();
  });

  const readyz = async () => (await ctx.server.inject({ method: 'GET', url: '/readyz' })).json();
  /** Wrong-password sign-ins from one address until one is refused: how many the limit let through. */
  const signInStatuses = async (remoteAddress: string, attempts: number) => {
    const statuses: number[] = [];
    for (let i = 0; i < attempts; i += 1) {
      const response = await ctx.server.inject({
        method: 'POST',
        url: '/api/v1/session',
        remoteAddress,
        payload: { username: `nobody@${ctx.domain}`, password: 'Wrong-Password-1' },
      });
      statuses.push(response.statusCode);
    }
    return statuses;
  };
  const keysInRedis = async () => {
    await inspect.connect().catch(() => undefined);
    const keys = await inspect.keys(`${prefix}*`);
    inspect.disconnect();
    return keys;
  };

  it('counts in Redis, fails closed and open while it is gone, and counts in Redis again once it is back', async () => {
    await expect.poll(readyz, { timeout: 15_000 }).toEqual({ status: 'ready', redis: 'up' });
    expect(await signInStatuses('192.0.2.10', 4)).toEqual([401, 401, 401, 429]);
    expect((await keysInRedis()).length).toBeGreaterThan(0);

    await redis.stop();
    await expect.poll(readyz, { timeout: 15_000 }).toEqual({ status: 'degraded', redis: 'down' });
    expect(await signInStatuses('192.0.2.11', 1)).toEqual([503]);
    expect((await ctx.server.inject({ method: 'GET', url: '/signin' })).statusCode).toBe(200);

    // A fresh server: nothing counted survives, so any key now was written after the restart.
    await redis.start();
    await expect.poll(readyz, { timeout: 15_000 }).toEqual({ status: 'ready', redis: 'up' });
    expect(await keysInRedis()).toEqual([]);
    expect(await signInStatuses('192.0.2.12', 4)).toEqual([401, 401, 401, 429]);
    expect((await keysInRedis()).length).toBeGreaterThan(0);
  });
});

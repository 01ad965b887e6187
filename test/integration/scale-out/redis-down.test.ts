/**
 * Shared limits with Redis unreachable (issue 18, item 3): SSPR_REDIS_URL points at a closed loopback port. Pages
 * are still served (reads fail open), sign-in, password reset and agent authentication are refused with 503
 * SERVICE_BUSY (fail closed: knocking Redis over must not lift the limits), and /readyz says `degraded`, redis
 * `down`. With Redis up it says `up`.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../support/net.js';
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
    await expect
      .poll(async () => (await ctx.server.inject({ method: 'GET', url: '/readyz' })).json())
      .toEqual({
        status: 'ready',
        redis: 'up',
      });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { aPassword, aTenant, aUser } from '../../support/factories.js';
import { sessionCookie } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { createTestWorld, useHttpWorld, type TestWorld } from '../../support/world.js';

describe.each(testDialects())('HTTP contract (%s)', (dialect) => {
  // /metrics needs its bearer token outside embedded development mode (issue #13 item 7).
  const metricsToken = 'metrics-token-for-tests-0123456789abcdef';
  const ctx = useHttpWorld(dialect, { env: { SSPR_METRICS_TOKEN: metricsToken } });

  const expectProblem = (response: Awaited<ReturnType<FastifyInstance['inject']>>, status: number, code: string) => {
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = response.json();
    expect(body).toMatchObject({
      status,
      code,
      type: expect.stringMatching(/^urn:opensspr:error:/),
      title: expect.any(String),
    });
    expect(response.body).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack trace
  };

  it('answers liveness, readiness, metrics and OpenAPI 3.1', async () => {
    expect((await ctx.server.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await ctx.server.inject('/readyz')).json()).toEqual({ status: 'ready' });
    const metrics = await ctx.server.inject({ url: '/metrics', headers: { authorization: `Bearer ${metricsToken}` } });
    expect(metrics.body).toContain('sspr_http_request_duration_seconds');
    const spec = (await ctx.server.inject('/api/openapi.json')).json();
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/v1/session', '/api/v1/me/password', '/healthz', '/readyz']),
    );
    expect(Object.keys(spec.paths)).not.toContain('/signin');
  });

  it('maps bad input to problem+json with stable codes, never a 500', async () => {
    const post = (payload: string, type = 'application/json') =>
      ctx.server.inject({ method: 'POST', url: '/api/v1/session', payload, headers: { 'content-type': type } });
    expectProblem(await post('{"username":'), 400, 'INVALID_JSON');
    expectProblem(
      await post(JSON.stringify({ username: ['a@b.example', 'c@d.example'], password: 'x' })),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await post(JSON.stringify({ username: 'a@b.example', password: 'x', admin: true })),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(await post(JSON.stringify({ username: 'a@b.example' })), 400, 'VALIDATION_FAILED');
    expectProblem(
      await post('username=a&password=b', 'application/x-www-form-urlencoded'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectProblem(
      await post(JSON.stringify({ username: 'a'.repeat(70_000), password: 'x' })),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    expectProblem(await ctx.server.inject({ method: 'GET', url: '/api/v1/nope' }), 404, 'NOT_FOUND');
    expectProblem(await ctx.server.inject({ method: 'GET', url: '/api/%' }), 400, 'VALIDATION_FAILED');
  });

  it('refuses cross-origin API writes', async () => {
    const response = await ctx.server.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'a@b.example', password: 'x' },
      headers: { origin: 'https://evil.example' },
    });
    expectProblem(response, 403, 'CROSS_ORIGIN_REFUSED');
  });

  it('sends strict security headers and no-store', async () => {
    const response = await ctx.server.inject({ method: 'GET', url: '/signin', headers: { accept: 'text/html' } });
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it('redacts secrets: responses never echo passwords', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const cookie = await sessionCookie(ctx.server, user.upn, aPassword);
    const response = await ctx.server.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie },
      payload: { currentPassword: aPassword, newPassword: 'short' },
    });
    expect(response.body).not.toContain(aPassword);
    expect(response.body).not.toContain('short');
  });
});

describe('HTTP behind https', () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createTestWorld('sqlite', { SSPR_PUBLIC_URL: 'https://sspr.contoso.example' });
  });
  afterAll(async () => world?.close());

  it('uses __Host- cookies with Secure and sends HSTS', async () => {
    const server = await world.app.http();
    const domain = (await aTenant(world.app)).domains[0]!;
    const user = await aUser(world.app, domain);
    const response = await server.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: user.upn, password: aPassword },
    });
    const cookie = [response.headers['set-cookie']].flat().find((c) => c?.startsWith('__Host-sspr_session='));
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Domain=/);
    expect(response.headers['strict-transport-security']).toContain('max-age=31536000');
  });
});

describe('API defences cannot be sidestepped through the URL', () => {
  const ctx = useHttpWorld('sqlite');

  it('refuses cross-site and form-encoded writes to percent-encoded API paths', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const body = new URLSearchParams({ username: user.upn, password: aPassword }).toString();
    for (const url of ['/%61pi/v1/session', '/api/v1/%73ession']) {
      const crossSite = await ctx.server.inject({
        method: 'POST',
        url,
        payload: body,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: 'https://evil.example',
          'sec-fetch-site': 'cross-site',
        },
      });
      expect(crossSite.statusCode, url).toBe(403);
      const form = await ctx.server.inject({
        method: 'POST',
        url,
        payload: body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(form.statusCode, url).toBe(415);
      expect(form.headers['set-cookie']).toBeUndefined();
    }
  });

  it('never links to another host from an error page', async () => {
    const page = await ctx.server.inject({ url: '//evil.example/x', headers: { accept: 'text/html' } });
    expect(page.body).not.toContain('evil.example');
  });
});

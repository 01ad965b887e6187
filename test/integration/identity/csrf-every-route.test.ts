/**
 * CSRF on every state change (checklist §11 row 21, ASVS 3.5), on both dialects, over the routes the server really
 * has — read from Fastify's own route table, so a page or API route added later is checked without anyone listing
 * it: every form route (POST, PUT, PATCH, DELETE outside /api) refuses a post without its token with
 * `403 CSRF_INVALID`, before anything else runs; every API write refuses another origin, a cross-site fetch and a
 * form encoding. The provider's signed voice callback is the one documented exception (a server-to-server form post
 * authenticated by its signature).
 */
import { describe, expect, it } from 'vitest';
import { testDialects } from '../../support/postgres.js';
import { routesOf } from '../../support/routes.js';
import { useHttpWorld } from '../../support/world.js';

const writes = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const signedCallbacks = [/^\/api\/v1\/channels\/voice\//];

/** A concrete URL for a route: any value fits a parameter, since the checks run before validation. */
const urlOf = (path: string) => path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');

describe.each(testDialects())('CSRF on every state change (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);
  const stateChanging = () =>
    routesOf(ctx.server).filter(
      ({ method, path }) => writes.has(method) && !signedCallbacks.some((pattern) => pattern.test(path)),
    );

  it('reads the whole route table', () => {
    const routes = stateChanging().map(({ method, path }) => `${method} ${path}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /signin',
        'POST /account/password',
        'POST /admin/users/:userId/reset-password',
        'POST /api/v1/session',
        'DELETE /api/v1/admin/users/:upn',
        'PATCH /api/v1/admin/sspr-policy',
      ]),
    );
    expect(routes.length).toBeGreaterThan(80);
  });

  it('refuses every form post without its CSRF token, before anything else', async () => {
    const pages = stateChanging().filter(({ path }) => !path.startsWith('/api/'));
    expect(pages.length).toBeGreaterThan(40);
    for (const { method, path } of pages) {
      const reply = await ctx.server.inject({
        method: method as 'POST',
        url: urlOf(path),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'username=a%40b.example&password=x',
      });
      expect(reply.statusCode, `${method} ${path}`).toBe(403);
      expect(reply.json(), `${method} ${path}`).toMatchObject({ code: 'CSRF_INVALID' });
    }
  });

  it('refuses every API write from another origin, a cross-site fetch and a form encoding', async () => {
    const api = stateChanging().filter(({ path }) => path.startsWith('/api/'));
    expect(api.length).toBeGreaterThan(40);
    for (const { method, path } of api) {
      const send = (headers: Record<string, string>, payload = '{}') =>
        ctx.server.inject({ method: method as 'POST', url: urlOf(path), headers, payload });
      const json = { 'content-type': 'application/json' };
      const crossOrigin = await send({ ...json, origin: 'https://evil.example' });
      expect([crossOrigin.statusCode, crossOrigin.json().code], `${method} ${path}`).toEqual([
        403,
        'CROSS_ORIGIN_REFUSED',
      ]);
      const crossSite = await send({ ...json, 'sec-fetch-site': 'cross-site' });
      expect([crossSite.statusCode, crossSite.json().code], `${method} ${path}`).toEqual([403, 'CROSS_ORIGIN_REFUSED']);
      const form = await send({ 'content-type': 'application/x-www-form-urlencoded' }, 'a=b');
      expect([form.statusCode, form.json().code], `${method} ${path}`).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    }
  });
});

/**
 * Security headers and cookies on every kind of route (checklist §11 row 30, ASVS 3.3/3.4; no ZAP here, so this is
 * the gate), on both dialects, behind an https public URL: pages, redirects, JSON answers, problem+json refusals of
 * every kind (router, parser, body limit, media type, cross origin, not found), the agent protocol, health, metrics,
 * OpenAPI, the static assets and the site icon all carry HSTS, the CSP with `frame-ancestors 'none'`, `nosniff` and
 * `no-referrer`; everything but the static assets and the icon is `no-store`. Every cookie a browser is given on the way
 * (CSRF secret, flash, session, familiar device, reset tab) is `__Host-`, Secure, HttpOnly, SameSite, Path=/.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { aPassword, aUser } from '../../support/factories.js';
import { testDialects } from '../../support/postgres.js';
import { csrfOf, resetBrowser } from '../../support/reset-pages.js';
import { useHttpWorld } from '../../support/world.js';

const env = { SSPR_PUBLIC_URL: 'https://sspr.contoso.example', SSPR_CAPTCHA_DIFFICULTY: '20' };
/** What the browser is told not to keep: everything but the static assets and the site icon. */
const cacheable = /^\/(static\/|favicon\.)/;

const expectHardened = (what: string, url: string, reply: LightMyRequestResponse) => {
  const h = reply.headers;
  expect(h['strict-transport-security'], what).toBe('max-age=31536000; includeSubDomains');
  expect(h['content-security-policy'], what).toContain("frame-ancestors 'none'");
  expect(h['content-security-policy'], what).toContain("default-src 'none'");
  expect(h['x-content-type-options'], what).toBe('nosniff');
  expect(h['referrer-policy'], what).toBe('no-referrer');
  if (cacheable.test(url)) expect(h['cache-control'], what).toMatch(/^public, max-age=\d+/);
  else expect(h['cache-control'], what).toBe('no-store');
};

describe.each(testDialects())('headers and cookies on every route (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { env });

  it('hardens every kind of answer, refusals and assets included', async () => {
    const json = { 'content-type': 'application/json' };
    const requests: Array<[string, InjectOptions & { url: string }]> = [
      ['page', { url: '/signin', headers: { accept: 'text/html' } }],
      ['reset page', { url: '/passwordreset', headers: { accept: 'text/html' } }],
      ['redirect without a session', { url: '/account', headers: { accept: 'text/html' } }],
      ['admin console without a session', { url: '/admin', headers: { accept: 'text/html' } }],
      ['page not found', { url: '/nope', headers: { accept: 'text/html' } }],
      ['json', { url: '/api/v1/captcha' }],
      ['api not found', { url: '/api/v1/nope' }],
      ['api without a session', { url: '/api/v1/me' }],
      ['bad url', { url: '/api/%' }],
      ['bad json', { method: 'POST', url: '/api/v1/session', payload: '{"username":', headers: json }],
      ['too large', { method: 'POST', url: '/api/v1/session', payload: `"${'a'.repeat(70_000)}"`, headers: json }],
      [
        'form to the api',
        {
          method: 'POST',
          url: '/api/v1/session',
          payload: 'a=b',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        },
      ],
      [
        'cross origin',
        { method: 'POST', url: '/api/v1/session', payload: {}, headers: { origin: 'https://evil.example' } },
      ],
      ['schema refusal', { method: 'POST', url: '/api/v1/session', payload: { username: ['a', 'b'] } }],
      ['agent without a token', { method: 'POST', url: '/api/v1/agent/heartbeat', payload: {} }],
      ['health', { url: '/healthz' }],
      ['readiness', { url: '/readyz' }],
      ['metrics without a token', { url: '/metrics' }],
      ['openapi', { url: '/api/openapi.json' }],
      ['head', { method: 'HEAD', url: '/signin' }],
      ['options', { method: 'OPTIONS', url: '/api/v1/session' }],
      ['stylesheet', { url: '/static/portal.css' }],
      ['script', { url: '/static/reset-captcha.js' }],
      ['site icon', { url: '/favicon.svg' }],
      ['classic site icon', { url: '/favicon.ico' }],
    ];
    const statuses = new Set<number>();
    for (const [what, request] of requests) {
      const reply = await ctx.server.inject(request);
      statuses.add(reply.statusCode);
      expectHardened(`${what} (${reply.statusCode})`, request.url, reply);
    }
    // The list reaches the answers it means to: success, redirect and each kind of refusal.
    for (const status of [200, 303, 400, 401, 403, 404, 413, 415]) expect(statuses, String(status)).toContain(status);
  });

  it('gives every cookie of a browser’s walk __Host-, Secure, HttpOnly, SameSite and Path=/', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const browser = resetBrowser(() => ctx.server);
    const signin = await browser.get('/signin');
    await browser.post('/signin', { _csrf: csrfOf(signin), username: user.upn, password: 'Wrong-Password-1' });
    await browser.post('/signin', { _csrf: csrfOf(signin), username: user.upn, password: aPassword });
    await browser.get('/account');
    const reset = await browser.get('/passwordreset');
    await browser.post('/passwordreset', {
      _csrf: csrfOf(reset),
      username: `nobody@${ctx.domain}`,
      captcha: await browser.solveCaptcha(),
    });
    const lines = browser.responses.flatMap((r) => [r.headers['set-cookie'] ?? []].flat().map(String));
    for (const reply of browser.responses) expectHardened('walk', '/', reply);
    const names = new Set(lines.map((line) => line.split('=')[0]!.replace(/^(__Host-sspr_reset_).+$/, '$1<tab>')));
    expect([...names].sort()).toEqual([
      '__Host-sspr_csrf',
      '__Host-sspr_device',
      '__Host-sspr_flash',
      '__Host-sspr_reset_<tab>',
      '__Host-sspr_session',
    ]);
    for (const line of lines) {
      expect(line, line).toMatch(/; Secure(;|$)/);
      expect(line, line).toMatch(/; HttpOnly(;|$)/);
      expect(line, line).toMatch(/; SameSite=(Strict|Lax)(;|$)/);
      expect(line, line).toMatch(/; Path=\/(;|$)/);
      expect(line, line).not.toMatch(/; Domain=/i);
    }
  });
});

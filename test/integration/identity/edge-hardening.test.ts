import { describe, expect, it } from 'vitest';
import { aPassword, aUser } from '../../support/factories.js';
import { formContext, sessionCookie } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

const token = 'a-metrics-token-of-at-least-32-characters';

// Issue #13 item 7: /metrics is not for the public listener; a NUL byte is a 400 everywhere, never a 500.
describe.each(testDialects())('edge hardening (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { env: { SSPR_METRICS_TOKEN: token } });

  it('serves /metrics only to the bearer of SSPR_METRICS_TOKEN; anyone else gets a 404', async () => {
    const read = (authorization?: string) =>
      ctx.server.inject({ url: '/metrics', headers: authorization ? { authorization } : {} });
    expect((await read()).statusCode).toBe(404);
    expect((await read(`Bearer ${token}x`)).statusCode).toBe(404);
    expect((await read(`Basic ${token}`)).statusCode).toBe(404);
    const refused = await read('Bearer wrong');
    expect(refused.json().code).toBe('NOT_FOUND');
    expect(refused.body).not.toContain('sspr_');
    const allowed = await read(`Bearer ${token}`);
    expect(allowed.statusCode).toBe(200);
    expect(allowed.body).toContain('sspr_http_request_duration_seconds');
  });

  it('answers a NUL byte in a user ID, a path id, a query or any text field with 400 VALIDATION_FAILED', async () => {
    const signIn = await ctx.server.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: `adele\u0000@${ctx.domain}`, password: aPassword },
    });
    expect(signIn.statusCode).toBe(400);
    expect(signIn.json().code).toBe('VALIDATION_FAILED');

    const start = await ctx.server.inject({
      method: 'POST',
      url: '/api/v1/passwordreset',
      payload: { username: `a\u0000b@${ctx.domain}`, captcha: 'x' },
    });
    expect(start.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });

    const admin = await aUser(ctx.world.app, ctx.domain, { roles: ['Global Administrator'] });
    const cookie = await sessionCookie(ctx.server, admin.upn, aPassword);
    const byPath = await ctx.server.inject({ url: '/api/v1/admin/users/a%00b', headers: { cookie } });
    expect(byPath.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const byQuery = await ctx.server.inject({ url: '/api/v1/admin/users?search=%00', headers: { cookie } });
    expect(byQuery.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const inText = await ctx.server.inject({
      method: 'PATCH',
      url: `/api/v1/admin/users/${encodeURIComponent(admin.upn)}`,
      headers: { cookie },
      payload: { displayName: 'Adele\u0000' },
    });
    expect(inText.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const user = await aUser(ctx.world.app, ctx.domain);
    const userCookie = await sessionCookie(ctx.server, user.upn, aPassword);
    const method = await ctx.server.inject({
      method: 'POST',
      url: '/api/v1/me/methods',
      headers: { cookie: userCookie },
      payload: { type: 'alternateEmail', address: 'a\u0000@fabrikam.test' },
    });
    expect(method.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('shows a page the localized error page for a NUL byte in a form field, never a 500', async () => {
    const form = await formContext(ctx.server, '/signin?mkt=nl-NL');
    const page = await ctx.server.inject({
      method: 'POST',
      url: '/signin?mkt=nl-NL',
      headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload: new URLSearchParams({ _csrf: form.token, username: `a\u0000b@${ctx.domain}`, password: 'x' }).toString(),
    });
    // Post/redirect/get (issue 14): the form comes back by GET with the message, in the page's language.
    expect(page.statusCode).toBe(303);
    const set = page.headers['set-cookie'];
    const flash = (Array.isArray(set) ? set : [String(set ?? '')]).map((c) => c.split(';')[0]).filter(Boolean);
    const shown = await ctx.server.inject({
      url: String(page.headers.location),
      headers: { cookie: [form.cookie, ...flash].join('; '), accept: 'text/html' },
    });
    expect(shown.statusCode).toBe(400);
    expect(shown.headers['content-type']).toContain('text/html');
    expect(shown.body).toContain('lang="nl"');
  });
});

describe('/metrics without a token', () => {
  const embedded = useHttpWorld('sqlite');
  it('is open in embedded development mode on loopback, so `npm start` stays usable', async () => {
    expect((await embedded.server.inject('/metrics')).statusCode).toBe(200);
  });
});

/**
 * The console pages that show a secret once — a reset's temporary password, a Temporary Access Pass, a new user's
 * first password — on every dialect, over https so the cookies are `__Host-`. Reloading the page that showed the
 * secret used to post the form again and issue another one. Now: the post answers 303 to a GET page and issues
 * exactly one secret (one audit event, the secret in none of its details); the secret rides in the sealed flash
 * (HttpOnly, Secure, SameSite=Strict, two minutes, cleared when read; never in the URL); the page shows it once with
 * `no-store`; loaded again (Reload, Back) it says the secret was shown once, links to where a new one is issued, and
 * issues nothing — the secret first shown still works. The page with the secret has no language switch, whose link
 * would load it again and lose the secret; the "shown once" page keeps it.
 */
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/core/html.js';
import { translate, type MessageKey } from '../../../src/i18n/i18n.js';
import { aPassword, aUser } from '../../support/factories.js';
import { cookiePair, setCookieHeader, signInApi } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

const en = (key: MessageKey, params: Record<string, string> = {}) => escapeHtml(translate('en', key, params));
const flashName = '__Host-sspr_flash';

describe.each(testDialects())('console secrets shown once (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { env: { SSPR_PUBLIC_URL: 'https://sspr.contoso.example' } });

  const get = (url: string, cookie: string) => ctx.server.inject({ url, headers: { accept: 'text/html', cookie } });
  /** An administrator signed in, with a CSRF token and the cookies a browser would send with the user page's forms. */
  const adminWith = async (roles: string[], formPage: (admin: string) => string) => {
    const user = await aUser(ctx.world.app, ctx.domain, { roles });
    const session = cookiePair(await signInApi(ctx.server, user.upn, aPassword), '__Host-sspr_session')!;
    const page = await get(formPage(user.userId), session);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    expect(token, page.body).toBeDefined();
    return { user, token: token!, cookie: [session, cookiePair(page, '__Host-sspr_csrf')].filter(Boolean).join('; ') };
  };
  type Admin = Awaited<ReturnType<typeof adminWith>>;

  /** Posts the form, then loads the page the 303 names twice, as a browser does on Reload. */
  const postThenReload = async (admin: Admin, url: string, fields: Record<string, string> = {}) => {
    const posted = await ctx.server.inject({
      method: 'POST',
      url,
      headers: { cookie: admin.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: admin.token, ...fields }).toString(),
    });
    expect(posted.statusCode, posted.body).toBe(303);
    const location = String(posted.headers.location);
    const flash = setCookieHeader(posted, flashName) ?? '';
    const first = await get(location, `${admin.cookie}; ${flash.split(';')[0]}`);
    expectTaken(first);
    // The browser has dropped the cleared cookie: a reload sends the session alone.
    const reloaded = await get(location, admin.cookie);
    // No language switch beside the secret (its link would reload the page without it); the "shown once" page has one.
    expect(first.body).not.toContain('<nav class="lang"');
    expect(reloaded.body).toContain(
      `<nav class="lang" aria-label="${en('site.language')}"><a href="${location}?mkt=nl-NL"`,
    );
    return { location, flash, first, reloaded };
  };
  const expectTaken = (page: LightMyRequestResponse) => {
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toContain('no-store');
    expect(setCookieHeader(page, flashName)).toMatch(/^__Host-sspr_flash=;.*Expires=Thu, 01 Jan 1970/);
  };
  /** The flash cookie's attributes, and the secret in neither its value nor the redirect's address. */
  const expectSealed = (answer: { location: string; flash: string }, secret: string) => {
    for (const attribute of [/^__Host-sspr_flash=/, /; Max-Age=120(;|$)/, /; Path=\/(;|$)/, /; HttpOnly/, /; Secure/])
      expect(answer.flash).toMatch(attribute);
    expect(answer.flash).toMatch(/; SameSite=Strict/);
    expect(answer.flash).not.toMatch(/Domain=/);
    for (const form of [secret, secret.replaceAll('-', ''), encodeURIComponent(secret)]) {
      expect(answer.flash).not.toContain(form);
      expect(answer.location).not.toContain(form);
    }
  };
  const eventsOf = async (activity: string, targetId: string) =>
    (await ctx.world.app.store.audit.list(ctx.tenantId, { activity })).filter((e) => e.target?.id === targetId);

  it('resets a password once: shown once, a reload resets nothing and the password works', async () => {
    const target = await aUser(ctx.world.app, ctx.domain);
    const admin = await adminWith(['Helpdesk Administrator'], () => `/admin/users/${target.userId}`);
    const answer = await postThenReload(admin, `/admin/users/${target.userId}/reset-password`);
    expect(answer.location).toBe(`/admin/users/${target.userId}/reset-password`);

    const password = /<code class="secret" id="temporary-password">([^<]+)<\/code>/.exec(answer.first.body)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(8);
    expectSealed(answer, password);
    expect(answer.first.body).toContain(en('admin.user.reset.done', { upn: target.upn }));

    expect(answer.reloaded.statusCode).toBe(200);
    expect(answer.reloaded.body).not.toContain(password);
    expect(answer.reloaded.body).not.toContain('class="secret"');
    expect(answer.reloaded.body).toContain(en('admin.user.reset.shownOnce', { upn: target.upn }));
    expect(answer.reloaded.body).toContain(
      `<a href="/admin/users/${target.userId}#panel-reset">${en('admin.user.reset.again')}</a>`,
    );

    const events = await eventsOf('Reset user password', target.userId);
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain(password);
    expect((await signInApi(ctx.server, target.upn, password)).json()).toMatchObject({ mustChangePassword: true });

    // The flash is the administrator's: another one signed in on the same browser never reads it.
    const again = await postThenReload(admin, `/admin/users/${target.userId}/reset-password`);
    const other = await adminWith(['Helpdesk Administrator'], () => `/admin/users/${target.userId}`);
    const read = await get(again.location, `${other.cookie}; ${again.flash.split(';')[0]}`);
    expect(read.body).not.toContain('class="secret"');
  });

  it('adds a Temporary Access Pass once: shown once, a reload adds nothing and the pass signs in', async () => {
    const target = await aUser(ctx.world.app, ctx.domain);
    const admin = await adminWith(['Authentication Administrator'], () => `/admin/users/${target.userId}`);
    const answer = await postThenReload(admin, `/admin/users/${target.userId}/temporary-access-pass`, {
      lifetimeMinutes: '30',
      oneTime: 'on',
    });
    expect(answer.location).toBe(`/admin/users/${target.userId}/temporary-access-pass`);

    const pass = /<code class="secret">([^<]+)<\/code>/.exec(answer.first.body)?.[1] ?? '';
    expect(pass).toMatch(/^[0-9a-z]{4}(-[0-9a-z]{4}){5}$/);
    expectSealed(answer, pass);
    expect(answer.first.body).toContain(en('tap.console.created', { expiresAt: '2026-03-01 09:30' }));

    expect(answer.reloaded.body).not.toContain(pass);
    expect(answer.reloaded.body).not.toContain('class="secret"');
    expect(answer.reloaded.body).toContain(en('tap.console.shownOnce', { upn: target.upn }));
    expect(answer.reloaded.body).toContain(
      `<a href="/admin/users/${target.userId}#tap">${en('tap.console.again')}</a>`,
    );

    const events = await eventsOf('Admin registered security info', target.userId);
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain(pass);
    const signedIn = await ctx.server.inject({
      method: 'POST',
      url: '/api/v1/session/temporary-access-pass',
      payload: { username: target.upn, pass },
    });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
  });

  it('creates a user once: the first password shown once, a reload creates nothing and the password works', async () => {
    const admin = await adminWith(['User Administrator'], () => '/admin/users/new');
    const upn = `shown.once@${ctx.domain}`;
    const answer = await postThenReload(admin, '/admin/users/new', { upn });
    const created = await ctx.world.app.services.users.showUser(upn);
    expect(answer.location).toBe(`/admin/users/${created.userId}/created`);

    const password = /id="temporary-password">([^<]+)</.exec(answer.first.body)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(8);
    expectSealed(answer, password);
    expect(answer.first.body).toContain(en('admin.newUser.done', { upn }));

    expect(answer.reloaded.body).not.toContain(password);
    expect(answer.reloaded.body).not.toContain('class="secret"');
    expect(answer.reloaded.body).not.toContain(en('admin.error.USER_EXISTS'));
    expect(answer.reloaded.body).toContain(en('admin.newUser.shownOnce', { upn }));
    expect(answer.reloaded.body).toContain(
      `<a href="/admin/users/${created.userId}#panel-reset">${en('admin.user.reset.submit')}</a>`,
    );

    const events = await eventsOf('Add user', created.userId);
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain(password);
    expect((await signInApi(ctx.server, upn, password)).json()).toMatchObject({ mustChangePassword: true });
  });

  it('keeps the result pages to the roles that may issue the secret', async () => {
    const target = await aUser(ctx.world.app, ctx.domain);
    const reader = await adminWith(['Global Reader'], () => '/account');
    for (const path of ['reset-password', 'temporary-access-pass', 'created'])
      expect((await get(`/admin/users/${target.userId}/${path}`, reader.cookie)).statusCode, path).toBe(403);
  });
});

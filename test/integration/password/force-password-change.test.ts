/**
 * "Change at next sign-in" after an admin reset, as Entra does (forceChangePasswordNextSignIn, default on), on both
 * store dialects: the API session is good only for the change until it is made; the pages send the user to the
 * change form (English and Dutch) and nothing else opens; the admin may opt out. Cleared by the change.
 */
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/core/html.js';
import { translate } from '../../../src/i18n/i18n.js';
import { aPassword, aUser } from '../../support/factories.js';
import { cookiePair, formContext, sessionCookie, signInApi } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

const newPassword = 'Harbour-Lantern-Quay-42';

describe.each(testDialects())('forced password change after an admin reset (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);
  const app = () => ctx.world.app;
  const adminCookie = async () => {
    const admin = await aUser(app(), ctx.domain, { roles: ['Helpdesk Administrator'] });
    return sessionCookie(ctx.server, admin.upn, aPassword);
  };
  const adminReset = async (upn: string, body: object = {}) => {
    const response = await ctx.server.inject({
      method: 'POST',
      url: `/api/v1/admin/users/${encodeURIComponent(upn)}/password`,
      headers: { cookie: await adminCookie() },
      payload: body,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ temporaryPassword: string; forceChangePasswordNextSignIn: boolean }>();
  };
  const get = (cookie: string, url: string) => ctx.server.inject({ method: 'GET', url, headers: { cookie } });

  it('lets the API session do nothing but change the password, then everything again', async () => {
    const user = await aUser(app(), ctx.domain);
    const reset = await adminReset(user.upn);
    expect(reset.forceChangePasswordNextSignIn).toBe(true);
    const signedIn = await signInApi(ctx.server, user.upn, reset.temporaryPassword);
    expect(signedIn.json()).toMatchObject({ mustChangePassword: true });
    const cookie = String(signedIn.headers['set-cookie']).split(';')[0]!;
    expect((await get(cookie, '/api/v1/me')).json()).toMatchObject({ mustChangePassword: true });
    const refused = await get(cookie, '/api/v1/me/methods');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    const changed = await ctx.server.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie },
      payload: { currentPassword: reset.temporaryPassword, newPassword },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await get(cookie, '/api/v1/me/methods')).statusCode).toBe(200);
    expect((await signInApi(ctx.server, user.upn, newPassword)).json()).toMatchObject({ mustChangePassword: false });
    const stored = (await app().store.users.findByUpn(user.tenantId, user.upn))!;
    const [event] = await app().store.audit.list(user.tenantId, { activity: 'Reset user password', limit: 1 });
    expect(event?.details).toMatchObject({ forceChangePasswordNextSignIn: true });
    expect(stored.mustChangePassword ?? false).toBe(false);
  });

  it('sends the signed-in user to the change form, in their language, and opens nothing else until it is done', async () => {
    const user = await aUser(app(), ctx.domain);
    const { temporaryPassword } = await adminReset(user.upn, { password: 'Temporary-Tulip-2026' });
    expect(temporaryPassword).toBeUndefined();
    const signin = await formContext(ctx.server, '/signin');
    const signedIn = await ctx.server.inject({
      method: 'POST',
      url: '/signin',
      headers: { cookie: signin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: signin.token,
        username: user.upn,
        password: 'Temporary-Tulip-2026',
      }).toString(),
    });
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe('/account');
    const cookie = [signin.cookie, String(signedIn.headers['set-cookie']).split(';')[0]].join('; ');
    const account = await get(cookie, '/account');
    expect(account.body).toContain(escapeHtml(translate('en', 'account.forceChange.notice')));
    expect(account.body).not.toContain('href="/account/security-info"');
    expect((await get(cookie, '/account?mkt=nl-NL')).body).toContain(
      escapeHtml(translate('nl', 'account.forceChange.notice')),
    );
    const blocked = await get(cookie, '/account/security-info');
    expect([blocked.statusCode, blocked.headers.location]).toEqual([303, '/account']);
    const token = /name="_csrf" value="([^"]+)"/.exec(account.body)![1]!;
    const changed = await ctx.server.inject({
      method: 'POST',
      url: '/account/password',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: token,
        currentPassword: 'Temporary-Tulip-2026',
        newPassword,
        confirmPassword: newPassword,
      }).toString(),
    });
    // Post/redirect/get: the account page, by GET, says it is done and no longer asks for the change.
    expect([changed.statusCode, changed.headers.location]).toEqual([303, '/account']);
    const flash = cookiePair(changed, 'sspr_flash');
    const after = await get(`${cookie}; ${flash}`, '/account');
    expect(after.statusCode, after.body).toBe(200);
    expect(after.body).toContain(escapeHtml(translate('en', 'account.change.done')));
    expect(after.body).not.toContain(escapeHtml(translate('en', 'account.forceChange.notice')));
    expect((await get(cookie, '/account/security-info')).statusCode).toBe(200);
  });

  it('sends an administrator to the change form before the admin console opens', async () => {
    const reader = await aUser(app(), ctx.domain, { roles: ['Global Reader'] });
    const globalAdmin = await aUser(app(), ctx.domain, { roles: ['Global Administrator'] });
    const reset = await ctx.server.inject({
      method: 'POST',
      url: `/api/v1/admin/users/${encodeURIComponent(reader.upn)}/password`,
      headers: { cookie: await sessionCookie(ctx.server, globalAdmin.upn, aPassword) },
      payload: {},
    });
    expect(reset.statusCode, reset.body).toBe(200);
    const cookie = await sessionCookie(
      ctx.server,
      reader.upn,
      reset.json<{ temporaryPassword: string }>().temporaryPassword,
    );
    const consolePage = await get(cookie, '/admin');
    expect([consolePage.statusCode, consolePage.headers.location]).toEqual([303, '/account']);
    expect((await get(cookie, '/admin/users')).headers.location).toBe('/account');
  });

  it('leaves the password as it is when the admin opts out', async () => {
    const user = await aUser(app(), ctx.domain);
    const reset = await adminReset(user.upn, { forceChangePasswordNextSignIn: false });
    expect(reset.forceChangePasswordNextSignIn).toBe(false);
    const signedIn = await signInApi(ctx.server, user.upn, reset.temporaryPassword);
    expect(signedIn.json()).toMatchObject({ mustChangePassword: false });
    const cookie = String(signedIn.headers['set-cookie']).split(';')[0]!;
    expect((await get(cookie, '/api/v1/me/methods')).statusCode).toBe(200);
  });
});

import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/core/html.js';
import { translate, type MessageKey } from '../../../src/i18n/i18n.js';
import { aPassword, aTenant, aUser } from '../../support/factories.js';
import { cookiePair, formContext, sessionCookie } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

const en = (key: MessageKey, params: Record<string, string | number> = {}) => escapeHtml(translate('en', key, params));

/**
 * The helpdesk acting from the console user page, per role exactly as the admin API allows: a Helpdesk
 * Administrator resets a user's password (temporary password shown once, change forced) but not a
 * Global Administrator's; a Global Reader sees the page and the masked methods but cannot reset.
 */
describe.each(testDialects())('console user actions (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);

  const world = async () => {
    const tenant = await aTenant(ctx.world.app);
    const domain = tenant.domains[0]!;
    const signedIn = async (roles: string[]) => {
      const user = await aUser(ctx.world.app, domain, { roles });
      return { user, cookie: await sessionCookie(ctx.server, user.upn, aPassword) };
    };
    return { domain, signedIn };
  };
  const get = (url: string, cookie: string) => ctx.server.inject({ url, headers: { accept: 'text/html', cookie } });
  const postReset = async (userId: string, cookie: string) => {
    // Any page's token will do (the account page has forms for everyone): the check is the server's.
    const form = await formContext(ctx.server, '/account', cookie);
    return ctx.server.inject({
      method: 'POST',
      url: `/admin/users/${userId}/reset-password`,
      headers: { cookie: form.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: form.token }).toString(),
    });
  };

  it('lets a Helpdesk Administrator reset a user: shown once, forced change, sessions ended, methods masked', async () => {
    const { domain, signedIn } = await world();
    const helpdesk = await signedIn(['Helpdesk Administrator']);
    const target = await aUser(ctx.world.app, domain, { alternateEmail: 'target.home@example.net' });
    const targetSession = await sessionCookie(ctx.server, target.upn, aPassword);

    const page = await get(`/admin/users/${target.userId}`, helpdesk.cookie);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<h2 id="panel-methods">${en('admin.user.methods.title')}</h2>`);
    expect(page.body).toContain(en('account.securityInfo.type.alternateEmail'));
    expect(page.body).not.toContain('target.home@example.net');
    expect(page.body).toContain(`action="/admin/users/${target.userId}/reset-password"`);

    // Post/redirect/get: the password is on the page the post leads to, carried there by the sealed flash.
    const reset = await postReset(target.userId, helpdesk.cookie);
    expect(reset.statusCode, reset.body).toBe(303);
    expect(reset.headers.location).toBe(`/admin/users/${target.userId}/reset-password`);
    const shown = await get(reset.headers.location as string, `${helpdesk.cookie}; ${cookiePair(reset, 'sspr_flash')}`);
    expect(shown.headers['cache-control']).toContain('no-store');
    const temporary = /<code class="secret" id="temporary-password">([^<]+)<\/code>/.exec(shown.body)?.[1];
    expect(temporary).toBeDefined();
    expect(shown.body).toContain(en('admin.user.reset.forced'));
    // Shown once: the user page never shows it again.
    expect((await get(`/admin/users/${target.userId}`, helpdesk.cookie)).body).not.toContain(temporary!);

    const stored = await ctx.world.app.store.users.findById(target.tenantId, target.userId);
    expect(stored?.mustChangePassword).toBe(true);
    // The old session ended; the temporary password signs in (and leads to the change form).
    expect((await get('/account', targetSession)).statusCode).toBe(303);
    await expect(sessionCookie(ctx.server, target.upn, temporary!)).resolves.toContain('sspr_session=');
  });

  it("refuses a Helpdesk Administrator a Global Administrator's reset, and a Global Reader any reset", async () => {
    const { domain, signedIn } = await world();
    const helpdesk = await signedIn(['Helpdesk Administrator']);
    const global = await aUser(ctx.world.app, domain, { roles: ['Global Administrator'] });
    const before = await ctx.world.app.store.users.findById(global.tenantId, global.userId);

    const page = await get(`/admin/users/${global.userId}`, helpdesk.cookie);
    expect(page.body).toContain(en('admin.user.reset.notAllowed'));
    expect(page.body).not.toContain('/reset-password"');
    // The server refuses even when the form is posted anyway (the page only hides it).
    const refused = await postReset(global.userId, helpdesk.cookie);
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toBe(`/admin/users/${global.userId}?error=TARGET_TOO_PRIVILEGED`);
    expect((await get(refused.headers.location as string, helpdesk.cookie)).body).toContain(
      en('admin.error.TARGET_TOO_PRIVILEGED'),
    );
    const after = await ctx.world.app.store.users.findById(global.tenantId, global.userId);
    expect(after?.passwordHash).toBe(before?.passwordHash);

    const reader = await signedIn(['Global Reader']);
    const plain = await aUser(ctx.world.app, domain);
    expect((await get(`/admin/users/${plain.userId}`, reader.cookie)).body).toContain(
      en('admin.user.reset.notAllowed'),
    );
    expect((await postReset(plain.userId, reader.cookie)).statusCode).toBe(403);

    // Without the CSRF token nothing happens.
    const noToken = await ctx.server.inject({
      method: 'POST',
      url: `/admin/users/${plain.userId}/reset-password`,
      headers: { cookie: helpdesk.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(noToken.statusCode).toBe(403);
  });
});

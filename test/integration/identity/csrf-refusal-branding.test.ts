/**
 * A form post refused by the CSRF check (a missing, expired or forged `_csrf`) answers before the page's own hooks
 * run — before the session check that knows the user's tenant. Its page must still look like the page the user came
 * from: the signed-in user's tenant branding, in the page's language, with a way back; and the refusal changes
 * nothing. An anonymous post (a forged session cookie included) gets no more than the product's own look, unless
 * it carries a domain hint the sign-in pages already honour.
 */
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { translate } from '../../../src/i18n/i18n.js';
import { aPassword, aTenant, aUser } from '../../support/factories.js';
import { cookiePair, formContext, signInApi } from '../../support/http.js';
import { brandingOf, fabrikamLook } from '../../support/pages.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

const productLook = { accent: null, brand: `<span class="brand">${translate('en', 'site.name')}</span>` };

describe.each(testDialects())('a refused CSRF token on a portal page keeps the page’s branding (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { tenantName: 'Contoso' });

  const aBrandedTenant = async () => {
    const tenant = await aTenant(ctx.world.app, { name: 'Fabrikam' });
    await ctx.world.app.services.branding.update(
      tenant.tenantId,
      { displayName: 'Fabrikam Portal', accentColour: '#8a1c7c' },
      { type: 'cli', id: null, upn: null },
    );
    // The change-password page, not the registration interrupt, is what these users see after signing in.
    await ctx.world.app.services.ssprPolicy.update(
      tenant.tenantId,
      { requireRegistration: false },
      { type: 'cli', id: null, upn: null },
    );
    return tenant;
  };

  const post = (url: string, cookie: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    ctx.server.inject({
      method: 'POST',
      url,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...headers },
      payload: new URLSearchParams(fields).toString(),
    });

  /** A signed-in browser on /account: its session and CSRF cookies, and the page it was shown. */
  const signedInOn = async (upn: string) => {
    const session = cookiePair(await signInApi(ctx.server, upn, aPassword), 'sspr_session');
    expect(session).toBeDefined();
    const form = await formContext(ctx.server, '/account', session);
    expect(brandingOf(form.page)).toEqual(fabrikamLook);
    return form;
  };

  /** What every CSRF refusal keeps: 403, the stable code, the page's message and a link back to its page. */
  const expectRefusal = (page: LightMyRequestResponse, locale: 'en' | 'nl', back: string) => {
    expect(page.statusCode, page.body).toBe(403);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['set-cookie'] ?? '').not.toContain('sspr_session=');
    expect(page.body).toContain(`<html lang="${locale}">`);
    expect(page.body).toContain(translate(locale, 'portal.error.CSRF_INVALID.title'));
    expect(page.body).toContain('CSRF_INVALID');
    expect(page.body).toContain(`<a class="button" href="${back}">`);
  };

  it('shows the signed-in user’s tenant look, in English and Dutch, and changes nothing', async () => {
    const tenant = await aBrandedTenant();
    const user = await aUser(ctx.world.app, tenant.domains[0]!);
    const { cookie, token } = await signedInOn(user.upn);
    const change = {
      currentPassword: aPassword,
      newPassword: 'Harbour-Lantern-91',
      confirmPassword: 'Harbour-Lantern-91',
    };

    const forged = await post('/account/password', cookie, { ...change, _csrf: 'forged' });
    expectRefusal(forged, 'en', '/account');
    expect(brandingOf(forged)).toEqual(fabrikamLook);

    const missing = await post('/account/password?mkt=nl-NL', cookie, change);
    expectRefusal(missing, 'nl', '/account?mkt=nl-NL');
    expect(brandingOf(missing)).toEqual(fabrikamLook);

    // Signing out with a token from another browser (no CSRF cookie at all): refused, branded, still signed in.
    const session = cookie.split('; ').find((c) => c.startsWith('sspr_session='))!;
    const signOut = await post('/signout', session, { _csrf: token }, { 'accept-language': 'nl-NL,nl;q=0.9' });
    expectRefusal(signOut, 'nl', '/signin');
    expect(brandingOf(signOut)).toEqual(fabrikamLook);

    // Nothing was done: the old password still signs in and the session is alive.
    expect((await signInApi(ctx.server, user.upn, aPassword)).statusCode).toBe(200);
    expect((await ctx.server.inject({ url: '/account', headers: { cookie, accept: 'text/html' } })).statusCode).toBe(
      200,
    );
  });

  it('does not count the refused post as the session’s activity', async () => {
    const tenant = await aBrandedTenant();
    const user = await aUser(ctx.world.app, tenant.domains[0]!);
    const { cookie } = await signedInOn(user.upn);
    ctx.world.clock.advance(20 * 60);
    expect(brandingOf(await post('/account/password', cookie, { _csrf: 'forged' }))).toEqual(fabrikamLook);
    // 31 minutes after the last page the user really used: past the 30-minute idle limit, signed out.
    ctx.world.clock.advance(11 * 60);
    const after = await ctx.server.inject({ url: '/account', headers: { cookie, accept: 'text/html' } });
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toBe('/signin');
  });

  it('shows the product’s own look to an anonymous post, even with a forged session cookie of the tenant', async () => {
    const tenant = await aBrandedTenant();
    const { cookie } = await formContext(ctx.server, '/signin');
    const plain = await post('/signin', cookie, { _csrf: 'forged', password: 'anything' });
    expectRefusal(plain, 'en', '/signin');
    expect(brandingOf(plain)).toEqual(productLook);

    const fake = `sspr_session=${tenant.tenantId}.AAAAAAAAAAAAAAAAAAAAAA`;
    const forgedSession = await post('/account/password', `${cookie}; ${fake}`, { _csrf: 'forged' });
    expectRefusal(forgedSession, 'en', '/account');
    expect(brandingOf(forgedSession)).toEqual(productLook);
  });

  it('shows the look a domain hint names on the sign-in form, as a refused sign-in does', async () => {
    const tenant = await aBrandedTenant();
    const { cookie } = await formContext(ctx.server, '/signin');
    const typed = await post('/signin?mkt=nl-NL', cookie, {
      _csrf: 'forged',
      username: `nobody@${tenant.domains[0]!}`,
      password: 'anything',
    });
    expectRefusal(typed, 'nl', '/signin?mkt=nl-NL');
    expect(brandingOf(typed)).toEqual(fabrikamLook);

    const hinted = await post(`/signin?whr=${tenant.domains[0]!}`, cookie, { _csrf: 'forged' });
    expectRefusal(hinted, 'en', `/signin?whr=${tenant.domains[0]!}`);
    expect(brandingOf(hinted)).toEqual(fabrikamLook);

    const unknown = await post('/signin', cookie, { _csrf: 'forged', username: 'someone@unknown-domain.example' });
    expect(brandingOf(unknown)).toEqual(productLook);
  });

  it('keeps the admin console’s own look for its refused posts', async () => {
    const tenant = await aBrandedTenant();
    const admin = await aUser(ctx.world.app, tenant.domains[0]!, { roles: ['Global Administrator'] });
    const { cookie } = await signedInOn(admin.upn);
    const refused = await post('/admin/groups', cookie, { _csrf: 'forged', name: 'Sales' });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('CSRF_INVALID');
    expect(brandingOf(refused)).toEqual(productLook);
  });
});

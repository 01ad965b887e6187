/**
 * Company branding beyond the start pages (issue 14 item 5): every step of the reset wizard shows the typed domain's
 * tenant look — for a real user and, identically, for an unknown user ID of the same domain (the look must tell
 * nobody whether the user exists) — and the signed-in security-info and change-password pages show the user's own.
 */
import { describe, expect, it } from 'vitest';
import { translate } from '../../../src/i18n/i18n.js';
import { aPassword, aTenant, aUser } from '../../support/factories.js';
import { signInApi } from '../../support/http.js';
import { brandingOf, codeSentTo, fabrikamLook } from '../../support/pages.js';
import { testDialects } from '../../support/postgres.js';
import { csrfOf, methodIdFor, resetBrowser } from '../../support/reset-pages.js';
import { useHttpWorld } from '../../support/world.js';

describe.each(testDialects())('branding on every reset step and signed-in page (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, {
    tenantName: 'Contoso',
    env: { SSPR_CAPTCHA_DIFFICULTY: '2000', SSPR_RESET_RATE_LIMIT: '100000' },
  });

  const aBrandedTenant = async () => {
    const tenant = await aTenant(ctx.world.app, { name: 'Fabrikam' });
    await ctx.world.app.services.licensing.setSubscription(tenant.tenantId, 'AAD_PREMIUM_P1', 5, 'add');
    await ctx.world.app.services.branding.update(
      tenant.tenantId,
      { displayName: 'Fabrikam Portal', accentColour: '#8a1c7c' },
      { type: 'cli', id: null, upn: null },
    );
    return tenant;
  };

  /** Start → flow (intent) → reset → methods → email code asked → code page: the pages both kinds of flow reach. */
  const walk = async (upn: string) => {
    const browser = resetBrowser(() => ctx.server);
    const start = await browser.get('/passwordreset');
    const started = await browser.post('/passwordreset', {
      _csrf: csrfOf(start),
      username: upn,
      captcha: await browser.solveCaptcha(),
    });
    expect(started.statusCode, started.body).toBe(303);
    const intent = await browser.get('/passwordreset/flow');
    await browser.post('/passwordreset/intent', { _csrf: csrfOf(intent), intent: 'reset' });
    const methods = await browser.get('/passwordreset/flow');
    const challenged = await browser.post('/passwordreset/challenge', {
      _csrf: csrfOf(methods),
      // A decoy's methods are its own (deterministic per user ID): it asks for its first one, whatever it is.
      methodId: methods.body.includes(`>${translate('en', 'reset.method.email')}</h3>`)
        ? methodIdFor(methods, translate('en', 'reset.method.email'))
        : /name="methodId" value="([^"]+)"/.exec(methods.body)![1]!,
    });
    expect(challenged.statusCode).toBe(303);
    const code = await browser.get('/passwordreset/flow');
    const tryAgain = await browser.get('/passwordreset/methods');
    // A refused CSRF token inside the flow: the localised error page, in the tab's look.
    const csrfError = await browser.post('/passwordreset/intent', { _csrf: 'forged', intent: 'reset' });
    return { browser, pages: { intent, methods, code, tryAgain, csrfError } };
  };

  it('brands each step alike for a real user and an unknown user ID of the same domain, and the result', async () => {
    const tenant = await aBrandedTenant();
    const alternateEmail = `adele.${Math.random().toString(36).slice(2)}@home.example`;
    const user = await aUser(ctx.world.app, tenant.domains[0]!, { alternateEmail });
    const { user: stored } = await ctx.world.app.services.users.findUserWithTenant(user.upn);
    await ctx.world.app.services.licensing.assignToUser(stored, 'AAD_PREMIUM_P1', 'NL');

    const real = await walk(user.upn);
    const decoy = await walk(`nobody.${Math.random().toString(36).slice(2)}@${tenant.domains[0]!}`);
    for (const [step, page] of Object.entries(real.pages)) {
      expect(brandingOf(page), step).toEqual(fabrikamLook);
      expect(brandingOf(decoy.pages[step as keyof typeof decoy.pages]), step).toEqual(brandingOf(page));
    }

    // The real user goes on: the new password page and the result page keep the look.
    const code = await codeSentTo(ctx.world.app, tenant.tenantId, alternateEmail);
    const verified = await real.browser.post('/passwordreset/verify', {
      _csrf: csrfOf(real.pages.code),
      methodId: methodIdFor(real.pages.methods, translate('en', 'reset.method.email')),
      code,
    });
    expect(verified.statusCode).toBe(303);
    const password = await real.browser.get('/passwordreset/flow');
    expect(password.body).toContain('id="newPassword"');
    expect(brandingOf(password)).toEqual(fabrikamLook);
    const finished = await real.browser.post('/passwordreset/password', {
      _csrf: csrfOf(password),
      newPassword: 'Brand-New-Passphrase-77',
      confirmPassword: 'Brand-New-Passphrase-77',
    });
    expect(finished.statusCode).toBe(303);
    const done = await real.browser.get('/passwordreset/done');
    expect(done.body).toContain(translate('en', 'reset.done.reset'));
    expect(brandingOf(done)).toEqual(fabrikamLook);
  });

  it("shows the product's own look for a domain no tenant has, on every step", async () => {
    const { pages } = await walk('someone@unknown-domain.example');
    for (const [step, page] of Object.entries(pages))
      expect(brandingOf(page), step).toEqual({ accent: null, brand: expect.not.stringContaining('Fabrikam') });
  });

  it('brands the signed-in security-info and change-password pages with the user’s tenant', async () => {
    const tenant = await aBrandedTenant();
    const user = await aUser(ctx.world.app, tenant.domains[0]!);
    const session = await signInApi(ctx.server, user.upn, aPassword);
    expect(session.statusCode).toBe(200);
    const cookie = String(session.headers['set-cookie'])
      .split(/,(?=\s*\w+=)/)
      .map((c) => c.split(';')[0]!.trim())
      .join('; ');
    for (const url of ['/account', '/account/security-info']) {
      const page = await ctx.server.inject({ url, headers: { cookie } });
      expect(page.statusCode, url).toBe(200);
      expect(brandingOf(page), url).toEqual(fabrikamLook);
    }
    // Another tenant's user sees the product's own look.
    const other = await aUser(ctx.world.app, ctx.domain);
    const otherCookie = String((await signInApi(ctx.server, other.upn, aPassword)).headers['set-cookie']).split(
      ';',
    )[0]!;
    const plain = await ctx.server.inject({ url: '/account/security-info', headers: { cookie: otherCookie } });
    expect(brandingOf(plain).accent).toBeNull();
  });
});

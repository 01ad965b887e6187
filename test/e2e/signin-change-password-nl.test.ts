import { describe, expect, it } from 'vitest';
import { translate, type MessageKey } from '../../src/i18n/i18n.js';
import { expectChromium, phone, useBrowserWorld } from '../support/browser.js';
import { aPassword, aUser } from '../support/factories.js';

/**
 * A real Chromium, with JavaScript switched off and a phone-sized viewport, walks the Dutch portal:
 * sign in, a refused and an accepted password change, sign out, sign in with the new password.
 * The integration tests cover the same routes through inject(); only a browser proves that the
 * forms, labels, cookies, CSRF tokens, redirects and CSP fit together as a user meets them.
 */
const newPassword = 'Nieuw-Wachtwoord-2026';
const nl = (key: MessageKey, params: Record<string, string | number> = {}) => translate('nl', key, params);

describe('Dutch portal in a real browser without JavaScript', () => {
  let upn: string;
  const e2e = useBrowserWorld(async (app, tenant) => {
    // This walk is about the password change; the registration interrupt has its own browser test.
    await app.services.ssprPolicy.update(
      tenant.tenantId,
      { requireRegistration: false },
      { type: 'cli', id: null, upn: null },
    );
    // A long UPN: the account page must still fit a phone screen.
    upn = (await aUser(app, tenant.domains[0]!, { local: 'adele.vance.afdeling.financien.hoofdkantoor' })).upn;
  });
  const { submit, expectNoHorizontalScroll } = e2e;

  const heading = async () => (await e2e.page.getByRole('heading', { level: 1 }).textContent())?.trim();

  const signIn = async (password: string) => {
    const { page } = e2e;
    await page.getByLabel(nl('signin.username')).fill(upn);
    await page.getByLabel(nl('signin.password'), { exact: true }).fill(password);
    return submit(nl('signin.submit'));
  };

  const changePassword = async (current: string, next: string, confirm: string) => {
    const { page } = e2e;
    await page.getByLabel(nl('account.change.current'), { exact: true }).fill(current);
    await page.getByLabel(nl('account.change.new'), { exact: true }).fill(next);
    await page.getByLabel(nl('account.change.confirm'), { exact: true }).fill(confirm);
    return submit(nl('account.change.submit'));
  };

  const alertText = async () => (await e2e.page.getByRole('alert').textContent())?.trim();

  it('signs in, changes the password, signs out and back in with the new one', async () => {
    expectChromium();
    const { page } = e2e;
    const opened = await page.goto(`${e2e.baseUrl}/signin?mkt=nl-NL`);
    expect(opened?.status()).toBe(200);
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    expect(await heading()).toBe('Aanmelden');
    // The stylesheet must load under the CSP, or the phone check below would be meaningless.
    expect(await page.evaluate<string>("getComputedStyle(document.querySelector('header')).display")).toBe('flex');
    await expectNoHorizontalScroll();

    expect(await signIn(aPassword)).toBe(303);
    expect(new URL(page.url()).pathname).toBe('/account');
    expect(await heading()).toBe('Mijn account');
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    await expectNoHorizontalScroll();

    // Too short (and too simple): refused with the policy's Dutch wording, announced as an alert.
    // Every post answers with a redirect (post/redirect/get), refused ones too.
    expect(await changePassword(aPassword, 'kort', 'kort')).toBe(303);
    expect(await heading()).toBe('Mijn account');
    const violations = await alertText();
    expect(violations).toContain(nl('violation.PASSWORD_TOO_SHORT', { minLength: 8 }));
    expect(violations).toContain(nl('violation.PASSWORD_INSUFFICIENT_COMPLEXITY', { requiredClasses: 3 }));
    // Without JavaScript, keyboard and screen-reader users land on the error summary.
    expect(await page.evaluate<string | null>("document.activeElement?.getAttribute('role') ?? null")).toBe('alert');
    await expectNoHorizontalScroll();

    // A typo in the confirmation is caught before the policy runs.
    expect(await changePassword(aPassword, newPassword, `${newPassword}x`)).toBe(303);
    expect(await alertText()).toBe(nl('account.change.mismatch'));

    expect(await changePassword(aPassword, newPassword, newPassword)).toBe(303);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect((await page.getByRole('status').textContent())?.trim()).toBe(nl('account.change.done'));
    await expectNoHorizontalScroll();

    expect(await submit('Afmelden')).toBe(303);
    expect(new URL(page.url()).pathname).toBe('/signin');
    expect(await heading()).toBe('Aanmelden');
    expect((await page.getByRole('status').textContent())?.trim()).toBe(nl('signin.signedOut'));

    // The old password is dead; the refusal keeps the username and speaks Dutch.
    expect(await signIn(aPassword)).toBe(303);
    expect(await alertText()).toBe(
      nl('signin.error.INVALID_CREDENTIALS', { link: nl('signin.error.INVALID_CREDENTIALS.reset') }),
    );
    // "stel het dan nu opnieuw in" leads to the reset, in Dutch.
    const reset = page.getByRole('alert').getByRole('link', { name: nl('signin.error.INVALID_CREDENTIALS.reset') });
    expect(await reset.getAttribute('href')).toBe('/passwordreset?mkt=nl-NL');
    expect(await page.getByLabel(nl('signin.username')).inputValue()).toBe(upn);
    await expectNoHorizontalScroll();

    expect(await signIn(newPassword)).toBe(303);
    expect(new URL(page.url()).pathname).toBe('/account');
    expect(await heading()).toBe('Mijn account');
  });
  it('with JavaScript, marks the password rules as the user types (the server still decides)', async () => {
    expectChromium();
    const context = await e2e.browser.newContext({ javaScriptEnabled: true, viewport: phone });
    const live = await context.newPage();
    await live.goto(`${e2e.baseUrl}/signin?mkt=nl-NL`);
    await live.getByLabel(nl('signin.username')).fill(upn);
    await live.getByLabel(nl('signin.password'), { exact: true }).fill(newPassword);
    await Promise.all([
      live.waitForURL(/\/account/),
      live.getByRole('button', { name: nl('signin.submit'), exact: true }).click(),
    ]);
    const met = (rule: string) => live.locator(`#password-rules [data-rule="${rule}"]`).getAttribute('data-met');
    await live.getByLabel(nl('account.change.new'), { exact: true }).fill('kort');
    expect([await met('length'), await met('classes')]).toEqual(['no', 'no']);
    await live.getByLabel(nl('account.change.new'), { exact: true }).fill('Lang-Genoeg-2026');
    await live.getByLabel(nl('account.change.confirm'), { exact: true }).fill('Lang-Genoeg-2026');
    expect([await met('length'), await met('characters'), await met('classes'), await met('match')]).toEqual([
      'yes',
      'yes',
      'yes',
      'yes',
    ]);
    await context.close();
  });
});

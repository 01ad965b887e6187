import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { translate, type MessageKey } from '../../src/i18n/i18n.js';
import { aPassword, aTenant, aUser } from '../support/factories.js';
import { freeLoopbackPort } from '../support/net.js';

/**
 * A real Chromium, with JavaScript switched off and a phone-sized viewport, walks the Dutch portal:
 * sign in, a refused and an accepted password change, sign out, sign in with the new password.
 * The integration tests cover the same routes through inject(); only a browser proves that the
 * forms, labels, cookies, CSRF tokens, redirects and CSP fit together as a user meets them.
 */
const chromiumPath = '/usr/bin/chromium';
const phone = { width: 375, height: 812 };
const newPassword = 'Nieuw-Wachtwoord-2026';
const nl = (key: MessageKey, params: Record<string, string | number> = {}) => translate('nl', key, params);

describe('Dutch portal in a real browser without JavaScript', () => {
  let app: App | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let baseUrl: string;
  let upn: string;

  beforeAll(async () => {
    // A missing browser is a broken machine, not a reason to skip. A throw here would make vitest
    // report the test as "skipped", so the test itself fails instead (see its first line).
    if (!existsSync(chromiumPath)) return;
    const port = await freeLoopbackPort();
    baseUrl = `http://127.0.0.1:${port}`;
    const loaded = loadConfig({
      SSPR_DATABASE_URL: 'sqlite::memory:',
      SSPR_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123456',
      SSPR_PUBLIC_URL: baseUrl,
      SSPR_PORT: String(port),
      SSPR_LOG_LEVEL: 'silent',
      // Several sign-ins from one address within a minute must not trip the limiter.
      SSPR_SIGNIN_RATE_LIMIT: '1000',
    });
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    app = await createApp(loaded.config, { logger: false });
    const tenant = await aTenant(app);
    // This walk is about the password change; the registration interrupt has its own browser test.
    await app.services.ssprPolicy.update(tenant.tenantId, { requireRegistration: false }, { type: 'cli', id: null, upn: null });
    // A long UPN: the account page must still fit a phone screen.
    upn = (await aUser(app, tenant.domains[0]!, { local: 'adele.vance.afdeling.financien.hoofdkantoor' })).upn;
    const server = await app.http();
    await server.listen({ host: '127.0.0.1', port });

    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      // No sandbox: CI runs as root in a container. The rest keeps Chromium from calling home.
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({
      // The portal promises to work without JavaScript (DESIGN §7), so the browser runs none.
      javaScriptEnabled: false,
      viewport: phone,
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
      // Dutch must come from ?mkt=, not from the browser's language.
      locale: 'en-US',
    });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Clicks a submit button and waits for the next document, returning the status of the POST itself. */
  const submit = async (name: string) => {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.waitForEvent('load'),
      page.getByRole('button', { name, exact: true }).click(),
    ]);
    return response.status();
  };

  const heading = async () => (await page.getByRole('heading', { level: 1 }).textContent())?.trim();

  /**
   * A phone must never need sideways scrolling; checked on every page we reach. Mobile Chromium
   * widens the layout viewport to fit content that is too wide, so innerWidth is checked too.
   */
  const expectNoHorizontalScroll = async () => {
    const size = await page.evaluate<{ scrollWidth: number; innerWidth: number }>(
      '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })',
    );
    expect(size.innerWidth, `page wider than the phone on ${page.url()}`).toBe(phone.width);
    expect(size.scrollWidth, `horizontal scroll on ${page.url()}`).toBeLessThanOrEqual(size.innerWidth);
  };

  const signIn = async (password: string) => {
    await page.getByLabel(nl('signin.username')).fill(upn);
    await page.getByLabel(nl('signin.password'), { exact: true }).fill(password);
    return submit(nl('signin.submit'));
  };

  const changePassword = async (current: string, next: string, confirm: string) => {
    await page.getByLabel(nl('account.change.current'), { exact: true }).fill(current);
    await page.getByLabel(nl('account.change.new'), { exact: true }).fill(next);
    await page.getByLabel(nl('account.change.confirm'), { exact: true }).fill(confirm);
    return submit(nl('account.change.submit'));
  };

  const alertText = async () => (await page.getByRole('alert').textContent())?.trim();

  it('signs in, changes the password, signs out and back in with the new one', async () => {
    expect(existsSync(chromiumPath), `${chromiumPath} is missing; .ci/run installs it (apt-get install chromium). Never use \`npx playwright install\`.`).toBe(true);
    const opened = await page.goto(`${baseUrl}/signin?mkt=nl-NL`);
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
    expect(await changePassword(aPassword, 'kort', 'kort')).toBe(400);
    expect(await heading()).toBe('Mijn account');
    const violations = await alertText();
    expect(violations).toContain(nl('violation.PASSWORD_TOO_SHORT', { minLength: 8 }));
    expect(violations).toContain(nl('violation.PASSWORD_INSUFFICIENT_COMPLEXITY', { requiredClasses: 3 }));
    // Without JavaScript, keyboard and screen-reader users land on the error summary.
    expect(await page.evaluate<string | null>("document.activeElement?.getAttribute('role') ?? null")).toBe('alert');
    await expectNoHorizontalScroll();

    // A typo in the confirmation is caught before the policy runs.
    expect(await changePassword(aPassword, newPassword, `${newPassword}x`)).toBe(400);
    expect(await alertText()).toBe(nl('account.change.mismatch'));

    expect(await changePassword(aPassword, newPassword, newPassword)).toBe(200);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect((await page.getByRole('status').textContent())?.trim()).toBe(nl('account.change.done'));
    await expectNoHorizontalScroll();

    expect(await submit('Afmelden')).toBe(303);
    expect(new URL(page.url()).pathname).toBe('/signin');
    expect(await heading()).toBe('Aanmelden');
    expect((await page.getByRole('status').textContent())?.trim()).toBe(nl('signin.signedOut'));

    // The old password is dead; the refusal keeps the username and speaks Dutch.
    expect(await signIn(aPassword)).toBe(401);
    expect(await alertText()).toBe(nl('signin.error.INVALID_CREDENTIALS'));
    expect(await page.getByLabel(nl('signin.username')).inputValue()).toBe(upn);
    await expectNoHorizontalScroll();

    expect(await signIn(newPassword)).toBe(303);
    expect(new URL(page.url()).pathname).toBe('/account');
    expect(await heading()).toBe('Mijn account');
  });
  it('with JavaScript, marks the password rules as the user types (the server still decides)', async () => {
    expect(existsSync(chromiumPath)).toBe(true);
    const context = await browser!.newContext({ javaScriptEnabled: true, viewport: phone });
    const live = await context.newPage();
    await live.goto(`${baseUrl}/signin?mkt=nl-NL`);
    await live.getByLabel(nl('signin.username')).fill(upn);
    await live.getByLabel(nl('signin.password'), { exact: true }).fill(newPassword);
    await Promise.all([live.waitForURL(/\/account/), live.getByRole('button', { name: nl('signin.submit'), exact: true }).click()]);
    const met = (rule: string) => live.locator(`#password-rules [data-rule="${rule}"]`).getAttribute('data-met');
    await live.getByLabel(nl('account.change.new'), { exact: true }).fill('kort');
    expect([await met('length'), await met('classes')]).toEqual(['no', 'no']);
    await live.getByLabel(nl('account.change.new'), { exact: true }).fill('Lang-Genoeg-2026');
    await live.getByLabel(nl('account.change.confirm'), { exact: true }).fill('Lang-Genoeg-2026');
    expect([await met('length'), await met('characters'), await met('classes'), await met('match')]).toEqual(['yes', 'yes', 'yes', 'yes']);
    await context.close();
  });
});

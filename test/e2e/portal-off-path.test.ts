import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { maskEmail } from '../../src/core/methods/masking.js';
import type { Tenant } from '../../src/core/model.js';
import { translate, type Locale, type MessageKey } from '../../src/i18n/i18n.js';
import { seriousAxeFindings } from '../support/axe.js';
import { expectChromium, useBrowserWorld, type BrowserWorld } from '../support/browser.js';
import { aPassword } from '../support/factories.js';
import { aResetUser, solveCaptcha } from '../support/reset.js';
import { lastCodeTo } from '../support/security-info.js';

/**
 * The portal off the happy path (issue 14) in a real Chromium at 390 px, with JavaScript off (English)
 * and on (Dutch): every failed post lands on a page reached by GET (Back and reload never resubmit),
 * field errors sit at their inputs, two tabs keep two flows, the result page survives a reload, a
 * 10,000-character value comes back as a message at the field, and axe finds nothing serious.
 */
const width390 = { width: 390, height: 844 };
const newPassword = 'Lantern-Harbour-Quiet-2026';
const fullWidth = (digits: string) => [...digits].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');

const variants = [
  { js: false, locale: 'en' as Locale, mkt: '' },
  { js: true, locale: 'nl' as Locale, mkt: 'mkt=nl-NL' },
];

interface Seeded {
  tenant: Tenant;
  upn: string;
  alternateEmail: string;
  blockedUpn: string;
}

const seeded = {} as Seeded;
const seed = async (app: BrowserWorld['app'], tenant: Tenant) => {
  await app.services.ssprPolicy.update(tenant.tenantId, { requireRegistration: false }, cli);
  seeded.tenant = tenant;
};
const cli = { type: 'cli' as const, id: null, upn: null };

describe('the portal off the happy path, in a real browser', () => {
  const world = useBrowserWorld(seed, { SSPR_CAPTCHA_DIFFICULTY: '3000', SSPR_RESET_RATE_LIMIT: '1000' });

  const openTab = async (context: BrowserContext) => {
    const page = await context.newPage();
    return page;
  };
  const contextFor = (js: boolean) =>
    world.browser.newContext({
      javaScriptEnabled: js,
      viewport: width390,
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
      locale: 'en-US',
    });
  const url = (path: string, mkt: string) => `${world.baseUrl}${path}${mkt ? `?${mkt}` : ''}`;

  /** Clicks a submit button; returns the POST's status and the status of the page it led to (reached by GET). */
  const submit = async (page: Page, name: string) => {
    const posts: number[] = [];
    const onResponse = (r: { request(): { method(): string; isNavigationRequest(): boolean }; status(): number }) => {
      if (r.request().method() === 'POST' && r.request().isNavigationRequest()) posts.push(r.status());
    };
    page.on('response', onResponse);
    const [landed] = await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.getByRole('button', { name, exact: true }).click(),
    ]);
    page.off('response', onResponse);
    expect(landed?.request().method(), `the page after posting "${name}" must be reached by GET`).toBe('GET');
    return { post: posts[0], status: landed?.status() };
  };

  /** The proof of work: solved by the page's own script with JavaScript on, by the test (as the script would) without. */
  const solveCheck = async (page: Page, js: boolean, locale: Locale) => {
    if (js) {
      await page
        .getByRole('status')
        .filter({ hasText: translate(locale, 'reset.captcha.done') })
        .waitFor({ timeout: 30_000 });
      return;
    }
    const solution = await solveCaptcha(await world.app.http());
    await page.evaluate(`document.getElementById('captcha').value = ${JSON.stringify(solution)}`);
  };

  const expectNoAxeFindings = async (page: Page) =>
    expect(await seriousAxeFindings(page), `axe on ${page.url()}`).toEqual([]);

  const expectFits = async (page: Page) => {
    const size = await page.evaluate<{ scrollWidth: number; innerWidth: number }>(
      '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })',
    );
    expect(size.scrollWidth, `horizontal scroll on ${page.url()}`).toBeLessThanOrEqual(size.innerWidth);
  };

  for (const { js, locale, mkt } of variants) {
    const t = (key: MessageKey, params: Record<string, string | number> = {}) => translate(locale, key, params);

    it(`keeps state through refusals, tabs and reloads (JavaScript ${js ? 'on' : 'off'}, ${locale})`, async () => {
      expectChromium();
      const app = world.app;
      const user = await aResetUser(app, seeded.tenant);
      const other = await aResetUser(app, seeded.tenant);
      const context = await contextFor(js);
      try {
        const page = await openTab(context);
        await page.goto(url('/passwordreset', mkt));
        await expectNoAxeFindings(page);

        // An empty user ID: the message at the field, on a page reached by GET; a reload shows the form fresh.
        await solveCheck(page, js, locale);
        const empty = await submit(page, t('reset.next'));
        expect([empty.post, empty.status]).toEqual([303, 400]);
        const username = page.locator('#username');
        expect(await username.getAttribute('aria-invalid')).toBe('true');
        expect(await username.getAttribute('aria-describedby')).toBe('username-hint username-error');
        expect((await page.locator('#username-error').textContent())?.trim()).toBe(t('reset.start.missing'));
        await expectNoAxeFindings(page);
        await expectFits(page);
        const reloaded = await page.reload();
        expect(reloaded?.request().method()).toBe('GET');
        expect(await page.locator('#username-error').count()).toBe(0);

        // 10,000 characters (past the input's maxlength, as a script or an old browser may send): the form again.
        expect(await username.getAttribute('maxlength')).toBe('256');
        await page.evaluate(`document.getElementById('username').removeAttribute('maxlength')`);
        await username.fill(`${'a'.repeat(10_000)}@x.example`);
        await solveCheck(page, js, locale);
        const long = await submit(page, t('reset.next'));
        expect([long.post, long.status]).toEqual([303, 400]);
        expect((await page.locator('#username-error').textContent())?.trim()).toBe(
          t('portal.field.tooLong', { max: 256 }),
        );
        await expectFits(page);

        // The real start: every step names the account, masked.
        await username.fill(user.upn);
        await solveCheck(page, js, locale);
        expect((await submit(page, t('reset.next'))).post).toBe(303);
        const accountLine = t('portal.account.reset', { account: maskEmail(user.upn) });
        expect((await page.locator('.account').textContent())?.trim()).toBe(accountLine);
        await expectNoAxeFindings(page);

        // A second tab starts a reset for someone else; the first tab keeps its own flow.
        const second = await openTab(context);
        await second.goto(url('/passwordreset', mkt));
        await second.locator('#username').fill(other.upn);
        await solveCheck(second, js, locale);
        expect((await submit(second, t('reset.next'))).post).toBe(303);
        expect((await second.locator('.account').textContent())?.trim()).toBe(
          t('portal.account.reset', { account: maskEmail(other.upn) }),
        );
        await second.close();

        expect((await submit(page, t('reset.next'))).post).toBe(303);
        expect((await page.locator('.account').textContent())?.trim()).toBe(accountLine);
        await expectNoAxeFindings(page);
        expect((await submit(page, t('reset.action.email'))).post).toBe(303);

        // Delivered now, so the second code's message is the newer one in the outbox (they would share a millisecond).
        await lastCodeTo(app, user.alternateEmail!);
        // A second "Email my code" within the code's life says the earlier code no longer works.
        await Promise.all([
          page.waitForNavigation(),
          page.getByRole('link', { name: t('reset.retry.tryAgain') }).click(),
        ]);
        expect((await submit(page, t('reset.action.email'))).post).toBe(303);
        expect(await page.getByRole('status').first().textContent()).toContain(t('portal.code.resent'));

        // An empty code and letters are input errors at the field; Back and Forward land on pages, not resubmits.
        const noCode = await submit(page, t('reset.next'));
        expect([noCode.post, noCode.status]).toEqual([303, 400]);
        expect(await page.locator('#code').getAttribute('aria-invalid')).toBe('true');
        expect((await page.locator('#code-error').textContent())?.trim()).toBe(t('portal.code.empty'));
        await expectNoAxeFindings(page);
        await page.locator('#code').fill('abcdefgh');
        await submit(page, t('reset.next'));
        expect((await page.locator('#code-error').textContent())?.trim()).toBe(t('portal.code.notDigits'));
        const back = await page.goBack();
        expect(back?.request().method() ?? 'GET').toBe('GET');
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(t('reset.title'));
        await page.goForward();
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(t('reset.title'));

        // Full-width digits are digits.
        const code = await lastCodeTo(app, user.alternateEmail!);
        await page.locator('#code').fill(js ? code : fullWidth(code));
        expect((await submit(page, t('reset.next'))).post).toBe(303);
        expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe(t('reset.password.heading'));

        await page.getByLabel(t('reset.password.new'), { exact: true }).fill(newPassword);
        await page.getByLabel(t('reset.password.confirm'), { exact: true }).fill(`${newPassword}-not`);
        const mismatch = await submit(page, t('reset.password.finish'));
        expect([mismatch.post, mismatch.status]).toEqual([303, 400]);
        expect(await page.locator('#confirmPassword').getAttribute('aria-invalid')).toBe('true');
        expect(await page.locator('#newPassword').inputValue()).toBe('');
        await expectNoAxeFindings(page);

        await page.getByLabel(t('reset.password.new'), { exact: true }).fill(newPassword);
        await page.getByLabel(t('reset.password.confirm'), { exact: true }).fill(newPassword);
        const finished = await submit(page, t('reset.password.finish'));
        expect([finished.post, finished.status]).toEqual([303, 200]);
        expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe(t('reset.done.reset'));
        await expectNoAxeFindings(page);
        // Reloading the result page says the same, not "failed".
        const again = await page.reload();
        expect(again?.status()).toBe(200);
        expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe(t('reset.done.reset'));
        await expectFits(page);
      } finally {
        await context.close();
      }
    }, 300_000);

    it(`tells a blocked user at the start, with the time (JavaScript ${js ? 'on' : 'off'}, ${locale})`, async () => {
      expectChromium();
      const app = world.app;
      const user = await aResetUser(app, seeded.tenant);
      const { user: stored } = await app.services.users.findUserWithTenant(user.upn);
      const until = new Date(Date.now() + 20 * 3600 * 1000).toISOString();
      await app.store.resetFlows.putThrottle(
        stored.tenantId,
        stored.userId,
        'failedProof',
        JSON.stringify({ attempts: [], blockedUntil: until }),
        new Date().toISOString(),
      );
      const context = await contextFor(js);
      try {
        const page = await openTab(context);
        await page.goto(url('/passwordreset', mkt));
        await page.locator('#username').fill(user.upn);
        await solveCheck(page, js, locale);
        const started = await submit(page, t('reset.next'));
        expect([started.post, started.status]).toEqual([303, 429]);
        const alert = await page.getByRole('alert').textContent();
        expect(alert).toContain(t('reset.error.SSPR_BLOCKED', { retryAt: '' }).split('{')[0]!.slice(0, 30));
        expect(alert).toMatch(/UTC/);
        await expectNoAxeFindings(page);
      } finally {
        await context.close();
      }
    }, 120_000);
  }

  it('signs in and changes a password with refusals at their fields, reached by GET; axe finds nothing', async () => {
    expectChromium();
    const user = await aResetUser(world.app, seeded.tenant);
    const context = await contextFor(false);
    const en = (key: MessageKey) => translate('en', key);
    try {
      const page = await openTab(context);
      await page.goto(url('/signin', ''));
      await expectNoAxeFindings(page);
      await page.getByLabel(en('signin.username')).fill(user.upn);
      await page.getByLabel(en('signin.password'), { exact: true }).fill('Not-The-Password-1');
      const wrong = await submit(page, en('signin.submit'));
      expect([wrong.post, wrong.status]).toEqual([303, 401]);
      expect(await page.getByLabel(en('signin.username')).inputValue()).toBe(user.upn);
      await expectNoAxeFindings(page);
      await page.getByLabel(en('signin.password'), { exact: true }).fill(aPassword);
      expect((await submit(page, en('signin.submit'))).post).toBe(303);
      expect(new URL(page.url()).pathname).toBe('/account');
      await expectNoAxeFindings(page);
      await page.getByLabel(en('account.change.current'), { exact: true }).fill('Wrong-Current-1');
      await page.getByLabel(en('account.change.new'), { exact: true }).fill(newPassword);
      await page.getByLabel(en('account.change.confirm'), { exact: true }).fill(newPassword);
      const refused = await submit(page, en('account.change.submit'));
      expect(refused.post).toBe(303);
      expect(await page.locator('#currentPassword').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#currentPassword').getAttribute('aria-describedby')).toBe('currentPassword-error');
      await expectNoAxeFindings(page);
      await expectFits(page);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('localises the 404 and the expired-form page, each with a link that continues', async () => {
    expectChromium();
    const context = await contextFor(false);
    try {
      const page = await openTab(context);
      const missing = await page.goto(url('/no-such-page', 'mkt=nl-NL'));
      expect(missing?.status()).toBe(404);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        translate('nl', 'portal.error.NOT_FOUND.title'),
      );
      await expectNoAxeFindings(page);

      await page.goto(url('/passwordreset', 'mkt=nl-NL'));
      // The form's token no longer matches: the browser lost the cookie it was issued with.
      await context.clearCookies();
      const expired = await Promise.all([
        page.waitForNavigation(),
        page.getByRole('button', { name: translate('nl', 'reset.next'), exact: true }).click(),
      ]);
      expect(expired[0]?.status()).toBe(403);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        translate('nl', 'portal.error.CSRF_INVALID.title'),
      );
      await expectNoAxeFindings(page);
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole('link', { name: translate('nl', 'portal.error.continue') }).click(),
      ]);
      expect(new URL(page.url()).pathname).toBe('/passwordreset');
      expect(await page.locator('#username').count()).toBe(1);
    } finally {
      await context.close();
    }
  }, 120_000);
});

describe('the 429 page, in a real browser', () => {
  // A page read (GET) meets the page-read limit, counted apart from the steps' SSPR_RESET_RATE_LIMIT.
  const world = useBrowserWorld(async () => {}, { SSPR_RESET_PAGE_RATE_LIMIT: '4' });

  it('says how long to wait and links back to the form', async () => {
    expectChromium();
    const context = await world.browser.newContext({ javaScriptEnabled: false, viewport: width390, isMobile: true });
    try {
      const page = await context.newPage();
      let status = 0;
      for (let i = 0; i < 6 && status !== 429; i += 1)
        status = (await page.goto(`${world.baseUrl}/passwordreset/methods?mkt=nl-NL`))?.status() ?? 0;
      expect(status).toBe(429);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        translate('nl', 'portal.error.RATE_LIMITED.title'),
      );
      expect(await page.locator('main').textContent()).toMatch(/Wacht \d+ seconden/);
      const back = page.getByRole('link', { name: translate('nl', 'portal.error.RATE_LIMITED.back') });
      expect(await back.getAttribute('href')).toBe('/passwordreset/methods?mkt=nl-NL');
      expect(await seriousAxeFindings(page)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});

import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { translate, type MessageKey } from '../../src/i18n/i18n.js';
import { normaliseAnswer } from '../../src/core/methods/security-questions.js';
import { aTenant, aUser } from '../support/factories.js';
import { freeLoopbackPort } from '../support/net.js';
import { codeSentTo } from '../support/pages.js';

/**
 * A real Chromium at phone size walks "Can't access your account?" from the sign-in page to a new
 * password: its JavaScript really solves the proof of work on the first page (the one step that needs
 * it), the code comes from the outbox as the user reads their mail, and the new password signs in.
 */
const chromiumPath = '/usr/bin/chromium';
const phone = { width: 375, height: 812 };
const newPassword = 'Fresh-Start-Passphrase-2026';
const en = (key: MessageKey, params: Record<string, string | number> = {}) => translate('en', key, params);
const nl = (key: MessageKey, params: Record<string, string | number> = {}) => translate('nl', key, params);
const cli = { type: 'cli' as const, id: null, upn: null };

describe('password reset in a real browser', () => {
  let app: App | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let baseUrl: string;
  let upn: string;
  let tenantId: string;
  /** A user of a tenant that resets with security questions only (and their registered answers). */
  let questionsUpn: string;
  let questionsTenantId: string;
  const answerOf = (questionId: string) => `antwoord ${questionId}`;
  const alternateEmail = 'adele.at.home@mail.example';

  beforeAll(async () => {
    // A missing browser fails the test itself (its first line), not the hook: a hook throw reads as "skipped".
    if (!existsSync(chromiumPath)) return;
    const port = await freeLoopbackPort();
    baseUrl = `http://127.0.0.1:${port}`;
    const loaded = loadConfig({
      SSPR_DATABASE_URL: 'sqlite::memory:',
      SSPR_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123456',
      SSPR_PUBLIC_URL: baseUrl,
      SSPR_PORT: String(port),
      SSPR_LOG_LEVEL: 'silent',
      SSPR_SIGNIN_RATE_LIMIT: '1000',
    });
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    app = await createApp(loaded.config, { logger: false });
    const tenant = await aTenant(app);
    tenantId = tenant.tenantId;
    await app.services.ssprPolicy.update(
      tenant.tenantId,
      { requireRegistration: false },
      { type: 'cli', id: null, upn: null },
    );
    await app.services.licensing.setSubscription(tenant.tenantId, 'AAD_PREMIUM_P1', 1, 'add');
    upn = (await aUser(app, tenant.domains[0]!, { alternateEmail })).upn;
    const { user } = await app.services.users.findUserWithTenant(upn);
    await app.services.licensing.assignToUser(user, 'AAD_PREMIUM_P1', 'NL');
    const questionsTenant = await aTenant(app, { name: 'Fabrikam' });
    questionsTenantId = questionsTenant.tenantId;
    await app.services.ssprPolicy.update(
      questionsTenantId,
      {
        requireRegistration: false,
        methods: ['email', 'securityQuestions'],
        questionsToRegister: 3,
        questionsToReset: 3,
      },
      cli,
    );
    await app.services.licensing.setSubscription(questionsTenantId, 'AAD_PREMIUM_P1', 1, 'add');
    questionsUpn = (await aUser(app, questionsTenant.domains[0]!)).upn;
    const { user: questioned } = await app.services.users.findUserWithTenant(questionsUpn);
    await app.services.licensing.assignToUser(questioned, 'AAD_PREMIUM_P1', 'NL');
    await app.store.securityInfo.replaceAnswers(
      questionsTenantId,
      questioned.userId,
      await Promise.all(
        ['q01', 'q02', 'q03'].map(async (questionId) => ({
          tenantId: questionsTenantId,
          userId: questioned.userId,
          questionId,
          answerHash: await app!.services.deps.hasher.hash(normaliseAnswer(answerOf(questionId))),
          createdAt: '2026-03-01T09:00:00.000Z',
        })),
      ),
    );
    const server = await app.http();
    await server.listen({ host: '127.0.0.1', port });

    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const context = await browser.newContext({
      javaScriptEnabled: true,
      viewport: phone,
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
      locale: 'en-US',
    });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Clicks a button and waits for the next document, returning the status of the POST itself. */
  const submit = async (name: string) => {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.waitForEvent('load'),
      page.getByRole('button', { name, exact: true }).click(),
    ]);
    return response.status();
  };

  const heading = async (level: 1 | 2) => (await page.getByRole('heading', { level }).first().textContent())?.trim();

  const expectNoHorizontalScroll = async () => {
    const size = await page.evaluate<{ scrollWidth: number; innerWidth: number }>(
      '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })',
    );
    expect(size.innerWidth, `page wider than the phone on ${page.url()}`).toBe(phone.width);
    expect(size.scrollWidth, `horizontal scroll on ${page.url()}`).toBeLessThanOrEqual(size.innerWidth);
  };

  const codeFromOutbox = () => codeSentTo(app!, tenantId, alternateEmail);

  it('resets the password with an emailed code and signs in with the new one', async () => {
    expect(
      existsSync(chromiumPath),
      `${chromiumPath} is missing; install it with apt-get install chromium. Never use \`npx playwright install\`.`,
    ).toBe(true);
    await page.goto(`${baseUrl}/signin`);
    await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: en('reset.signinLink') }).click()]);
    expect(new URL(page.url()).pathname).toBe('/passwordreset');
    expect(await heading(1)).toBe(en('reset.title'));
    expect(await page.getByText(/^Support code: [0-9a-f-]{36}$/).count()).toBe(1);
    await expectNoHorizontalScroll();

    await page.getByLabel(en('reset.start.username')).fill(upn);
    // The script fetches a challenge and solves it with Web Crypto; Next is enabled when it is done.
    // (A locator wait, not waitForFunction: the page's CSP forbids the eval that one needs.)
    await page
      .getByRole('status')
      .filter({ hasText: en('reset.captcha.done') })
      .waitFor({ timeout: 30_000 });
    expect(await page.locator('#captcha').inputValue()).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(await page.getByRole('button', { name: en('reset.next'), exact: true }).isEnabled()).toBe(true);
    expect(await submit(en('reset.next'))).toBe(303);
    // The flow id lives in a cookie the page's script cannot read, never in the address bar.
    expect(new URL(page.url()).pathname).toBe('/passwordreset/flow');
    // Only the tab's handle is in the address: it opens nothing without the cookie (one flow per tab).
    expect(new URL(page.url()).search).toMatch(/^\?f=[A-Za-z0-9_-]{16}$/);
    expect(await page.evaluate<string>('document.cookie')).not.toContain('sspr_reset');

    expect(await heading(2)).toBe(en('reset.intent.heading'));
    expect(await page.getByLabel(en('reset.intent.reset')).isChecked()).toBe(true);
    await expectNoHorizontalScroll();
    expect(await submit(en('reset.next'))).toBe(303);

    expect(await heading(2)).toBe(en('reset.verify.step', { step: 1, total: 1 }));
    await expectNoHorizontalScroll();
    expect(await submit(en('reset.action.email'))).toBe(303);

    await page.getByLabel(en('reset.code.label')).fill(await codeFromOutbox());
    await expectNoHorizontalScroll();
    expect(await submit(en('reset.next'))).toBe(303);

    expect(await heading(2)).toBe(en('reset.password.heading'));
    await page.getByLabel(en('reset.password.new'), { exact: true }).fill(newPassword);
    await page.getByLabel(en('reset.password.confirm'), { exact: true }).fill(newPassword);
    await expectNoHorizontalScroll();
    // Post/redirect/get: the result page is reached by GET, so a reload shows it again.
    expect(await submit(en('reset.password.finish'))).toBe(303);
    expect(await heading(2)).toBe(en('reset.done.reset'));
    await expectNoHorizontalScroll();

    // No automatic sign-in: the user follows the link and signs in with the new password.
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('link', { name: en('reset.done.signin'), exact: true }).click(),
    ]);
    expect(new URL(page.url()).pathname).toBe('/signin');
    await page.getByLabel(en('signin.username')).fill(upn);
    await page.getByLabel(en('signin.password'), { exact: true }).fill(newPassword);
    expect(await submit(en('signin.submit'))).toBe(303);
    expect(new URL(page.url()).pathname).toBe('/account');
  });

  it('in Dutch, resets with the security questions, asking new ones after a wrong answer', async () => {
    expect(existsSync(chromiumPath)).toBe(true);
    const questionTexts = new Map(
      (await app!.services.securityInfo.securityQuestions(questionsTenantId, 'nl')).map((q) => [q.text, q.id]),
    );
    await page.context().clearCookies();
    await page.goto(`${baseUrl}/passwordreset?mkt=nl-NL`);
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    expect(await heading(1)).toBe(nl('reset.title'));
    await page.getByLabel(nl('reset.start.username')).fill(questionsUpn);
    await page
      .getByRole('status')
      .filter({ hasText: nl('reset.captcha.done') })
      .waitFor({ timeout: 30_000 });
    expect(await submit(nl('reset.next'))).toBe(303);
    expect(await page.getByLabel(nl('reset.intent.reset')).isChecked()).toBe(true);
    expect(await submit(nl('reset.next'))).toBe(303);
    expect(await heading(2)).toBe(nl('reset.verify.step', { step: 1, total: 1 }));
    expect(await submit(nl('reset.action.securityQuestions'))).toBe(303);
    await expectNoHorizontalScroll();

    /** Fills each asked question (read from its label) with its answer; the first one wrong when asked to. */
    const answer = async (wrongFirst: boolean) => {
      const inputs = page.locator('input[name^="answer"]');
      expect(await inputs.count()).toBe(3);
      for (let i = 0; i < 3; i += 1) {
        const label = (await page.locator(`label[for="answer${i + 1}"]`).textContent())?.trim() ?? '';
        const id = questionTexts.get(label);
        expect(id, `unknown question "${label}"`).toBeDefined();
        await inputs.nth(i).fill(wrongFirst && i === 0 ? 'fout' : answerOf(id!));
      }
      return submit(nl('reset.next'));
    };
    expect(await answer(true)).toBe(303);
    expect((await page.getByRole('alert').textContent())?.trim()).toBe(nl('reset.error.ANSWER_WRONG'));
    expect(await answer(false)).toBe(303);

    expect(await heading(2)).toBe(nl('reset.password.heading'));
    await page.getByLabel(nl('reset.password.new'), { exact: true }).fill(newPassword);
    await page.getByLabel(nl('reset.password.confirm'), { exact: true }).fill(newPassword);
    expect(await submit(nl('reset.password.finish'))).toBe(303);
    expect(await heading(2)).toBe(nl('reset.done.reset'));
    await expectNoHorizontalScroll();
  });

  it('without JavaScript, says plainly that the first step needs it', async () => {
    expect(existsSync(chromiumPath)).toBe(true);
    // Scripting switched off at launch: only then does Chromium's parser render <noscript> as a user sees it
    // (javaScriptEnabled: false on a context stops scripts but still parses <noscript> as if they ran).
    const scriptless = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--blink-settings=scriptEnabled=false'],
    });
    const context = await scriptless.newContext({ javaScriptEnabled: false, viewport: phone, isMobile: true });
    const noScript = await context.newPage();
    for (const [mkt, text] of [
      ['nl-NL', nl],
      ['en-US', en],
    ] as const) {
      await noScript.goto(`${baseUrl}/passwordreset?mkt=${mkt}`);
      // (A CSS locator: Playwright's text engine skips <noscript> content even when it is rendered.)
      const notice = noScript.locator('fieldset p.status');
      expect(await notice.isVisible()).toBe(true);
      expect((await notice.textContent())?.trim()).toBe(text('reset.captcha.noscript'));
      // Without any answer to the check the start is refused with the same plain sentence, not "wait for the
      // check", which without JavaScript never finishes.
      await noScript.getByLabel(text('reset.start.username')).fill(upn);
      const [response] = await Promise.all([
        noScript.waitForResponse((r) => r.request().method() === 'POST'),
        noScript.waitForEvent('load'),
        noScript.getByRole('button', { name: text('reset.next'), exact: true }).click(),
      ]);
      expect(response.status()).toBe(303);
      expect((await noScript.getByRole('alert').textContent())?.trim()).toBe(text('reset.captcha.noscript'));
    }
    await scriptless.close();
  });
});

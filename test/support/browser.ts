import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import type { Tenant } from '../../src/core/model.js';
import { translate } from '../../src/i18n/i18n.js';
import { aTenant } from './factories.js';
import { freeLoopbackPort } from './net.js';

export const chromiumPath = '/usr/bin/chromium';
/** The viewport every browser test walks the portal in: a phone must never need sideways scrolling. */
export const phone = { width: 375, height: 812 };
/** No sandbox: CI runs as root in a container. The rest keeps Chromium from calling home; localhost is loopback. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP localhost 127.0.0.1',
];

export interface BrowserWorldOptions {
  /**
   * Serve as http://localhost:PORT instead of 127.0.0.1 (the same loopback address): WebAuthn refuses an IP address
   * as relying-party id, so passkey tests need a host name.
   */
  localhost?: boolean;
  /** Run the page's scripts (off by default: the portal promises to work without JavaScript). */
  javaScript?: boolean;
}

export interface BrowserWorld {
  app: App;
  /** The tenant made for the test; `seed` adds its users and settings. */
  tenant: Tenant;
  browser: Browser;
  /** The page's browser context (cookies, DevTools sessions). */
  context: BrowserContext;
  /** A phone-sized page, JavaScript off unless the options turn it on. */
  page: Page;
  baseUrl: string;
  /** Console messages of `page` about Content Security Policy violations. */
  cspViolations: string[];
  /** Clicks a submit button and waits for the next document, returning the status of the POST itself. */
  submit: (name: string) => Promise<number>;
  /**
   * Checked on every page a test reaches. Mobile Chromium widens the layout viewport to fit content
   * that is too wide, so innerWidth is checked too.
   */
  expectNoHorizontalScroll: () => Promise<void>;
  /** Signs in on the Dutch sign-in page (`?mkt=nl-NL`) and checks the form answered with a redirect. */
  signInInDutch: (upn: string, password: string) => Promise<void>;
}

/**
 * A browser test's first line. A missing browser is a broken machine, not a reason to skip; a throw
 * in beforeAll would make vitest report the tests as "skipped", so each test fails here instead.
 */
export const expectChromium = () =>
  expect(
    existsSync(chromiumPath),
    `${chromiumPath} is missing; .ci/run installs it (apt-get install chromium). Never use \`npx playwright install\`.`,
  ).toBe(true);

/**
 * Registers hooks that serve a fresh app (in-memory SQLite) with one tenant on a free loopback port,
 * let `seed` build what the test needs in it, and open Debian Chromium on one phone-sized page
 * without JavaScript.
 * The fields are filled in beforeAll, so read them inside tests and hooks.
 */
export const useBrowserWorld = (
  seed: (app: App, tenant: Tenant) => Promise<void>,
  env: Record<string, string> = {},
  options: BrowserWorldOptions = {},
): BrowserWorld => {
  let app: App | undefined;
  let browser: Browser | undefined;
  const world: BrowserWorld = {
    cspViolations: [] as string[],
    submit: async (name) => {
      const [response] = await Promise.all([
        world.page.waitForResponse((r) => r.request().method() === 'POST'),
        world.page.waitForEvent('load'),
        world.page.getByRole('button', { name, exact: true }).click(),
      ]);
      return response.status();
    },
    signInInDutch: async (upn, password) => {
      const { page } = world;
      await page.goto(`${world.baseUrl}/signin?mkt=nl-NL`);
      await page.getByLabel(translate('nl', 'signin.username')).fill(upn);
      await page.getByLabel(translate('nl', 'signin.password'), { exact: true }).fill(password);
      expect(await world.submit(translate('nl', 'signin.submit'))).toBe(303);
    },
    expectNoHorizontalScroll: async () => {
      const { page } = world;
      const size = await page.evaluate<{ scrollWidth: number; innerWidth: number }>(
        '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })',
      );
      expect(size.innerWidth, `page wider than the phone on ${page.url()}`).toBe(phone.width);
      expect(size.scrollWidth, `horizontal scroll on ${page.url()}`).toBeLessThanOrEqual(size.innerWidth);
    },
  } as BrowserWorld;

  beforeAll(async () => {
    if (!existsSync(chromiumPath)) return;
    const port = await freeLoopbackPort();
    world.baseUrl = `http://${options.localhost ? 'localhost' : '127.0.0.1'}:${port}`;
    const loaded = loadConfig({
      SSPR_DATABASE_URL: 'sqlite::memory:',
      SSPR_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123456',
      SSPR_PUBLIC_URL: world.baseUrl,
      SSPR_PORT: String(port),
      SSPR_LOG_LEVEL: 'silent',
      // Several sign-ins from one address within a minute must not trip the limiter.
      SSPR_SIGNIN_RATE_LIMIT: '1000',
      SSPR_SIGNIN_ACCOUNT_RATE_LIMIT: '1000',
      SSPR_SIGNIN_FAMILIAR_RATE_LIMIT: '1000',
      SSPR_SIGNIN_TENANT_UNFAMILIAR_RATE_LIMIT: '1000',
      SSPR_RESET_ACCOUNT_RATE_LIMIT: '1000',
      ...env,
    });
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    world.app = app = await createApp(loaded.config, { logger: false });
    world.tenant = await aTenant(app);
    await seed(app, world.tenant);
    const server = await app.http();
    await server.listen({ host: '127.0.0.1', port });

    world.browser = browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
    });
    world.context = await browser.newContext({
      // The portal promises to work without JavaScript (DESIGN §7), so the browser runs none unless asked.
      javaScriptEnabled: options.javaScript ?? false,
      viewport: phone,
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
      // Dutch must come from ?mkt=, not from the browser's language.
      locale: 'en-US',
    });
    world.page = await world.context.newPage();
    world.page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) world.cspViolations.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  return world;
};

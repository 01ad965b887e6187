import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Tenant } from '../../src/core/model.js';
import { translate, type Locale, type MessageKey } from '../../src/i18n/i18n.js';
import { seriousAxeFindings } from '../support/axe.js';
import { expectChromium, useBrowserWorld, type BrowserWorld } from '../support/browser.js';
import { aPassword, aUser } from '../support/factories.js';

/**
 * The helpdesk's actions on the console user page (issue #14 item 5) in a real Chromium at 390 px, JavaScript off
 * (English) and on (Dutch), by role: a Helpdesk Administrator unlocks and resets a user, sees no action on a Global
 * Administrator and is refused when posting one anyway; an Authentication Administrator deletes a method and requires
 * re-registration, after which the user is sent to register at sign-in. Axe finds nothing serious on any page.
 */
const width390 = { width: 390, height: 844 };
const variants = [
  { js: false, locale: 'en' as Locale, mkt: '' },
  { js: true, locale: 'nl' as Locale, mkt: 'nl-NL' },
];
const cli = { type: 'cli' as const, id: null, upn: null };

describe('helpdesk actions on the console user page, in a real browser', () => {
  const world: BrowserWorld = useBrowserWorld(async (app, tenant: Tenant) => {
    // Administrators here have no security info; the interrupt is not what this test is about.
    await app.services.ssprPolicy.update(tenant.tenantId, { requireRegistration: false }, cli);
  });

  const lock = async (user: { tenantId: string; userId: string }) => {
    const until = new Date(Date.now() + 3600_000).toISOString();
    const state = { failedCount: 10, lockoutCount: 1, lockedUntil: until, recentBadAttempts: [] };
    await world.app.store.lockouts.put(user.tenantId, user.userId, state, new Date().toISOString());
  };
  const addPhone = async (user: { tenantId: string; userId: string }) => {
    const at = new Date(Date.now() - 60_000).toISOString();
    await world.app.store.securityInfo.addMethod({
      tenantId: user.tenantId,
      userId: user.userId,
      methodId: crypto.randomUUID(),
      type: 'mobilePhone',
      value: '+31612345678',
      sealedSecret: null,
      label: null,
      status: 'verified',
      lastTotpStep: null,
      createdAt: at,
      verifiedAt: at,
      updatedAt: at,
    });
  };

  /** Content Security Policy violations any page of the test reported (with JavaScript on, the pages' own scripts). */
  const cspViolations: string[] = [];
  const contextFor = async (js: boolean) => {
    const context = await world.browser.newContext({
      javaScriptEnabled: js,
      viewport: width390,
      isMobile: true,
      hasTouch: true,
      locale: 'en-US',
    });
    context.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    return context;
  };

  /** Every page the test reaches: no sideways scroll at 390 px, and nothing serious for axe. */
  const check = async (page: Page) => {
    const size = await page.evaluate<{ scrollWidth: number; innerWidth: number }>(
      '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })',
    );
    expect(size.scrollWidth, `horizontal scroll on ${page.url()}`).toBeLessThanOrEqual(size.innerWidth);
    expect(await seriousAxeFindings(page), `axe on ${page.url()}`).toEqual([]);
  };

  /** Clicks a button or link and waits for the page it leads to; a post must end on a page reached by GET. */
  const follow = async (page: Page, role: 'button' | 'link', name: string) => {
    const [landed] = await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.getByRole(role, { name, exact: true }).click(),
    ]);
    return landed;
  };

  for (const { js, locale, mkt } of variants) {
    const t = (key: MessageKey, params: Record<string, string | number> = {}) => translate(locale, key, params);
    const url = (path: string) => `${world.baseUrl}${path}${mkt ? `?mkt=${mkt}` : ''}`;
    const signIn = async (context: BrowserContext, upn: string) => {
      const page = await context.newPage();
      await page.goto(url('/signin'));
      await page.getByLabel(t('signin.username')).fill(upn);
      await page.getByLabel(t('signin.password'), { exact: true }).fill(aPassword);
      await follow(page, 'button', t('signin.submit'));
      return page;
    };

    it(`lets each role do what Entra allows (JavaScript ${js ? 'on' : 'off'}, ${locale})`, async () => {
      expectChromium();
      const { app, tenant } = world;
      const domain = tenant.domains[0]!;
      const helpdesk = await aUser(app, domain, { roles: ['Helpdesk Administrator'] });
      const authAdmin = await aUser(app, domain, { roles: ['Authentication Administrator'] });
      const global = await aUser(app, domain, { roles: ['Global Administrator'] });
      const user = await aUser(app, domain);
      const other = await aUser(app, domain);
      await lock(user);
      await lock(global);
      await addPhone(other);

      const desk = await contextFor(js);
      try {
        const page = await signIn(desk, helpdesk.upn);
        // The users list filters by registration without JavaScript: the user with a phone is the one registered.
        await page.goto(url('/admin/users'));
        await page.getByLabel(t('helpdeskActions.users.registered')).selectOption('yes');
        await follow(page, 'button', t('admin.users.searchSubmit'));
        expect(page.url()).toContain('registered=yes');
        expect(await page.getByRole('link', { name: other.upn }).count()).toBe(1);
        expect(await page.getByRole('link', { name: user.upn }).count()).toBe(0);
        await check(page);
        await page.goto(url(`/admin/users/${user.userId}`));
        expect(await page.locator('main').textContent()).toContain(t('helpdeskActions.lockout.title'));
        await check(page);
        const unlocked = await follow(page, 'button', t('helpdeskActions.lockout.unlock'));
        expect(unlocked?.request().method()).toBe('GET');
        expect(await page.getByRole('status').textContent()).toContain(
          t('helpdeskActions.done.unlocked', { upn: user.upn }),
        );
        expect(await page.getByRole('button', { name: t('helpdeskActions.lockout.unlock') }).count()).toBe(0);
        await check(page);
        const reset = await follow(page, 'button', t('admin.user.reset.submit'));
        expect(reset?.request().method()).toBe('GET');
        const temporary = (await page.locator('#temporary-password').textContent())?.trim() ?? '';
        expect(temporary.length).toBeGreaterThanOrEqual(8);
        await check(page);
        // Reload asks for the page again, which shows the password no more and resets nothing.
        expect((await page.reload())?.request().method()).toBe('GET');
        expect(await page.locator('#temporary-password').count()).toBe(0);
        expect(await page.getByRole('link', { name: t('admin.user.reset.again') }).count()).toBe(1);
        await check(page);
        // The password read before the reload is still the user's.
        const signedIn = await fetch(`${world.baseUrl}/api/v1/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: user.upn, password: temporary }),
        });
        expect(signedIn.status).toBe(200);

        // A Global Administrator's page offers the helpdesk nothing, and a crafted post is refused.
        await page.goto(url(`/admin/users/${global.userId}`));
        expect(await page.locator('main').textContent()).toContain(t('helpdeskActions.lockout.title'));
        expect(await page.locator('main').textContent()).toContain(t('admin.user.reset.notAllowed'));
        expect(
          await page
            .getByRole('button')
            .filter({ hasText: t('helpdeskActions.lockout.unlock') })
            .count(),
        ).toBe(0);
        expect(await page.getByRole('link', { name: t('helpdeskActions.reregister.open') }).count()).toBe(0);
        await check(page);
        await page.goto(url(`/admin/users/${other.userId}`));
        expect(await page.getByRole('link', { name: t('helpdeskActions.methods.delete') }).count()).toBe(0);
        // The reset form's token posted to the Global Administrator's unlock, as a hand-made request would be.
        await page.evaluate(
          `document.querySelector('form[action*="/reset-password"]').setAttribute('action', '/admin/users/${global.userId}/unlock${mkt ? `?mkt=${mkt}` : ''}')`,
        );
        await follow(page, 'button', t('admin.user.reset.submit'));
        expect(page.url()).toContain(`/admin/users/${global.userId}?error=TARGET_TOO_PRIVILEGED`);
        expect(await page.getByRole('alert').textContent()).toContain(t('admin.error.TARGET_TOO_PRIVILEGED'));
        await check(page);
      } finally {
        await desk.close();
      }

      const auth = await contextFor(js);
      try {
        const page = await signIn(auth, authAdmin.upn);
        await page.goto(url(`/admin/users/${other.userId}`));
        await check(page);
        await follow(
          page,
          'link',
          t('helpdeskActions.methods.deleteLabel', {
            method: t('account.securityInfo.type.mobilePhone'),
            display: (
              await app.services.helpdesk.methods(
                { tenantId: tenant.tenantId, roles: ['GlobalAdministrator'], actor: cli, userId: null, via: 'cli' },
                other.upn,
              )
            ).methods[0]!.display,
          }),
        );
        expect((await page.getByRole('heading', { level: 1 }).textContent())?.trim()).toBe(
          t('helpdeskActions.delete.title'),
        );
        await check(page);
        await follow(page, 'button', t('helpdeskActions.delete.submit'));
        expect(await page.getByRole('status').textContent()).toContain(
          t('helpdeskActions.done.methodDeleted', { upn: other.upn }),
        );
        expect(await app.store.securityInfo.listMethods(tenant.tenantId, other.userId)).toEqual([]);
        await follow(page, 'link', t('helpdeskActions.reregister.open'));
        await check(page);
        await follow(page, 'button', t('helpdeskActions.reregister.submit'));
        expect(await page.getByRole('status').textContent()).toContain(
          t('helpdeskActions.done.reregistrationRequired', { upn: other.upn }),
        );
        await check(page);
      } finally {
        await auth.close();
      }

      // The user is sent to register security info at the next sign-in.
      const own = await contextFor(js);
      try {
        const page = await signIn(own, other.upn);
        expect(page.url()).toContain('/interrupt');
        expect((await page.getByRole('heading', { level: 1 }).textContent())?.trim()).toBe(t('interrupt.title'));
        await check(page);
      } finally {
        await own.close();
      }
      expect(cspViolations).toEqual([]);
      // Three sign-ins and a dozen axe runs on a shared machine.
    }, 180_000);
  }
});

import { describe, expect, it } from 'vitest';
import { translate, type MessageKey } from '../../src/i18n/i18n.js';
import { expectChromium, useBrowserWorld } from '../support/browser.js';
import { aPassword, aUser } from '../support/factories.js';

/**
 * A Helpdesk Administrator in a real Chromium (JavaScript off, phone-sized, Dutch) resets a user's
 * password from the console user page and reads the temporary password once; on a Global
 * Administrator's page the same panel says it may not, as the admin API's role table has it. A copy of the flash cookie
 * put back into the browser shows the password no second time.
 */
const nl = (key: MessageKey, params: Record<string, string | number> = {}) => translate('nl', key, params);

describe('helpdesk actions in the console, in a real browser without JavaScript', () => {
  let helpdesk: string;
  let user: { upn: string; userId: string };
  let global: { userId: string };
  const e2e = useBrowserWorld(async (app, tenant) => {
    const domain = tenant.domains[0]!;
    await app.services.ssprPolicy.update(
      tenant.tenantId,
      { requireRegistration: false },
      { type: 'cli', id: null, upn: null },
    );
    helpdesk = (await aUser(app, domain, { roles: ['Helpdesk Administrator'] })).upn;
    user = await aUser(app, domain, { alternateEmail: 'medewerker.thuis@example.net' });
    global = await aUser(app, domain, { roles: ['Global Administrator'] });
  });

  it("resets a user's password with the temporary password shown once, but not a Global Administrator's", async () => {
    expectChromium();
    const { page } = e2e;
    await e2e.signInInDutch(helpdesk, aPassword);
    await page.goto(`${e2e.baseUrl}/admin/users/${user.userId}?mkt=nl-NL`);
    expect(await page.getByRole('heading', { name: nl('admin.user.methods.title') }).count()).toBe(1);
    expect(await page.locator('main').textContent()).not.toContain('medewerker.thuis@example.net');
    await e2e.expectNoHorizontalScroll();

    // Post/redirect/get: the password is on the page the post leads to (a reload resets nothing). The flash cookie
    // the 303 sets is copied on the way, as someone at the browser's cookie store might.
    const posted = page.waitForResponse((r) => r.request().method() === 'POST');
    expect(await e2e.submit(nl('admin.user.reset.submit'))).toBe(303);
    const copied = /(?:^|\n)sspr_flash=([^;]+)/.exec((await (await posted).headerValue('set-cookie')) ?? '')?.[1];
    expect(copied).toBeDefined();
    expect(new URL(page.url()).pathname).toBe(`/admin/users/${user.userId}/reset-password`);
    expect((await page.getByRole('heading', { level: 1 }).textContent())?.trim()).toBe(
      nl('admin.user.reset.doneTitle'),
    );
    const temporary = (await page.locator('#temporary-password').textContent())?.trim() ?? '';
    expect(temporary.length).toBeGreaterThanOrEqual(8);
    await e2e.expectNoHorizontalScroll();
    const stored = await e2e.app.store.users.findById(e2e.tenant.tenantId, user.userId);
    expect(stored?.mustChangePassword).toBe(true);
    await page.reload();
    expect(await page.locator('#temporary-password').count()).toBe(0);
    expect(await page.locator('main').textContent()).toContain(nl('admin.user.reset.shownOnce', { upn: user.upn }));
    // The copy put back and the page loaded again: the server consumed the show, so still no password.
    await e2e.context.addCookies([{ name: 'sspr_flash', value: copied!, url: e2e.baseUrl, httpOnly: true }]);
    await page.reload();
    expect(await page.locator('#temporary-password').count()).toBe(0);
    expect(await page.locator('main').textContent()).toContain(nl('admin.user.reset.shownOnce', { upn: user.upn }));
    expect((await e2e.app.store.users.findById(e2e.tenant.tenantId, user.userId))?.passwordHash).toBe(
      stored?.passwordHash,
    );

    await page.goto(`${e2e.baseUrl}/admin/users/${global.userId}?mkt=nl-NL`);
    expect(await page.locator('main').textContent()).toContain(nl('admin.user.reset.notAllowed'));
    expect(await page.getByRole('button', { name: nl('admin.user.reset.submit'), exact: true }).count()).toBe(0);
    expect(e2e.cspViolations).toEqual([]);
  });
});

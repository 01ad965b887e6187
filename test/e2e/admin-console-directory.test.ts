/**
 * The console's directory actions and company branding in real Chromium at 390 px (issue 14 item 5): with
 * JavaScript off in Dutch and on in English, a Global Administrator creates a user (the temporary password is shown
 * once, on a page a reload does not post again), deletes it after the confirm page, creates a group, adds and removes a member, deletes the group, and sets
 * the branding that the sign-in page then shows (name, logo from our origin, accent colour under the strict CSP).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import { translate, type Locale, type MessageKey } from '../../src/i18n/i18n.js';
import { tinyPng } from '../support/branding.js';
import { expectChromium, useBrowserWorld } from '../support/browser.js';
import { aPassword, aUser } from '../support/factories.js';

vi.setConfig({ testTimeout: 300_000 });

describe('console directory actions and branding in a real browser', () => {
  const e2e = useBrowserWorld(async (app, tenant) => {
    await aUser(app, tenant.domains[0]!, { local: 'dir.admin', roles: ['Global Administrator'] });
    await aUser(app, tenant.domains[0]!, { local: 'dir.member' });
  });

  const walk = async (javaScriptEnabled: boolean, locale: Locale) => {
    const say = (key: MessageKey, params: Record<string, string> = {}) => translate(locale, key, params);
    const mkt = locale === 'nl' ? 'nl-NL' : 'en-US';
    const domain = e2e.tenant.domains[0]!;
    const context = await e2e.browser.newContext({ javaScriptEnabled, viewport: { width: 390, height: 844 } });
    const page: Page = await context.newPage();
    const csp: string[] = [];
    page.on('console', (m) => void (/Content Security Policy/i.test(m.text()) && csp.push(m.text())));
    const click = async (name: string, role: 'button' | 'link' = 'button') => {
      const [response] = await Promise.all([
        page.waitForEvent('load').then(() => page.url()),
        page.getByRole(role, { name, exact: true }).first().click(),
      ]);
      return response;
    };
    const status = async () => (await page.getByRole('status').first().textContent())?.trim();
    const noSideScroll = async () =>
      expect(await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);

    await page.goto(`${e2e.baseUrl}/signin?mkt=${mkt}`);
    await page.getByLabel(say('signin.username')).fill(`dir.admin@${domain}`);
    await page.getByLabel(say('signin.password'), { exact: true }).fill(aPassword);
    await click(say('signin.submit'));

    // A user: New user → the temporary password once → the user page → delete after confirming.
    const local = `made.${locale}.${javaScriptEnabled ? 'js' : 'nojs'}`;
    await page.goto(`${e2e.baseUrl}/admin/users?mkt=${mkt}`);
    await click(say('admin.users.new'), 'link');
    await page.getByLabel(say('admin.newUser.upn'), { exact: false }).first().fill(`${local}@${domain}`);
    await page.getByLabel(say('admin.newUser.usageLocation'), { exact: false }).fill('NL');
    // Post/redirect/get: the password is on a page reached by GET; Reload shows it no more and creates nothing.
    expect(new URL(await click(say('admin.newUser.submit'))).pathname).toMatch(
      /^\/admin\/users\/[0-9a-f-]{36}\/created$/,
    );
    const password = (await page.locator('#temporary-password').textContent())?.trim() ?? '';
    expect(password).toMatch(/^[A-Za-z0-9#]{5}(-[A-Za-z0-9#]{5}){3}$/);
    await noSideScroll();
    await page.reload();
    expect(await page.locator('#temporary-password').count()).toBe(0);
    expect(await page.locator('main').textContent()).toContain(
      say('admin.newUser.shownOnce', { upn: `${local}@${domain}` }),
    );
    await click(say('admin.newUser.open'), 'link');
    expect(await page.locator('h1').textContent()).toBe(local);
    await click(say('admin.user.delete.open'), 'link');
    await click(say('admin.user.delete.confirm'));
    expect(await status()).toBe(say('admin.user.deleted', { upn: `${local}@${domain}` }));

    // A group: create, add a member, remove it, delete the group.
    const name = `Group ${locale} ${javaScriptEnabled ? 'js' : 'nojs'}`;
    await page.goto(`${e2e.baseUrl}/admin/groups?mkt=${mkt}`);
    await page.getByLabel(say('admin.newGroup.name')).fill(name);
    await click(say('admin.newGroup.submit'));
    expect(await status()).toBe(say('admin.group.created'));
    await page.getByLabel(say('admin.group.addMember.value')).fill(`dir.member@${domain}`);
    await click(say('admin.group.addMember.submit'));
    expect(await status()).toBe(say('admin.group.memberAdded', { name: `dir.member@${domain}` }));
    await noSideScroll();
    await click(say('admin.group.removeLabel', { name: `dir.member@${domain}` }));
    expect(await status()).toBe(say('admin.group.memberRemoved', { name: `dir.member@${domain}` }));
    await click(say('admin.group.delete.open'), 'link');
    await click(say('admin.group.delete.confirm'));
    expect(await status()).toBe(say('admin.group.deleted', { name }));

    // Branding on the Customization tab, a refused colour kept next to its field, then the sign-in page shows it.
    await page.goto(`${e2e.baseUrl}/admin/password-reset/customization?mkt=${mkt}`);
    await page.getByLabel(say('admin.branding.displayName'), { exact: false }).fill(`Fabrikam ${locale}`);
    await page.getByLabel(say('admin.branding.accent'), { exact: false }).fill('#eeeeee');
    await page.getByLabel(say('admin.branding.signInText'), { exact: false }).fill('Call 1234 <b>now</b>');
    await click(say('admin.branding.save'));
    expect(await page.locator('#accentColour-error').textContent()).toContain(
      say('admin.error.BRANDING_COLOUR_LOW_CONTRAST'),
    );
    expect(await page.getByLabel(say('admin.branding.accent'), { exact: false }).inputValue()).toBe('#eeeeee');
    await page.getByLabel(say('admin.branding.accent'), { exact: false }).fill('#8a1c7c');
    await click(say('admin.branding.save'));
    expect(await status()).toBe(say('admin.branding.saved'));
    await page.getByLabel(say('admin.branding.logo.file'), { exact: false }).setInputFiles({
      name: 'logo.png',
      mimeType: 'image/png',
      buffer: tinyPng,
    });
    await click(say('admin.branding.logo.upload'));
    expect(await status()).toBe(say('admin.branding.logo.saved'));

    const visitor = await e2e.browser.newContext({ javaScriptEnabled, viewport: { width: 390, height: 844 } });
    const signIn = await visitor.newPage();
    signIn.on('console', (m) => void (/Content Security Policy/i.test(m.text()) && csp.push(m.text())));
    await signIn.goto(`${e2e.baseUrl}/signin?whr=${domain}&mkt=${mkt}`);
    expect((await signIn.locator('header .brand').textContent())?.trim()).toBe(`Fabrikam ${locale}`);
    expect(await signIn.evaluate<number>("document.querySelector('header .brand img').naturalWidth")).toBe(1);
    expect(await signIn.locator('.signin-text').textContent()).toBe('Call 1234 <b>now</b>');
    const submitColour = "getComputedStyle(document.querySelector('#username ~ button[type=submit]')).backgroundColor";
    expect(await signIn.evaluate<string>(submitColour)).toBe('rgb(138, 28, 124)');
    await signIn.goto(`${e2e.baseUrl}/signin?mkt=${mkt}`);
    expect((await signIn.locator('header .brand').textContent())?.trim()).toBe(say('site.name'));
    expect(csp).toEqual([]);
    await visitor.close();
    await context.close();
  };

  it('works without JavaScript, in Dutch', async () => {
    expectChromium();
    await walk(false, 'nl');
  });

  it('works with JavaScript, in English', async () => {
    expectChromium();
    await walk(true, 'en');
  });
});

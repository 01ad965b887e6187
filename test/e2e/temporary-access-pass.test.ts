import { describe, expect, it } from 'vitest';
import { translate, type MessageKey } from '../../src/i18n/i18n.js';
import { expectChromium, useBrowserWorld } from '../support/browser.js';
import { aPassword, aUser } from '../support/factories.js';

/**
 * Temporary Access Pass in a real Chromium without JavaScript (issue #17 item 2): an Authentication
 * Administrator adds a one-time pass on the console's user page (English) and reads it off the page the post leads
 * to (a reload shows it no more and issues no other: the pass read first still works); the user signs in with it on
 * the Dutch portal and lands on security info, in a session good for nothing else.
 */
const en = (key: MessageKey, params: Record<string, string | number> = {}) => translate('en', key, params);
const nl = (key: MessageKey, params: Record<string, string | number> = {}) => translate('nl', key, params);

describe('Temporary Access Pass in a real browser without JavaScript', () => {
  let admin: { upn: string };
  let user: { upn: string; userId: string };
  const e2e = useBrowserWorld(async (app, tenant) => {
    const domain = tenant.domains[0]!;
    admin = await aUser(app, domain, { local: 'helpdesk.lead', roles: ['Authentication Administrator'] });
    user = await aUser(app, domain, { local: 'lost.phone', alternateEmail: 'lost.phone@home.example' });
  });
  const { submit, expectNoHorizontalScroll } = e2e;
  const heading = async () => (await e2e.page.getByRole('heading', { level: 1 }).textContent())?.trim();

  it('is added on the console, shown once, and signs the user in to security info in Dutch', async () => {
    expectChromium();
    const { page } = e2e;
    await page.goto(`${e2e.baseUrl}/signin`);
    await page.getByLabel(en('signin.username')).fill(admin.upn);
    await page.getByLabel(en('signin.password'), { exact: true }).fill(aPassword);
    expect(await submit(en('signin.submit'))).toBe(303);

    expect((await page.goto(`${e2e.baseUrl}/admin/users/${user.userId}`))?.status()).toBe(200);
    expect(await page.getByRole('heading', { name: en('tap.console.title') }).count()).toBe(1);
    expect(await page.content()).toContain(en('tap.console.none'));
    await page.getByLabel(en('tap.console.lifetime')).fill('30');
    await page.getByLabel(en('tap.console.oneTimeLabel')).check();
    // Post/redirect/get: the pass is on a page reached by GET, so Reload shows it no more and adds no other pass.
    expect(await submit(en('tap.console.create'))).toBe(303);
    expect(new URL(page.url()).pathname).toBe(`/admin/users/${user.userId}/temporary-access-pass`);
    const pass = (await page.locator('code.secret').textContent())?.trim() ?? '';
    expect(pass).toMatch(/^[0-9a-z]{4}(-[0-9a-z]{4}){5}$/);
    await expectNoHorizontalScroll();
    expect((await page.reload())?.request().method()).toBe('GET');
    expect(await page.locator('code.secret').count()).toBe(0);
    expect(await page.content()).toContain(en('tap.console.again'));
    // Back on the user page the pass is described, never shown.
    await page.goto(`${e2e.baseUrl}/admin/users/${user.userId}`);
    expect(await page.content()).not.toContain(pass);
    expect(await page.content()).toContain(en('tap.console.oneTime'));
    await page.context().clearCookies();

    await page.goto(`${e2e.baseUrl}/signin?mkt=nl-NL`);
    await page.getByRole('link', { name: nl('tap.signin.link') }).click();
    expect(await heading()).toBe(nl('tap.signin.title'));
    await expectNoHorizontalScroll();
    // A wrong pass first: refused in Dutch, the account kept in the field.
    await page.getByLabel(nl('signin.username')).fill(user.upn);
    await page.getByLabel(nl('tap.passLabel'), { exact: true }).fill('aaaa-bbbb-cccc-dddd-eeee-ffff');
    // Post/redirect/get: the refusal is a page reached by GET, so Back and reload never resubmit the pass.
    expect(await submit(nl('tap.signin.submit'))).toBe(303);
    expect((await page.getByRole('alert').textContent())?.trim()).toBe(nl('tap.signin.error.TAP_INVALID'));
    expect(new URL(page.url()).pathname).toBe('/signin/temporary-access-pass');
    await page.getByLabel(nl('tap.passLabel'), { exact: true }).fill(pass);
    expect(await submit(nl('tap.signin.submit'))).toBe(303);
    expect(new URL(page.url()).pathname).toBe('/account/security-info');
    expect(await heading()).toBe(nl('account.securityInfo.title'));
    expect(await page.content()).toContain(nl('tap.limited'));
    await expectNoHorizontalScroll();
    // The session reaches nothing but security info, so the page offers no link to the account page (it would lead
    // straight back here) but a way out: signing out.
    expect(await page.getByRole('link', { name: nl('account.securityInfo.back') }).count()).toBe(0);
    await page.goto(`${e2e.baseUrl}/account?mkt=nl-NL`);
    expect(new URL(page.url()).pathname).toBe('/account/security-info');
    expect(await submit(nl('account.signout'))).toBe(303);
    expect(new URL(page.url()).pathname).toBe('/signin');
    expect((await page.getByRole('status').textContent())?.trim()).toBe(nl('signin.signedOut'));
    await page.goto(`${e2e.baseUrl}/account/security-info?mkt=nl-NL`);
    expect(new URL(page.url()).pathname).toBe('/signin');
    expect(e2e.cspViolations).toEqual([]);
  });
});

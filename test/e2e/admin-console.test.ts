import { describe, expect, it } from 'vitest';
import { translate, type MessageKey } from '../../src/i18n/i18n.js';
import { expectChromium, useBrowserWorld } from '../support/browser.js';
import { aPassword, aUser } from '../support/factories.js';

/**
 * A Global Administrator, in a real Chromium with JavaScript off on a phone-sized screen, signs in,
 * opens the Dutch admin console from the account page and scopes SSPR to a group with two methods.
 * inject() tests cover the routes; only a browser proves the tabs, labels, radios, selects, CSRF
 * tokens, redirects and CSP fit together, and that the change is there after a reload.
 */
const nl = (key: MessageKey, params: Record<string, string | number> = {}) => translate('nl', key, params);

describe('Dutch admin console in a real browser without JavaScript', () => {
  let upn: string;
  const e2e = useBrowserWorld(async (app, tenant) => {
    // A long UPN: the user page must still fit a phone screen.
    upn = (
      await aUser(app, tenant.domains[0]!, {
        local: 'beheerder.afdeling.informatievoorziening',
        roles: ['Global Administrator'],
      })
    ).upn;
    await app.services.groups.createGroup(tenant.tenantId, 'SSPR pilot');
  });
  const { submit, expectNoHorizontalScroll } = e2e;

  const follow = async (name: string) => {
    await Promise.all([e2e.page.waitForEvent('load'), e2e.page.getByRole('link', { name, exact: true }).click()]);
  };

  const heading = async (level: 1 | 2) =>
    (await e2e.page.getByRole('heading', { level }).first().textContent())?.trim();

  it('signs in, opens the console, scopes SSPR to a group with two methods, and keeps it after a reload', async () => {
    expectChromium();
    const { page } = e2e;
    await e2e.signInInDutch(upn, aPassword);
    // An administrator without security info meets Entra's registration interrupt first, and may skip it.
    expect(await heading(1)).toBe(nl('interrupt.title'));
    expect(await submit(nl('interrupt.skip'))).toBe(303);
    expect(await heading(1)).toBe(nl('account.title'));

    await follow(nl('admin.link'));
    expect(new URL(page.url()).pathname).toBe('/admin/password-reset/properties');
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    expect(await heading(1)).toBe(nl('admin.nav.passwordReset'));
    expect(await heading(2)).toBe(nl('admin.tab.properties'));
    expect(
      await page.getByRole('link', { name: nl('admin.tab.properties'), exact: true }).getAttribute('aria-current'),
    ).toBe('page');
    // The stylesheet loads under the CSP: the tabs are a wrapping row, not a bulleted list.
    expect(await page.evaluate<string>("getComputedStyle(document.querySelector('.tabs ul')).display")).toBe('flex');
    await expectNoHorizontalScroll();

    await page.getByLabel(nl('admin.properties.enabled.selected'), { exact: true }).check();
    await page.getByLabel(nl('admin.properties.group')).selectOption('SSPR pilot');
    expect(await submit(nl('admin.save'))).toBe(303);
    expect((await page.getByRole('status').textContent())?.trim()).toBe(nl('admin.saved'));

    await follow(nl('admin.tab.authenticationMethods'));
    expect(await heading(2)).toBe(nl('admin.tab.authenticationMethods'));
    await page.getByLabel('2', { exact: true }).check();
    // Two required with one method available is refused, in Dutch, as an alert that takes focus.
    for (const method of ['mobileSms', 'mobileVoice', 'authenticatorCode'] as const)
      await page.getByLabel(nl(`admin.method.${method}`), { exact: true }).uncheck();
    expect(await submit(nl('admin.save'))).toBe(400);
    expect((await page.getByRole('alert').textContent())?.trim()).toBe(nl('admin.problem.TOO_FEW_METHODS'));
    expect(await page.evaluate<string | null>("document.activeElement?.getAttribute('role') ?? null")).toBe('alert');
    // The refused form keeps what was chosen: tick one more method and save again.
    expect(await page.getByLabel('2', { exact: true }).isChecked()).toBe(true);
    await page.getByLabel(nl('admin.method.authenticatorCode'), { exact: true }).check();
    expect(await submit(nl('admin.save'))).toBe(303);
    await expectNoHorizontalScroll();

    await page.reload();
    expect(await page.getByLabel('2', { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel(nl('admin.method.mobileSms'), { exact: true }).isChecked()).toBe(false);
    await follow(nl('admin.tab.properties'));
    expect(await page.getByLabel(nl('admin.properties.enabled.selected'), { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel(nl('admin.properties.group')).inputValue()).toBe('SSPR pilot');

    expect(await e2e.app.services.ssprPolicy.describe(e2e.tenant.tenantId)).toMatchObject({
      enabled: 'selected',
      selectedGroup: 'SSPR pilot',
      methodsRequired: 2,
      methods: ['email', 'authenticatorCode'],
    });

    // The admin is not in the pilot group, but follows the administrator policy: the user page says so.
    await follow(nl('admin.nav.users'));
    await follow(upn);
    expect(await heading(1)).toBe('Adele Vance');
    const reset = page.locator(`dl.facts dt:text-is("${nl('admin.eligibility.canResetPassword')}") + dd`);
    expect((await reset.textContent())?.trim()).toBe(nl('admin.yes'));
    expect(await page.getByText(nl('admin.reason.SSPR_0013')).count()).toBe(0);
    await expectNoHorizontalScroll();
  });
});

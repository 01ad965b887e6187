import { describe, expect, it } from 'vitest';
import { translate } from '../../src/i18n/i18n.js';
import { expectChromium, useBrowserWorld } from '../support/browser.js';
import { aPassword, aUser } from '../support/factories.js';

/**
 * A real Chromium, JavaScript off, phone-sized, in Dutch: a user whose password expired (a 30-day policy, the
 * password set 40 days ago) signs in, is sent to the change form with Entra's "your password has expired" wording,
 * changes it, and is then a signed-in user like any other (the notice is gone, security info opens).
 */
const newPassword = 'Nieuw-Wachtwoord-2026';
const nl = (key: Parameters<typeof translate>[1]) => translate('nl', key);

describe('an expired password in a real browser, in Dutch', () => {
  let upn: string;
  const e2e = useBrowserWorld(async (app, tenant) => {
    const cli = { type: 'cli' as const, id: null, upn: null };
    await app.services.ssprPolicy.update(tenant.tenantId, { requireRegistration: false }, cli);
    await app.services.passwordExpiry.update(
      tenant.tenantId,
      { domain: tenant.domains[0]!, validityDays: 30, notifyDays: 14 },
      cli,
    );
    upn = (await aUser(app, tenant.domains[0]!)).upn;
    const user = (await app.store.users.findByUpn(tenant.tenantId, upn))!;
    const setAt = new Date(Date.now() - 40 * 86_400_000).toISOString();
    await app.store.users.setPassword(tenant.tenantId, user.userId, user.passwordHash!, setAt);
  });

  it('sends the user to the change form, and the change lets them in', async () => {
    expectChromium();
    const { page } = e2e;
    await e2e.signInInDutch(upn, aPassword);
    expect(new URL(page.url()).pathname).toBe('/account');
    const notice = page.getByRole('status').filter({ hasText: nl('expiry.expired.notice') });
    expect(await notice.count()).toBe(1);
    expect(await page.getByRole('link', { name: nl('account.securityInfo.link') }).count()).toBe(0);
    await e2e.expectNoHorizontalScroll();

    await page.getByLabel(nl('account.change.current'), { exact: true }).fill(aPassword);
    await page.getByLabel(nl('account.change.new'), { exact: true }).fill(newPassword);
    await page.getByLabel(nl('account.change.confirm'), { exact: true }).fill(newPassword);
    await e2e.submit(nl('account.change.submit'));
    await page.goto(`${e2e.baseUrl}/account?mkt=nl-NL`);
    expect(await page.getByText(nl('expiry.expired.notice')).count()).toBe(0);
    expect(await page.getByRole('link', { name: nl('account.securityInfo.link') }).count()).toBe(1);
  });
});

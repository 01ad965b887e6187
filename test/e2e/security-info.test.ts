import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { translate, type MessageKey } from '../../src/i18n/i18n.js';
import { defaultSecurityInfoSettings } from '../../src/services/delivery/send-caps.js';
import { expectChromium, useBrowserWorld } from '../support/browser.js';
import { aPassword, aUser } from '../support/factories.js';
import { codeSentTo } from '../support/pages.js';

/**
 * A real Chromium, JavaScript off, phone-sized: a user whose organisation requires registration
 * signs in, is interrupted, registers an alternate email with the code from the mail, sees it
 * verified, and sets up an authenticator app from the QR page. Only a browser proves that the
 * interrupt redirect, the forms, the CSRF cookies and the inline SVG under the CSP fit together.
 */
const alternateEmail = 'adele.thuis@example.net';
const en = (key: MessageKey, params: Record<string, string | number> = {}) => translate('en', key, params);

describe('security info in a real browser without JavaScript', () => {
  let upn: string;
  const e2e = useBrowserWorld(async (app, tenant) => {
    // Said explicitly, not left to the defaults: registration is required, one method is enough.
    await app.services.ssprPolicy.update(
      tenant.tenantId,
      {
        enabled: 'all',
        requireRegistration: true,
        methodsRequired: 1,
        methods: ['email', 'mobileSms', 'authenticatorCode'],
      },
      { type: 'cli', id: null, upn: null },
    );
    // A budget of two SMS an hour, so a resend opens the breaker (SEND_LIMIT_REACHED) within three clicks.
    await app.store.securityInfo.putSettings(
      tenant.tenantId,
      { ...defaultSecurityInfoSettings, hourlyPhoneBudget: 2 },
      new Date().toISOString(),
    );
    upn = (await aUser(app, tenant.domains[0]!)).upn;
  });
  const { submit, expectNoHorizontalScroll } = e2e;

  const heading = async () => (await e2e.page.getByRole('heading', { level: 1 }).textContent())?.trim();
  const path = () => new URL(e2e.page.url()).pathname;

  it('is interrupted at sign-in, registers an alternate email with the mailed code, and sees it verified', async () => {
    expectChromium();
    const { page } = e2e;
    await page.goto(`${e2e.baseUrl}/signin`);
    await page.getByLabel(en('signin.username')).fill(upn);
    await page.getByLabel(en('signin.password'), { exact: true }).fill(aPassword);
    expect(await submit(en('signin.submit'))).toBe(303);

    expect(path()).toBe('/account/security-info/interrupt');
    expect(await heading()).toBe(en('interrupt.title'));
    expect(await page.getByRole('button', { name: en('interrupt.skip'), exact: true }).count()).toBe(1);
    await expectNoHorizontalScroll();

    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('link', { name: en('interrupt.register'), exact: true }).click(),
    ]);
    expect(path()).toBe('/account/security-info');
    expect(await heading()).toBe(en('account.securityInfo.title'));
    await expectNoHorizontalScroll();

    // One picker offers what may be added; its GET form opens the chosen kind's page.
    await page.getByLabel(en('securityInfo.addPicker.label')).selectOption('alternateEmail');
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('button', { name: en('securityInfo.addPicker.submit'), exact: true }).click(),
    ]);
    expect(path()).toBe('/account/security-info/add');
    expect(await heading()).toBe(en('securityInfo.add.pageTitle'));
    await expectNoHorizontalScroll();
    await page.getByLabel(en('account.securityInfo.add.email.label')).fill(alternateEmail);
    expect(await submit(en('account.securityInfo.add.email.submit'))).toBe(303);
    expect(path()).toMatch(/^\/account\/security-info\/methods\/[^/]+\/verify$/);
    expect(await heading()).toBe(en('account.securityInfo.verify.title'));
    await expectNoHorizontalScroll();

    const code = await codeSentTo(e2e.app, e2e.tenant.tenantId, alternateEmail);
    await page.getByLabel(en('account.securityInfo.verify.code'), { exact: true }).fill(code);
    expect(await submit(en('account.securityInfo.verify.submit'))).toBe(303);

    expect(path()).toBe('/account/security-info');
    expect((await page.getByRole('status').textContent())?.trim()).toBe(en('account.securityInfo.notice.verified'));
    const item = page.locator('.methods li', { hasText: en('account.securityInfo.type.alternateEmail') });
    expect(await item.locator('.badge').textContent()).toBe(en('account.securityInfo.status.verified'));
    // Masked, never the whole address.
    expect(await item.textContent()).not.toContain(alternateEmail);
    await expectNoHorizontalScroll();
  });

  it('sets up an authenticator app from a QR code that the CSP lets through', async () => {
    expectChromium();
    const { page } = e2e;
    await page.goto(`${e2e.baseUrl}/account/security-info/add?kind=authenticatorApp`);
    await page.getByLabel(en('account.securityInfo.add.app.label')).fill('Phone');
    expect(await submit(en('account.securityInfo.add.app.submit'))).toBe(200);
    expect(await heading()).toBe(en('account.securityInfo.app.title'));
    const qr = page.getByRole('img', { name: en('account.securityInfo.app.qrLabel') });
    const box = await qr.locator('svg').boundingBox();
    expect(box?.width, 'the QR code is drawn').toBeGreaterThan(100);
    await expectNoHorizontalScroll();

    const secret = (await page.locator('#secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(await page.getByRole('link', { name: /^otpauth:\/\/totp\// }).count()).toBe(1);
    await page.getByLabel(en('account.securityInfo.verify.code'), { exact: true }).fill(await generate({ secret }));
    expect(await submit(en('account.securityInfo.verify.submit'))).toBe(303);
    const item = page.locator('.methods li', { hasText: en('account.securityInfo.type.authenticatorApp') });
    expect(await item.locator('.badge').textContent()).toBe(en('account.securityInfo.status.verified'));
    expect(e2e.cspViolations).toEqual([]);
  });

  it('changes the email and deletes the app after a confirm page, in Dutch, without JavaScript', async () => {
    expectChromium();
    const { page } = e2e;
    const nl = (key: MessageKey, params: Record<string, string | number> = {}) => translate('nl', key, params);
    await page.goto(`${e2e.baseUrl}/account/security-info?mkt=nl-NL`);
    const appName = `${nl('account.securityInfo.type.authenticatorApp')} Phone`;
    // Held kinds are not offered again.
    expect(await page.locator('#add-kind option[value="authenticatorApp"]').count()).toBe(0);

    // Delete asks first; Cancel keeps the app.
    const openDelete = () =>
      Promise.all([
        page.waitForEvent('load'),
        page
          .getByRole('link', { name: nl('account.securityInfo.deleteFor', { method: appName }), exact: true })
          .click(),
      ]);
    await openDelete();
    expect(await heading()).toBe(nl('securityInfo.confirm.title'));
    expect(await page.locator('main').textContent()).toContain(
      nl('securityInfo.confirm.question', { method: appName }),
    );
    await expectNoHorizontalScroll();
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('link', { name: nl('securityInfo.confirm.cancel'), exact: true }).click(),
    ]);
    expect(await page.locator('.methods li', { hasText: 'Phone' }).count()).toBe(1);
    await openDelete();
    expect(await submit(nl('securityInfo.confirm.submit'))).toBe(303);
    expect((await page.getByRole('status').textContent())?.trim()).toBe(nl('account.securityInfo.notice.removed'));
    expect(await page.locator('.methods li', { hasText: 'Phone' }).count()).toBe(0);

    // Change: a new address on the kind's page, verified with its code, replaces the old one.
    const email = nl('account.securityInfo.type.alternateEmail');
    const row = page.locator('.methods li', { hasText: email });
    const oldDisplay = (await row.locator('span').nth(1).textContent())?.trim();
    await Promise.all([page.waitForEvent('load'), row.getByRole('link', { name: /wijzigen$/ }).click()]);
    expect(await heading()).toContain(email);
    await expectNoHorizontalScroll();
    const newAddress = 'zeer.nieuw@example.org';
    await page.locator('#address').fill(newAddress);
    expect(await submit(nl('account.securityInfo.add.email.submit'))).toBe(303);
    const code = await codeSentTo(e2e.app, e2e.tenant.tenantId, newAddress);
    await page.getByLabel(nl('account.securityInfo.verify.code'), { exact: true }).fill(code);
    expect(await submit(nl('account.securityInfo.verify.submit'))).toBe(303);
    expect((await page.getByRole('status').textContent())?.trim()).toBe(nl('account.securityInfo.notice.changed'));
    expect(await page.locator('.methods li', { hasText: email }).count()).toBe(1);
    expect(
      (await page.locator('.methods li', { hasText: email }).locator('span').nth(1).textContent())?.trim(),
    ).not.toBe(oldDisplay);
    // A failed post comes back by redirect at a GET address: Back and reload never resubmit.
    await page.goto(`${e2e.baseUrl}/account/security-info/add?kind=mobilePhone&mkt=nl-NL`);
    await page.locator('#number').fill('12');
    expect(await submit(nl('account.securityInfo.add.phone.submit'))).toBe(303);
    expect(path()).toBe('/account/security-info/add');
    expect(await page.getByRole('alert').textContent()).toContain(nl('account.securityInfo.error.PHONE_INVALID'));
    expect(await page.locator('#number').inputValue()).toBe('12');

    // A mobile phone's code, resent past the hour's SMS budget: the refusal is an alert, and the page's intro does
    // not claim a code was "just" sent beside it (it is also the page "Enter code" reopens later).
    await page.locator('#number').fill('+31 6 12345678');
    expect(await submit(nl('account.securityInfo.add.phone.submit'))).toBe(303);
    const intro = nl('account.securityInfo.verify.mobilePhone', { display: '+31\u00a06******78' });
    expect((await page.locator('#code-intro').textContent())?.trim()).toBe(intro);
    expect(await submit(nl('account.securityInfo.verify.resend'))).toBe(303);
    expect(await page.getByRole('status').textContent()).toContain(nl('account.securityInfo.notice.resent'));
    expect(await submit(nl('account.securityInfo.verify.resend'))).toBe(303);
    expect(await page.getByRole('alert').textContent()).toContain(nl('account.securityInfo.error.SEND_LIMIT_REACHED'));
    expect((await page.locator('#code-intro').textContent())?.trim()).toBe(intro);
    expect(intro).not.toMatch(/zojuist/);
    expect(en('account.securityInfo.verify.mobilePhone', { display: 'x' })).not.toMatch(/\bjust\b/);
    await expectNoHorizontalScroll();
    expect(e2e.cspViolations).toEqual([]);
  });
});

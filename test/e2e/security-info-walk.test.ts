import { describe, expect, it } from 'vitest';
import { translate, type MessageKey } from '../../src/i18n/i18n.js';
import { expectChromium, useBrowserWorld } from '../support/browser.js';
import { aPassword, aUser } from '../support/factories.js';
import { lastCodeTo } from '../support/security-info.js';

/**
 * What a first-time user met on the Dutch security-info pages in a real Chromium, phone-sized, JavaScript
 * off: the security questions row said "3 questions" in English, and a value past an input's maxlength (as
 * a script or an old browser sends) ended on a dead-end "We could not process this request" page whose
 * link led to sign-in. Now the row speaks Dutch and the form comes back with the limit at the field.
 */
const nl = (key: MessageKey, params: Record<string, string | number> = {}) => translate('nl', key, params);

describe('the Dutch security-info pages, walked as a new user', () => {
  let upn: string;
  const e2e = useBrowserWorld(async (app, tenant) => {
    await app.services.ssprPolicy.update(
      tenant.tenantId,
      {
        enabled: 'all',
        requireRegistration: true,
        methodsRequired: 1,
        methods: ['email', 'mobileSms', 'securityQuestions'],
      },
      { type: 'cli', id: null, upn: null },
    );
    upn = (await aUser(app, tenant.domains[0]!)).upn;
  });
  const { submit, expectNoHorizontalScroll } = e2e;
  const path = () => new URL(e2e.page.url()).pathname;

  /** Removes the inputs' maxlength, as a script or an old browser ignores it. */
  const withoutMaxLength = () =>
    e2e.page.evaluate(`document.querySelectorAll('[maxlength]').forEach((el) => el.removeAttribute('maxlength'))`);

  it('names the security questions in Dutch and brings an overlong value back to its form', async () => {
    expectChromium();
    const { page } = e2e;
    await e2e.signInInDutch(upn, aPassword);
    expect(path()).toBe('/account/security-info/interrupt');

    // Security questions: three different ones, answered.
    await page.goto(`${e2e.baseUrl}/account/security-info/add?kind=securityQuestions&mkt=nl-NL`);
    for (const n of [1, 2, 3]) {
      await page.locator(`#question${n}`).selectOption({ index: n });
      await page.locator(`#answer${n}`).fill(`antwoord nummer ${n}`);
    }
    expect(await submit(nl('account.securityInfo.add.questions.submit'))).toBe(303);
    const row = page.locator('.methods li', { hasText: nl('account.securityInfo.type.securityQuestions') });
    expect((await row.locator('span').nth(1).textContent())?.trim()).toBe(
      nl('securityInfo.questionsCount', { count: 3 }),
    );
    expect(await page.locator('main').textContent()).not.toContain('questions');
    const change = row.getByRole('link', { name: /wijzigen$/ });
    expect(await change.getAttribute('aria-label')).toBe(
      nl('securityInfo.changeFor', {
        method: `${nl('account.securityInfo.type.securityQuestions')} ${nl('securityInfo.questionsCount', { count: 3 })}`,
      }),
    );
    await expectNoHorizontalScroll();

    // A phone number far past its limit: the add page again (reached by GET), the limit said at the field.
    await page.goto(`${e2e.baseUrl}/account/security-info/add?kind=mobilePhone&mkt=nl-NL`);
    const max = Number(await page.locator('#number').getAttribute('maxlength'));
    expect(max).toBeGreaterThan(0);
    await withoutMaxLength();
    await page.locator('#number').fill('6'.repeat(5000));
    expect(await submit(nl('account.securityInfo.add.phone.submit'))).toBe(303);
    expect(path()).toBe('/account/security-info/add');
    const tooLong = nl('portal.field.tooLong', { max });
    expect((await page.locator('#number-error').textContent())?.trim()).toBe(tooLong);
    expect(await page.locator('#number').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(nl('securityInfo.add.pageTitle'));
    await expectNoHorizontalScroll();
    // A reload shows the form fresh: the refusal was shown once.
    await page.reload();
    expect(await page.locator('#number-error').count()).toBe(0);

    // An email's code far past its limit: back on the code form, which still works with the mailed code.
    const address = 'jan.thuis@example.net';
    await page.goto(`${e2e.baseUrl}/account/security-info/add?kind=alternateEmail&mkt=nl-NL`);
    await page.locator('#address').fill(address);
    expect(await submit(nl('account.securityInfo.add.email.submit'))).toBe(303);
    const codeForm = path();
    expect(codeForm).toMatch(/\/verify$/);
    // A wrong code is named at the input too, as in the reset wizard: invalid, its message linked.
    await page.locator('#code').fill('0000 0000');
    expect(await submit(nl('account.securityInfo.verify.submit'))).toBe(303);
    const codeInput = page.locator('#code');
    expect(await codeInput.getAttribute('aria-invalid')).toBe('true');
    expect(await codeInput.getAttribute('aria-describedby')).toBe('code-intro code-error');
    expect((await page.locator('#code-error').textContent())?.trim()).toBe(
      nl('account.securityInfo.error.CODE_INVALID'),
    );
    expect(await page.getByRole('alert').getByRole('link').getAttribute('href')).toBe('#code');
    // The input takes as much as the server does (a code typed in pairs with spaces is not cut off).
    expect(await codeInput.getAttribute('maxlength')).toBe('32');
    await withoutMaxLength();
    await codeInput.fill('1'.repeat(500));
    expect(await submit(nl('account.securityInfo.verify.submit'))).toBe(303);
    expect(path()).toBe(codeForm);
    expect(await page.getByRole('alert').textContent()).toContain(nl('portal.field.tooLong', { max: 32 }));
    // Sent by the delivery worker after the page answered: waited for, as a user waits for the mail.
    const code = await lastCodeTo(e2e.app, address);
    await page.locator('#code').fill(code.replace(/(\d\d)(?=\d)/g, '$1 '));
    expect(await submit(nl('account.securityInfo.verify.submit'))).toBe(303);
    expect((await page.getByRole('status').textContent())?.trim()).toBe(nl('account.securityInfo.notice.verified'));
    expect(e2e.cspViolations).toEqual([]);
  }, 120_000);
});

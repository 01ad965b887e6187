import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/core/html.js';
import { translate, type MessageKey } from '../../../src/i18n/i18n.js';
import { aTenant, aUser } from '../../support/factories.js';
import { alertOf, tokenOf } from '../../support/pages.js';
import { securityInfoBrowser } from '../../support/security-info.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';
import { sentMessages } from '../../support/outbox.js';

const cli = { type: 'cli' as const, id: null, upn: null };
/** A message as the page shows it: HTML-escaped. */
const en = (key: MessageKey, params: Record<string, string | number> = {}) => escapeHtml(translate('en', key, params));
const nl = (key: MessageKey, params: Record<string, string | number> = {}) => escapeHtml(translate('nl', key, params));

/** The address of the first Change link on the overview (the page escapes its `&`). */
const changeLinkIn = (body: string) =>
  /href="(\/account\/security-info\/add\?kind=[^"]+&amp;replaces=[^"]+)"/.exec(body)![1]!.replaceAll('&amp;', '&');

/** The security info pages driven as a browser without JavaScript would: forms, cookies, redirects. */
describe.each(testDialects())('security info pages (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { tenantName: 'Contoso' });

  const { get, postForm, postAndFollow, signIn, typeLabel, codeSentTo, onOverview } = securityInfoBrowser(ctx);

  it('interrupts a sign-in that needs registration; "Skip for now" goes on and the interrupt comes back next time', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const first = await signIn(user.upn);
    expect(first.location).toBe('/account/security-info/interrupt');
    const interrupt = await get(first.location, first.cookie);
    expect(interrupt.statusCode).toBe(200);
    expect(interrupt.body).toContain(`<h1>${en('interrupt.title')}</h1>`);
    expect(interrupt.body).toContain(en('securityInfo.countingNone', { required: 1 }));
    expect(interrupt.body).toContain('href="/account/security-info"');
    expect(interrupt.body).not.toContain(en('interrupt.looksGood'));

    const skipped = await postForm('/account/security-info/interrupt/skip', first.cookie, {
      _csrf: tokenOf(interrupt),
    });
    expect(skipped.statusCode).toBe(303);
    expect(skipped.headers.location).toBe('/account');
    expect((await get('/account', first.cookie)).body).toContain('href="/account/security-info"');

    expect((await signIn(user.upn)).location).toBe('/account/security-info/interrupt');
  });

  it('goes straight to the account when the policy does not require registration', async () => {
    const tenant = await aTenant(ctx.world.app, { name: 'Relaxed' });
    await ctx.world.app.services.ssprPolicy.update(tenant.tenantId, { requireRegistration: false }, cli);
    const user = await aUser(ctx.world.app, tenant.domains[0]!);
    const { location, cookie } = await signIn(user.upn);
    expect(location).toBe('/account');
    // Opened by hand with nothing to ask, the interrupt steps aside.
    const interrupt = await get('/account/security-info/interrupt', cookie);
    expect(interrupt.statusCode).toBe(303);
    expect(interrupt.headers.location).toBe('/account');
  });

  it('registers an alternate email with the code from the mail, after refusing a wrong code', async () => {
    const { user, cookie } = await onOverview();
    const overview = await get('/account/security-info', cookie);
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain(en('account.securityInfo.none'));
    // One picker offers the kinds; the chosen kind's form is a page of its own.
    expect(overview.body).toContain(
      `<option value="alternateEmail">${en('account.securityInfo.type.alternateEmail')}</option>`,
    );
    expect(overview.body).not.toContain('<label for="address">');
    expect(overview.body).not.toContain('id="stepUpPassword"');
    const addPage = await get('/account/security-info/add?kind=alternateEmail', cookie);
    expect(addPage.body).toContain('<label for="address">');

    const added = await postForm('/account/security-info/email', cookie, {
      _csrf: tokenOf(addPage),
      address: 'adele.home@example.net',
    });
    expect(added.statusCode, added.body).toBe(303);
    const codePage = added.headers.location as string;
    expect(codePage).toMatch(/^\/account\/security-info\/methods\/[A-Za-z0-9_-]+\/verify$/);
    const entry = await get(codePage, cookie);
    expect(entry.statusCode).toBe(200);
    expect(entry.body).toContain('<label for="code">');
    expect(entry.body).not.toContain('adele.home@example.net');

    const code = await codeSentTo(user.tenantId, 'adele.home@example.net');
    const wrongCode = code.slice(0, -1) + String((Number(code.at(-1)) + 1) % 10);
    // Post/redirect/get: the refusal is shown on the code form at its GET address.
    const wrong = await postAndFollow(codePage, cookie, { _csrf: tokenOf(entry), code: wrongCode });
    expect(wrong.location).toBe(codePage);
    expect(alertOf(wrong)).toContain(en('account.securityInfo.error.CODE_INVALID'));
    expect(wrong.body).toContain('<label for="code">');
    // Read once: a reload shows the form without the old refusal.
    expect(alertOf(await get(codePage, cookie))).toBe('');

    const pending = await get('/account/security-info', cookie);
    expect(pending.body).toContain(en('account.securityInfo.status.pending'));
    expect(pending.body).toContain(`href="${codePage}"`);
    // Changing an address that was never verified: the new one replaces it at once (one pending entry per kind),
    // so the page must not promise that the current one stays until the new one is verified.
    const changePendingPage = await get(changeLinkIn(pending.body), cookie);
    expect(changePendingPage.body).toContain(en('securityInfo.change.introReplaced'));
    expect(changePendingPage.body).not.toContain(en('securityInfo.change.intro'));

    // "Send a new code": the new code (a second later, so it is the newest mail) replaces the first.
    ctx.world.clock.advance(1);
    const resent = await postAndFollow(codePage.replace(/verify$/, 'resend'), cookie, { _csrf: tokenOf(wrong) });
    expect(resent.statusCode).toBe(200);
    expect(resent.body).toContain(en('account.securityInfo.notice.resent'));
    expect(
      await sentMessages(ctx.world.app, { tenantId: user.tenantId, recipient: 'adele.home@example.net' }),
    ).toHaveLength(2);
    const verified = await postForm(codePage, cookie, {
      _csrf: tokenOf(resent),
      code: await codeSentTo(user.tenantId, 'adele.home@example.net'),
    });
    expect(verified.statusCode, verified.body).toBe(303);
    expect(verified.headers.location).toBe('/account/security-info?notice=verified');
    expect((await get('/account/security-info?mkt=nl-NL', cookie)).body).toContain('U hebt 1 aanmeldmethode.');
    const done = await get(verified.headers.location as string, cookie);
    expect(done.body).toContain(en('account.securityInfo.notice.verified'));
    expect(done.body).toContain(`<span class="badge verified">${en('account.securityInfo.status.verified')}</span>`);
    expect(done.body).toContain('You have 1 sign-in method.');
    expect(done.body).toContain(
      en('securityInfo.counting', { registered: 1, required: 1, kinds: typeLabel('en', 'alternateEmail') }),
    );
    expect(done.body).toContain(en('securityInfo.counts'));
    // Changing the verified one: it stays until the new one is verified, and the page says so.
    const changeVerifiedPage = await get(changeLinkIn(done.body), cookie);
    expect(changeVerifiedPage.body).toContain(en('securityInfo.change.intro'));
    expect(changeVerifiedPage.body).not.toContain(en('securityInfo.change.introReplaced'));
    // Held now: the picker no longer offers it.
    expect(done.body).not.toContain('<option value="alternateEmail">');
    // Registered: the next sign-in goes straight to the account.
    expect((await signIn(user.upn)).location).toBe('/account');
  });

  it('says a code with letters or no code is a typing slip, counts no attempt, and reads full-width digits', async () => {
    const { user, cookie, overview } = await onOverview();
    const added = await postForm('/account/security-info/email', cookie, {
      _csrf: tokenOf(overview),
      address: 'slip@example.net',
    });
    const codePage = added.headers.location as string;
    let page = await get(codePage, cookie);
    // More slips than a code has attempts (5): none of them may use one up.
    for (const typed of ['abcdefgh', '1234567O', '', '   ', 'code', 'x']) {
      const refused = await postAndFollow(codePage, cookie, { _csrf: tokenOf(page), code: typed });
      expect(refused.location).toBe(codePage);
      page = refused;
      const slip = typed.trim() === '' ? 'portal.code.empty' : 'portal.code.notDigits';
      expect(alertOf(page), JSON.stringify(typed)).toContain(en(slip));
    }
    const code = await codeSentTo(user.tenantId, 'slip@example.net');
    const fullWidth = [...code].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');
    const verified = await postForm(codePage, cookie, { _csrf: tokenOf(page), code: fullWidth });
    expect(verified.headers.location).toBe('/account/security-info?notice=verified');
    const api = await ctx.server.inject({
      method: 'POST',
      url: `${codePage.replace('/account/security-info', '/api/v1/me')}`,
      headers: { cookie },
      payload: { code: 'abc' },
    });
    expect(api.statusCode).toBe(400);
    expect(api.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'code', reason: 'notDigits' });
  });

  it('shows a refused address as a sentence, keeping what was typed', async () => {
    const { cookie, overview } = await onOverview();
    const refused = await postAndFollow('/account/security-info/email', cookie, {
      _csrf: tokenOf(overview),
      address: 'not an address',
    });
    expect(refused.location).toBe('/account/security-info/add?kind=alternateEmail');
    expect(alertOf(refused)).toContain(en('account.securityInfo.error.EMAIL_INVALID'));
    expect(refused.body).toContain('value="not an address"');
    expect(refused.body).toContain(
      `<p class="field-error" id="address-error">${en('account.securityInfo.error.EMAIL_INVALID')}</p>`,
    );
    const unknownMethod = await postAndFollow('/account/security-info/methods/no-such-method/delete', cookie, {
      _csrf: tokenOf(overview),
    });
    expect(unknownMethod.location).toBe('/account/security-info');
    expect(alertOf(unknownMethod)).toContain(en('account.securityInfo.error.METHOD_NOT_FOUND'));
  });

  it('speaks Dutch on the interrupt and the security info page', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const { location, cookie } = await signIn(user.upn, '?mkt=nl-NL');
    expect(location).toBe('/account/security-info/interrupt?mkt=nl-NL');
    const interrupt = await get(location, cookie);
    expect(interrupt.body).toContain('<html lang="nl">');
    expect(interrupt.body).toContain('Zorg dat u de toegang tot uw account niet kwijtraakt!');
    expect(interrupt.body).toContain(nl('interrupt.skip'));
    expect(interrupt.body).toContain('href="/account/security-info?mkt=nl-NL"');
    const page = await get('/account/security-info?mkt=nl-NL', cookie);
    expect(page.body).toContain(`<h1>${nl('account.securityInfo.title')}</h1>`);
    expect(page.body).toContain(nl('securityInfo.addPicker.title'));
    expect(page.body).toContain('<input type="hidden" name="mkt" value="nl-NL">');
    const addPhone = await get('/account/security-info/add?mkt=nl-NL&kind=mobilePhone', cookie);
    expect(addPhone.body).toContain('<html lang="nl">');
    const refused = await postAndFollow('/account/security-info/phone?mkt=nl-NL', cookie, {
      _csrf: tokenOf(addPhone),
      number: '12',
    });
    expect(refused.location).toBe('/account/security-info/add?mkt=nl-NL&kind=mobilePhone');
    expect(refused.body).toContain('<html lang="nl">');
    expect(alertOf(refused)).toContain(nl('account.securityInfo.error.PHONE_INVALID'));
    // The message at its field too: the input points at it, and the summary links to the input.
    const atField = (page: Parameters<typeof alertOf>[0], key: MessageKey, say: typeof nl) => {
      expect(page.body).toContain(`<p class="field-error" id="number-error">${say(key)}</p>`);
      expect(page.body).toMatch(
        /<input type="tel" id="number"[^>]* aria-invalid="true" aria-describedby="number-hint number-error"/,
      );
      expect(alertOf(page)).toContain(`<a href="#number">${say(key)}</a>`);
    };
    atField(refused, 'account.securityInfo.error.PHONE_INVALID', nl);
    expect(addPhone.body).not.toContain('aria-invalid');
    expect(addPhone.body).toContain(`<h2 id="add-phone">${nl('account.securityInfo.add.phone.title')}</h2>`);
    // A premium-rate number (checklist §11 row 9): refused with its own message, in Dutch and English; nothing sent.
    const premium = await postAndFollow('/account/security-info/phone?mkt=nl-NL', cookie, {
      _csrf: tokenOf(refused),
      number: '+31 900 1234567',
    });
    expect(alertOf(premium)).toContain(nl('account.securityInfo.error.PHONE_TYPE_NOT_ALLOWED'));
    const premiumEn = await postAndFollow('/account/security-info/phone', cookie, {
      _csrf: tokenOf(premium),
      number: '+31 900 1234567',
    });
    expect(alertOf(premiumEn)).toContain(en('account.securityInfo.error.PHONE_TYPE_NOT_ALLOWED'));
    atField(premium, 'account.securityInfo.error.PHONE_TYPE_NOT_ALLOWED', nl);
    atField(premiumEn, 'account.securityInfo.error.PHONE_TYPE_NOT_ALLOWED', en);
    expect(await sentMessages(ctx.world.app, { tenantId: user.tenantId, recipient: '+319001234567' })).toEqual([]);
    // The country picker: the tenant's countries with their codes; a national number is read as the picked country's.
    expect(addPhone.body).toContain('<select id="country" name="country" aria-describedby="country-hint">');
    expect(addPhone.body).toContain('<option value="NL">NL (+31)</option>');
    // Beside the picker the number's hint allows a national number ("international format" contradicted it).
    expect(addPhone.body).toContain(`id="number-hint">${nl('account.securityInfo.add.phone.hintWithCountry')}<`);
    expect(addPhone.body).not.toContain(nl('account.securityInfo.add.phone.hint'));
    expect(premiumEn.body).toContain(`id="number-hint">${en('account.securityInfo.add.phone.hintWithCountry')}<`);
    const national = await postForm('/account/security-info/phone?mkt=nl-NL', cookie, {
      _csrf: tokenOf(premiumEn),
      country: 'NL',
      number: '06 12345678',
    });
    expect(national.statusCode, national.body).toBe(303);
    expect(national.headers.location).toMatch(/^\/account\/security-info\/methods\/[^/]+\/verify\?mkt=nl-NL$/);
    const [text] = await sentMessages(ctx.world.app, { tenantId: user.tenantId, recipient: '+31612345678' });
    expect(text?.channel).toBe('sms');
    // The masked number stays on one line on a narrow screen: "+31" and the rest joined by a no-break space.
    const verify = await get(String(national.headers.location), cookie);
    expect(verify.body).toContain(nl('account.securityInfo.verify.mobilePhone', { display: '+31\u00a06******78' }));
  });

  it('refuses every form without the CSRF token and changes nothing', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const { cookie } = await signIn(user.upn);
    const response = await postForm('/account/security-info/email', cookie, { address: 'csrf@example.net' });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('CSRF_INVALID');
    for (const url of [
      '/account/security-info/step-up',
      '/account/security-info/interrupt/confirm',
      '/account/security-info/methods/x/delete',
    ]) {
      expect((await postForm(url, cookie, {})).statusCode, url).toBe(403);
    }
    expect(await sentMessages(ctx.world.app, { tenantId: user.tenantId, recipient: 'csrf@example.net' })).toEqual([]);
  });
});

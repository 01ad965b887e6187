import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/core/html.js';
import { translate, type MessageKey } from '../../../src/i18n/i18n.js';
import { aPassword, aUser } from '../../support/factories.js';
import { alertOf, codeSentTo as codeSentToOutbox, pageClient, tokenOf } from '../../support/pages.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';
import { sentMessages } from '../../support/outbox.js';

/** A message as the page shows it: HTML-escaped. */
const en = (key: MessageKey, params: Record<string, string | number> = {}) => escapeHtml(translate('en', key, params));

/**
 * Step-up on the security info pages: ten minutes after sign-in, changes need the password again,
 * or a code from security info the user already has (a mailed code, or the authenticator app).
 */
describe.each(testDialects())('security info step-up pages (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);
  const { get, postForm, postAndFollow, signIn } = pageClient(() => ctx.server);
  const addEmail = '/account/security-info/add?kind=alternateEmail';
  const codeSentTo = (tenantId: string, recipient: string) => codeSentToOutbox(ctx.world.app, tenantId, recipient);
  const tenMinutes = 10 * 60;

  it('asks for the password again after 10 minutes, and lets changes through after it', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const { cookie } = await signIn(user.upn);
    ctx.world.clock.advance(tenMinutes + 60);
    const stale = await get('/account/security-info', cookie);
    expect(stale.body).toContain('<label for="stepUpPassword">');
    expect(stale.body).not.toContain('<label for="address">');

    // The add page itself sends a stale session back to the overview, which asks for the password.
    expect((await get(addEmail, cookie)).headers.location).toBe('/account/security-info');
    const refused = await postAndFollow('/account/security-info/email', cookie, {
      _csrf: tokenOf(stale),
      address: 'late@example.net',
    });
    expect(refused.location).toBe('/account/security-info');
    expect(alertOf(refused)).toContain(en('account.securityInfo.error.STEP_UP_REQUIRED'));
    expect(refused.body).toContain('<label for="stepUpPassword">');
    expect(await sentMessages(ctx.world.app, { tenantId: user.tenantId, recipient: 'late@example.net' })).toEqual([]);

    const badPassword = await postAndFollow('/account/security-info/step-up', cookie, {
      _csrf: tokenOf(refused),
      password: 'Not-My-Password-1',
    });
    expect(badPassword.location).toBe('/account/security-info');
    expect(alertOf(badPassword)).not.toBe('');
    expect(badPassword.body).toContain('<label for="stepUpPassword">');

    const stepped = await postForm('/account/security-info/step-up', cookie, {
      _csrf: tokenOf(badPassword),
      password: aPassword,
    });
    expect(stepped.statusCode).toBe(303);
    const fresh = await get(stepped.headers.location as string, cookie);
    expect(fresh.body).toContain(en('account.securityInfo.notice.stepUp'));
    expect(fresh.body).toContain('<option value="alternateEmail">');
    const added = await postForm('/account/security-info/email', cookie, {
      _csrf: tokenOf(await get(addEmail, cookie)),
      address: 'late@example.net',
    });
    expect(added.statusCode).toBe(303);
  });

  it('steps up with a code mailed to a verified alternate email instead of the password', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const { cookie } = await signIn(user.upn);
    const overview = await get(addEmail, cookie);
    const added = await postForm('/account/security-info/email', cookie, {
      _csrf: tokenOf(overview),
      address: 'adele.stepup@example.net',
    });
    const codePage = added.headers.location as string;
    const code = await codeSentTo(user.tenantId, 'adele.stepup@example.net');
    expect((await postForm(codePage, cookie, { _csrf: tokenOf(overview), code })).statusCode).toBe(303);
    // Back to the code form it was verified on: nothing was sent, so no "we sent a code" page; the overview.
    const back = await get(codePage, cookie);
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe('/account/security-info');

    ctx.world.clock.advance(tenMinutes + 60);
    const stale = await get('/account/security-info', cookie);
    expect(stale.body).toContain(en('account.securityInfo.stepUp.orMethod'));
    const sendCode = /<form method="post" action="([^"]+\/resend)">/.exec(stale.body)?.[1];
    expect(sendCode).toBe(codePage.replace(/verify$/, 'resend'));
    const sent = await postAndFollow(sendCode!, cookie, { _csrf: tokenOf(stale) });
    expect(sent.location).toBe(`${codePage}?sent=1`);
    expect(sent.body).toContain('<label for="code">');
    expect(sent.body).not.toContain(en('account.securityInfo.notice.resent'));

    const wrong = await postAndFollow(codePage, cookie, { _csrf: tokenOf(sent), code: '00000000' });
    expect(wrong.location).toBe(`${codePage}?sent=1`);
    expect(alertOf(wrong)).toContain(en('account.securityInfo.error.CODE_INVALID'));
    expect(wrong.body).toContain('<label for="code">');
    const stepped = await postForm(codePage, cookie, {
      _csrf: tokenOf(wrong),
      code: await codeSentTo(user.tenantId, 'adele.stepup@example.net'),
    });
    expect(stepped.statusCode, stepped.body).toBe(303);
    expect(stepped.headers.location).toBe('/account/security-info?notice=stepUp');
    const fresh = await get(stepped.headers.location as string, cookie);
    expect(fresh.body).toContain(en('account.securityInfo.notice.stepUp'));
    // Fresh again: the picker is back instead of the password form.
    expect(fresh.body).toContain('<select id="add-kind" name="kind">');
    expect(fresh.body).not.toContain('id="stepUpPassword"');
  });

  it('steps up with a code from a verified authenticator app', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const { cookie } = await signIn(user.upn);
    const overview = await get('/account/security-info/add?kind=authenticatorApp', cookie);
    const setup = await postForm('/account/security-info/app', cookie, { _csrf: tokenOf(overview), label: 'Pocket' });
    const secret = /<code class="secret" id="secret">([A-Z2-7]+)<\/code>/.exec(setup.body)![1]!;
    const codePage = /action="(\/account\/security-info\/methods\/[^/]+\/verify)"/.exec(setup.body)![1]!;
    const totpAt = () => generate({ secret, epoch: Math.floor(ctx.world.clock.now().getTime() / 1000) });
    expect((await postForm(codePage, cookie, { _csrf: tokenOf(setup), code: await totpAt() })).statusCode).toBe(303);

    ctx.world.clock.advance(tenMinutes + 60);
    const stale = await get('/account/security-info', cookie);
    expect(stale.body).toContain(`<a href="${codePage}">`);
    const entry = await get(codePage, cookie);
    expect(entry.statusCode).toBe(200);
    expect(entry.body).not.toContain(secret);
    const stepped = await postForm(codePage, cookie, { _csrf: tokenOf(entry), code: await totpAt() });
    expect(stepped.statusCode, stepped.body).toBe(303);
    expect(stepped.headers.location).toBe('/account/security-info?notice=stepUp');
    expect((await get(addEmail, cookie)).body).toContain('<label for="address">');
  });
});

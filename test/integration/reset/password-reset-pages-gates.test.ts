import { describe, expect, it } from 'vitest';
import { normaliseAnswer } from '../../../src/core/methods/security-questions.js';
import type { Tenant } from '../../../src/core/model.js';
import { escapeHtml } from '../../../src/core/html.js';
import { translate, type MessageKey } from '../../../src/i18n/i18n.js';
import { aPassword, aTenant } from '../../support/factories.js';
import { signInApi } from '../../support/http.js';
import { alertOf } from '../../support/pages.js';
import { testDialects } from '../../support/postgres.js';
import { aResetUser } from '../../support/reset.js';
import { csrfOf, flowIdIn, methodIdFor, resetBrowser } from '../../support/reset-pages.js';
import { lastCodeTo } from '../../support/security-info.js';
import { useHttpWorld } from '../../support/world.js';
import { sentMessages } from '../../support/outbox.js';

const en = (key: MessageKey, params: Record<string, string | number> = {}) => escapeHtml(translate('en', key, params));
const env = {
  SSPR_CAPTCHA_DIFFICULTY: '2000',
  SSPR_RESET_RATE_LIMIT: '100000',
  SSPR_RESET_TENANT_RATE_LIMIT: '100000',
};
const admin = { type: 'cli' as const, id: null, upn: null };

/** The wizard's other paths, through the forms: two gates, calls, questions, unlock, refusals, the helpdesk. */
describe.each(testDialects())('password reset pages: gates and refusals (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { env });
  const app = () => ctx.world.app;
  const policyTenant = async (
    changes: Parameters<ReturnType<typeof app>['services']['ssprPolicy']['update']>[1],
  ): Promise<Tenant> => {
    const tenant = await aTenant(app(), { name: 'Fabrikam' });
    await app().services.ssprPolicy.update(tenant.tenantId, changes, admin);
    return tenant;
  };

  /** Start → solved CAPTCHA → intent → the method list. */
  const toMethods = async (upn: string, intent: 'reset' | 'unlock' = 'reset') => {
    const browser = resetBrowser(() => ctx.server);
    const start = await browser.get('/passwordreset');
    const started = await browser.post('/passwordreset', {
      _csrf: csrfOf(start),
      username: upn,
      captcha: await browser.solveCaptcha(),
    });
    expect(started.statusCode, started.body).toBe(303);
    const intentPage = await browser.get('/passwordreset/flow');
    const chosen = await browser.post('/passwordreset/intent', { _csrf: csrfOf(intentPage), intent });
    expect(chosen.statusCode, chosen.body).toBe(303);
    return { browser, intentPage, methods: await browser.get('/passwordreset/flow') };
  };

  const challenge = async (
    browser: ReturnType<typeof resetBrowser>,
    page: { body: string },
    label: MessageKey,
    phoneNumber?: string,
  ) =>
    browser.post('/passwordreset/challenge', {
      _csrf: csrfOf(page as never),
      methodId: methodIdFor(page as never, en(label)),
      ...(phoneNumber !== undefined && { phoneNumber }),
    });

  const verifyCode = async (browser: ReturnType<typeof resetBrowser>, code: string) => {
    const page = await browser.get('/passwordreset/flow');
    const methodId = /name="methodId" value="([^"]+)"/.exec(page.body)![1]!;
    return browser.post('/passwordreset/verify', { _csrf: csrfOf(page), methodId, code });
  };

  it('walks two gates: email, then a text after the typed number matches the one on file', async () => {
    const tenant = await policyTenant({ methodsRequired: 2 });
    const user = await aResetUser(app(), tenant, { mobilePhone: '+31612345678' });
    const { browser, methods } = await toMethods(user.upn);
    expect(methods.body).toContain(en('reset.verify.step', { step: 1, total: 2 }));
    expect((await challenge(browser, methods, 'reset.method.email')).statusCode).toBe(303);
    expect((await verifyCode(browser, await lastCodeTo(app(), user.alternateEmail!))).statusCode).toBe(303);

    const second = await browser.get('/passwordreset/flow');
    expect(second.body).toContain(`<h2>${en('reset.verify.step', { step: 2, total: 2 })}</h2>`);
    expect(second.body).not.toContain(`>${en('reset.method.email')}</h3>`);
    // The masked number stays on one line on a narrow screen: "+31" and the rest joined by a no-break space.
    expect(second.body).toContain('(+31\u00a06******78)');
    expect(second.body).not.toContain('+31 6******78');
    // A number not on file reads as one that is ("if this is the number…"), and nothing is sent: no oracle.
    const mismatch = await challenge(browser, second, 'reset.method.mobileSms', '+31 6 12345679');
    expect(mismatch.statusCode).toBe(303);
    expect((await browser.get('/passwordreset/flow')).body).toContain(en('reset.code.sent.mobileSms'));
    const again = await browser.get('/passwordreset/methods');
    expect((await challenge(browser, again, 'reset.method.mobileSms', '+31 6 1234 5678')).statusCode).toBe(303);
    expect((await browser.get('/passwordreset/flow')).body).toContain(en('reset.code.sent.mobileSms'));
    expect((await verifyCode(browser, await lastCodeTo(app(), '+31612345678'))).statusCode).toBe(303);
    expect((await browser.get('/passwordreset/flow')).body).toContain(`<h2>${en('reset.password.heading')}</h2>`);
  });

  it('passes a call gate only after the call is answered with #', async () => {
    const tenant = await policyTenant({ methods: ['email', 'mobileSms', 'mobileVoice', 'officeVoice'] });
    const user = await aResetUser(app(), tenant, { officePhone: '+31201234567' });
    const { browser, methods } = await toMethods(user.upn);
    expect((await challenge(browser, methods, 'reset.method.officeVoice', '+31 20 123 4567')).statusCode).toBe(303);
    const waiting = await browser.get('/passwordreset/flow');
    expect(waiting.body).toContain(en('reset.call.placed'));
    const methodId = /name="methodId" value="([^"]+)"/.exec(waiting.body)![1]!;
    const early = await browser.submit('/passwordreset/verify', { _csrf: csrfOf(waiting), methodId });
    expect(early.statusCode).toBe(409);
    expect(alertOf(early)).toContain(en('reset.error.CALL_NOT_ANSWERED'));
    const [call] = await sentMessages(app(), { recipient: '+31201234567', limit: 1 });
    expect((await app().services.voiceCalls.answer(tenant.tenantId, call!.subject!, '#')).ok).toBe(true);
    expect((await browser.post('/passwordreset/verify', { _csrf: csrfOf(early), methodId })).statusCode).toBe(303);
    expect((await browser.get('/passwordreset/flow')).body).toContain(en('reset.password.heading'));
  });

  it('asks the security questions, asks new ones after a wrong answer, then lets the user on', async () => {
    const tenant = await policyTenant({
      methods: ['email', 'securityQuestions'],
      questionsToRegister: 3,
      questionsToReset: 3,
    });
    const user = await aResetUser(app(), tenant, { alternateEmail: '' });
    const ids = ['q01', 'q02', 'q03'];
    const answerOf = (id: string) => `answer ${id}`;
    await app().store.securityInfo.replaceAnswers(
      tenant.tenantId,
      user.userId,
      await Promise.all(
        ids.map(async (questionId) => ({
          tenantId: tenant.tenantId,
          userId: user.userId,
          questionId,
          answerHash: await app().services.deps.hasher.hash(normaliseAnswer(answerOf(questionId))),
          createdAt: '2026-03-01T09:00:00.000Z',
        })),
      ),
    );
    const { browser, methods } = await toMethods(user.upn);
    expect((await challenge(browser, methods, 'reset.method.securityQuestions')).statusCode).toBe(303);
    /** The questions the flow asks now, in the order the page shows them. */
    const askedNow = async () => {
      const view = await app().services.passwordReset.view(flowIdIn(browser, app()), {
        ipAddress: null,
        locale: 'en',
        supportCode: 'test',
      });
      if (!view.ok) throw new Error(view.code);
      return view.value.challenge!.questions!;
    };
    const asked = await browser.get('/passwordreset/flow');
    expect(asked.body).toContain(en('reset.questions.intro'));
    // Nothing was sent, so the page does not ask "Didn't get anything?": it offers another method instead.
    expect(asked.body).not.toContain(en('reset.retry.note'));
    expect(asked.body).toContain(en('reset.retry.otherNote'));
    expect(asked.body).toContain(`>${en('reset.retry.otherMethod')}</a>`);
    const questions = await askedNow();
    expect(questions).toHaveLength(3);
    questions.forEach((q, i) =>
      expect(asked.body).toContain(`<label for="answer${i + 1}">${escapeHtml(q.text)}</label>`),
    );
    const methodId = /name="methodId" value="([^"]+)"/.exec(asked.body)![1]!;
    const answers = (ids: string[], wrongFirst: boolean) =>
      Object.fromEntries(ids.map((id, i) => [`answer${i + 1}`, wrongFirst && i === 0 ? 'wrong' : answerOf(id)]));

    const wrong = await browser.submit('/passwordreset/verify', {
      _csrf: csrfOf(asked),
      methodId,
      ...answers(
        questions.map((q) => q.id),
        true,
      ),
    });
    expect(wrong.statusCode).toBe(400);
    expect(alertOf(wrong)).toContain(en('reset.error.ANSWER_WRONG'));
    expect(wrong.body).toContain('name="answer1"');
    const repicked = (await askedNow()).map((q) => q.id);
    expect(
      (await browser.post('/passwordreset/verify', { _csrf: csrfOf(wrong), methodId, ...answers(repicked, false) }))
        .statusCode,
    ).toBe(303);
    expect((await browser.get('/passwordreset/flow')).body).toContain(en('reset.password.heading'));
  });

  it('unlocks a locked account without a new password; the old one signs in again', async () => {
    const tenant = await policyTenant({});
    const user = await aResetUser(app(), tenant);
    for (let i = 0; i < 10; i += 1) await signInApi(ctx.server, user.upn, `Wrong-password-${i}`);
    expect((await signInApi(ctx.server, user.upn, aPassword)).json().code).toBe('ACCOUNT_LOCKED');

    const { browser, intentPage, methods } = await toMethods(user.upn, 'unlock');
    expect(intentPage.body).toContain(en('reset.intent.unlock'));
    expect((await challenge(browser, methods, 'reset.method.email')).statusCode).toBe(303);
    expect((await verifyCode(browser, await lastCodeTo(app(), user.alternateEmail!))).statusCode).toBe(303);
    const unlockPage = await browser.get('/passwordreset/flow');
    expect(unlockPage.body).toContain(`<h2>${en('reset.unlock.heading')}</h2>`);
    const done = await browser.submit('/passwordreset/unlock', { _csrf: csrfOf(unlockPage) });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain(en('reset.done.unlock'));
    expect(done.body.split(en('reset.done.unlock')).length - 1).toBe(1);
    expect((await signInApi(ctx.server, user.upn, aPassword)).statusCode).toBe(200);
  });

  it('says why when the tenant reveals eligibility, and tells an on-premises user SSPR_0010 at the password step', async () => {
    const revealing = await policyTenant({ revealEligibility: true });
    const unlicensed = await aResetUser(app(), revealing, { licensed: false });
    const browser = resetBrowser(() => ctx.server);
    const start = await browser.get('/passwordreset');
    await browser.post('/passwordreset', {
      _csrf: csrfOf(start),
      username: unlicensed.upn,
      captcha: await browser.solveCaptcha(),
    });
    const told = await browser.get('/passwordreset/flow');
    expect(alertOf(told)).toContain(en('reset.ineligible.SSPR_0012'));
    expect(told.body).toContain(en('reset.retry.contactAdmin'));

    const tenant = await policyTenant({});
    const synced = await aResetUser(app(), tenant, { source: 'synced' });
    const walk = await toMethods(synced.upn);
    await challenge(walk.browser, walk.methods, 'reset.method.email');
    await verifyCode(walk.browser, await lastCodeTo(app(), synced.alternateEmail!));
    const passwordPage = await walk.browser.get('/passwordreset/flow');
    const refused = await walk.browser.submit('/passwordreset/password', {
      _csrf: csrfOf(passwordPage),
      newPassword: 'Tulip-Canal-Bridge-88',
      confirmPassword: 'Tulip-Canal-Bridge-88',
    });
    expect(refused.statusCode).toBe(403);
    expect(alertOf(refused)).toContain(en('reset.ineligible.SSPR_0010'));
  });

  it('blocks after too many phone checks and says when to try again', async () => {
    const tenant = await policyTenant({});
    const user = await aResetUser(app(), tenant, { mobilePhone: '+31612340099' });
    const { browser, methods } = await toMethods(user.upn);
    let page = methods;
    // Numbers not on file are answered as if they were, but each check counts.
    for (let i = 0; i < 5; i += 1) {
      expect((await challenge(browser, page, 'reset.method.mobileSms', '+31 6 00000000')).statusCode).toBe(303);
      page = await browser.get('/passwordreset/methods');
    }
    const refusal = await challenge(browser, page, 'reset.method.mobileSms', '+31 6 00000000');
    expect(refusal.statusCode).toBe(303);
    const blocked = await browser.get(refusal.headers.location as string);
    expect(blocked.statusCode).toBe(429);
    expect(alertOf(blocked)).toMatch(
      /For your security, you can try again after \d{1,2} \w+ \d{4} at \d{2}:\d{2} UTC\./,
    );
  });

  it('contacts the administrators, or shows the helpdesk link the tenant set', async () => {
    const tenant = await policyTenant({});
    const user = await aResetUser(app(), tenant);
    const { browser, methods } = await toMethods(user.upn);
    await challenge(browser, methods, 'reset.method.email');
    const waiting = await browser.get('/passwordreset/flow');
    expect(waiting.body).toContain(`action="/passwordreset/contact-admin?f=${browser.tab.handle}"`);
    const contacted = await browser.submit('/passwordreset/contact-admin', { _csrf: csrfOf(waiting) });
    expect(contacted.statusCode).toBe(200);
    expect(contacted.body).toContain(en('reset.contacted.body'));

    await app().services.ssprPolicy.update(
      tenant.tenantId,
      { helpdesk: { kind: 'url', url: 'https://help.example/sspr' } },
      admin,
    );
    const linked = await toMethods(user.upn);
    await challenge(linked.browser, linked.methods, 'reset.method.email');
    const offer = await linked.browser.get('/passwordreset/flow');
    expect(offer.body).toContain('<a href="https://help.example/sspr" rel="noopener noreferrer">');
  });
});

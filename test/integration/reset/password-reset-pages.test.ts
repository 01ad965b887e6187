import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/core/html.js';
import { translate, type MessageKey } from '../../../src/i18n/i18n.js';
import { aTenant, aUser } from '../../support/factories.js';
import { signInApi } from '../../support/http.js';
import { alertOf, codeSentTo } from '../../support/pages.js';
import { testDialects } from '../../support/postgres.js';
import {
  csrfOf,
  flowIdIn,
  methodIdFor,
  resetBrowser,
  tabCookieOf,
  urlsOf,
  withoutHandle,
} from '../../support/reset-pages.js';
import { useHttpWorld } from '../../support/world.js';

/** A message as the page shows it: HTML-escaped. */
const en = (key: MessageKey, params: Record<string, string | number> = {}) => escapeHtml(translate('en', key, params));
const nl = (key: MessageKey, params: Record<string, string | number> = {}) => escapeHtml(translate('nl', key, params));
const newPassword = 'Brand-New-Passphrase-77';

/** The /passwordreset wizard driven as a browser without JavaScript (the CAPTCHA solved as its script does). */
describe.each(testDialects())('password reset pages (%s)', (dialect) => {
  // A tiny proof of work keeps the tests quick; the browser test solves a real-sized one.
  const ctx = useHttpWorld(dialect, {
    tenantName: 'Contoso',
    env: { SSPR_CAPTCHA_DIFFICULTY: '2000', SSPR_RESET_RATE_LIMIT: '100000' },
  });

  /** A licensed user with an alternate email: eligible for a one-gate email reset under the default policy. */
  const anEligibleUser = async () => {
    const tenant = await aTenant(ctx.world.app, { name: 'Fabrikam' });
    await ctx.world.app.services.licensing.setSubscription(tenant.tenantId, 'AAD_PREMIUM_P1', 5, 'add');
    const alternateEmail = `adele.${Math.random().toString(36).slice(2)}@home.example`;
    const user = await aUser(ctx.world.app, tenant.domains[0]!, { alternateEmail });
    const { user: stored } = await ctx.world.app.services.users.findUserWithTenant(user.upn);
    await ctx.world.app.services.licensing.assignToUser(stored, 'AAD_PREMIUM_P1', 'NL');
    return { tenant, user, alternateEmail };
  };

  /** Start page → user ID + solved proof of work → the flow page. */
  const startFor = async (browser: ReturnType<typeof resetBrowser>, upn: string, mkt = '') => {
    const start = await browser.get(`/passwordreset${mkt}`);
    expect(start.statusCode).toBe(200);
    const started = await browser.post(`/passwordreset${mkt}`, {
      _csrf: csrfOf(start),
      username: upn,
      captcha: await browser.solveCaptcha(),
    });
    expect(started.statusCode, started.body).toBe(303);
    expect(withoutHandle(started.headers.location)).toBe(`/passwordreset/flow${mkt}`);
    return browser.get(started.headers.location as string);
  };

  it('resets a password with an email code from the outbox, after refusing a wrong code; no sign-in follows', async () => {
    const { tenant, user, alternateEmail } = await anEligibleUser();
    const browser = resetBrowser(() => ctx.server);

    const signin = await browser.get('/signin');
    expect(signin.body).toContain(`<a href="/passwordreset">${en('reset.signinLink')}</a>`);

    const start = await browser.get('/passwordreset');
    expect(start.body).toContain(`<h1>${en('reset.title')}</h1>`);
    expect(start.body).toContain('<script src="/static/reset-captcha.js" defer></script>');
    expect(start.body).toContain(`<noscript><p class="status">${en('reset.captcha.noscript')}</p></noscript>`);
    expect(start.body).toMatch(/Support code: <span class="support-code">[0-9a-f-]{36}<\/span>/);

    const intent = await startFor(browser, user.upn);
    // The tab's cookie is named after its handle and holds the flow id sealed: the browser cannot read it.
    const [flowCookieName, flowCookie] = tabCookieOf(browser)!;
    expect(flowCookieName).toBe(`sspr_reset_${browser.tab.handle}`);
    const flowId = flowIdIn(browser, ctx.world.app);
    expect(flowId).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(flowCookie).toMatch(/^v1\.[A-Za-z0-9_.-]{40,}$/);
    const setCookie = browser.responses
      .flatMap((r) => r.headers['set-cookie'] ?? [])
      .find((c) => String(c).startsWith(`${flowCookieName}=`));
    expect(String(setCookie)).toMatch(/HttpOnly/i);
    expect(String(setCookie)).toMatch(/SameSite=Strict/i);

    expect(intent.statusCode).toBe(200);
    expect(intent.body).toContain(en('reset.intent.reset'));
    // Unlocking is offered whenever the policy allows it, locked or not (whether it was is told after the gates).
    expect(intent.body).toContain(en('reset.intent.unlock'));
    const chosen = await browser.post('/passwordreset/intent', { _csrf: csrfOf(intent), intent: 'reset' });
    expect(chosen.statusCode).toBe(303);

    const methods = await browser.get('/passwordreset/flow');
    expect(methods.body).toContain(`<h2>${en('reset.verify.step', { step: 1, total: 1 })}</h2>`);
    expect(methods.body).toContain(en('reset.method.email'));
    const challenged = await browser.post('/passwordreset/challenge', {
      _csrf: csrfOf(methods),
      methodId: methodIdFor(methods, en('reset.method.email')),
    });
    expect(challenged.statusCode, challenged.body).toBe(303);

    const codePage = await browser.get('/passwordreset/flow');
    expect(codePage.body).toContain(en('reset.code.sent.email'));
    expect(codePage.body).toContain(en('reset.retry.tryAgain'));
    expect(codePage.body).toContain(en('reset.retry.contactAdmin'));
    // The support code on the page is the one the service was given (and the response header carries).
    expect(codePage.body).toContain(
      `<span class="support-code">${String(codePage.headers['x-sspr-support-code'])}</span>`,
    );
    // "Try again" leads back to the method list while the code is still open.
    expect(codePage.body).toContain(`<a href="/passwordreset/methods?f=${browser.tab.handle}">`);
    const retry = await browser.get('/passwordreset/methods');
    expect(retry.body).toContain(en('reset.verify.choose'));
    expect(retry.body).not.toContain('name="code"');
    const code = await codeSentTo(ctx.world.app, tenant.tenantId, alternateEmail);
    const methodId = /name="methodId" value="([^"]+)"/.exec(codePage.body)![1]!;
    const wrong = await browser.submit('/passwordreset/verify', {
      _csrf: csrfOf(codePage),
      methodId,
      code: code === '00000000' ? '11111111' : '00000000',
    });
    expect(wrong.statusCode).toBe(400);
    expect(alertOf(wrong)).toContain(en('reset.error.CODE_INVALID'));

    const verified = await browser.post('/passwordreset/verify', { _csrf: csrfOf(wrong), methodId, code });
    expect(verified.statusCode, verified.body).toBe(303);
    const passwordPage = await browser.get('/passwordreset/flow');
    expect(passwordPage.body).toContain(`<h2>${en('reset.password.heading')}</h2>`);
    expect(passwordPage.body).toContain('id="password-rules"');

    const mismatch = await browser.submit('/passwordreset/password', {
      _csrf: csrfOf(passwordPage),
      newPassword,
      confirmPassword: `${newPassword}x`,
    });
    expect(mismatch.statusCode).toBe(400);
    expect(alertOf(mismatch)).toContain(en('reset.password.mismatch'));
    const weak = await browser.submit('/passwordreset/password', {
      _csrf: csrfOf(mismatch),
      newPassword: 'password',
      confirmPassword: 'password',
    });
    expect(weak.statusCode).toBe(400);
    expect(alertOf(weak)).not.toBe('');

    const done = await browser.submit('/passwordreset/password', {
      _csrf: csrfOf(weak),
      newPassword,
      confirmPassword: newPassword,
    });
    expect(done.statusCode, done.body).toBe(200);
    // The result page is a GET: reloading it says the same.
    const reloaded = await browser.get(`/passwordreset/done?f=${browser.tab.handle}`);
    expect(reloaded.statusCode).toBe(200);
    expect(reloaded.body).toContain(en('reset.done.reset'));
    expect(done.body).toContain(en('reset.done.reset'));
    // Said once, as the heading: not again in a status box under it.
    expect(done.body.split(en('reset.done.reset')).length - 1).toBe(1);
    expect(done.body).toContain(`<h2>${en('reset.done.reset')}</h2>`);
    expect(done.body).not.toContain('class="alert success"');
    expect(done.body).toContain('href="/signin"');
    // No automatic sign-in: no session cookie, and the flow cookie is gone.
    expect(browser.jar.has('sspr_session')).toBe(false);
    expect(tabCookieOf(browser)?.[1]).not.toBe(flowCookie);

    expect((await signInApi(ctx.server, user.upn, newPassword)).statusCode).toBe(200);

    // The flow id was never in a URL: not in a redirect, a link, a form action or a script source.
    expect(urlsOf(browser.responses).filter((url) => url.includes(flowId) || url.includes(flowCookie))).toEqual([]);
    // A finished flow cannot be continued, even with its old cookie.
    browser.jar.set(flowCookieName, flowCookie);
    const replay = await browser.get('/passwordreset/flow');
    expect(replay.statusCode).toBe(404);
    expect(replay.body).toContain(en('portal.restart.tab'));
  });

  it('speaks Dutch with ?mkt=nl-NL and keeps it on every form and redirect', async () => {
    const { user } = await anEligibleUser();
    const browser = resetBrowser(() => ctx.server);
    const intent = await startFor(browser, user.upn, '?mkt=nl-NL');
    expect(intent.body).toContain('<html lang="nl">');
    expect(intent.body).toContain(nl('reset.intent.reset'));
    expect(intent.body).toContain(`action="/passwordreset/intent?mkt=nl-NL&amp;f=${browser.tab.handle}"`);
    const chosen = await browser.post('/passwordreset/intent?mkt=nl-NL', { _csrf: csrfOf(intent), intent: 'reset' });
    expect(withoutHandle(chosen.headers.location)).toBe('/passwordreset/flow?mkt=nl-NL');
    const methods = await browser.get('/passwordreset/flow?mkt=nl-NL');
    expect(methods.body).toContain(nl('reset.verify.step', { step: 1, total: 1 }));
    expect(methods.body).toContain(`>${nl('reset.method.email')}</h3>`);
    expect(methods.body).toContain(`${nl('reset.supportCode')}: <span class="support-code">`);
    const refused = await browser.submit('/passwordreset/intent?mkt=nl-NL', {
      _csrf: csrfOf(methods),
      intent: 'nonsense',
    });
    expect(alertOf(refused)).toContain(nl('reset.error.INTENT_REQUIRED'));
  });

  it('refuses a missing or wrong proof of work, a form without its CSRF token, and an unknown flow', async () => {
    const { user } = await anEligibleUser();
    const browser = resetBrowser(() => ctx.server);
    const start = await browser.get('/passwordreset');
    const noCaptcha = await browser.submit('/passwordreset', { _csrf: csrfOf(start), username: user.upn, captcha: '' });
    expect(noCaptcha.statusCode).toBe(400);
    // No answer at all: the script never ran, so the error says the step needs JavaScript, not "wait for it".
    expect(alertOf(noCaptcha)).toContain(en('reset.captcha.noscript'));
    expect(alertOf(noCaptcha)).not.toContain(en('reset.error.CAPTCHA_INVALID'));
    expect(noCaptcha.body).toContain(`value="${escapeHtml(user.upn)}"`);
    // The script ran (it says so in captchaState) but could not finish the check: it failed, try again; not "you
    // need JavaScript". In Dutch too.
    expect(start.body).toContain('<input type="hidden" name="captchaState" id="captcha-state" value="">');
    const failed = await browser.submit('/passwordreset?mkt=nl-NL', {
      _csrf: csrfOf(start),
      username: user.upn,
      captcha: '',
      captchaState: 'failed',
    });
    expect(failed.statusCode).toBe(400);
    expect(alertOf(failed)).toContain(nl('reset.error.CAPTCHA_INVALID'));
    expect(alertOf(failed)).not.toContain(nl('reset.captcha.noscript'));
    const unsupported = await browser.submit('/passwordreset', {
      _csrf: csrfOf(start),
      username: user.upn,
      captcha: '',
      captchaState: 'unsupported',
    });
    expect(alertOf(unsupported)).toContain(en('reset.captcha.unsupported'));
    // An answer the server refused (here plainly wrong) is a failed check too, whatever the state says.
    const wrong = await browser.submit('/passwordreset', {
      _csrf: csrfOf(start),
      username: user.upn,
      captcha: 'x',
      captchaState: 'done',
    });
    expect(wrong.statusCode).toBe(400);
    expect(alertOf(wrong)).toContain(en('reset.error.CAPTCHA_INVALID'));
    expect(alertOf(wrong)).not.toContain(en('reset.captcha.noscript'));
    // Shown once: reloading the start page shows it fresh, and no flow was started.
    const reloaded = await browser.get('/passwordreset');
    expect(alertOf(reloaded)).toBe('');
    expect((await browser.get('/passwordreset/flow')).statusCode).toBe(404);

    const noCsrf = await browser.post('/passwordreset', { username: user.upn, captcha: await browser.solveCaptcha() });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.body).toContain(en('portal.error.CSRF_INVALID.title'));
    expect(noCsrf.body).toContain(`href="/passwordreset?f=${browser.tab.handle}"`);

    // A solved challenge is good for one start only.
    const captcha = await browser.solveCaptcha();
    const first = await browser.post('/passwordreset', { _csrf: csrfOf(start), username: user.upn, captcha });
    expect(first.statusCode).toBe(303);
    const again = await browser.submit('/passwordreset', { _csrf: csrfOf(start), username: user.upn, captcha });
    expect(again.statusCode).toBe(400);

    const stranger = resetBrowser(() => ctx.server);
    const lost = await stranger.get('/passwordreset/flow');
    expect(lost.statusCode).toBe(404);
    expect(lost.body).toContain(en('portal.restart.tab'));
    expect(lost.body).toContain('href="/passwordreset"');
  });

  it('cancels from any step: the flow ends and the start page says so', async () => {
    const { user } = await anEligibleUser();
    const browser = resetBrowser(() => ctx.server);
    const intent = await startFor(browser, user.upn);
    const [flowCookieName, flowCookie] = tabCookieOf(browser)!;
    expect(intent.body).toContain(`action="/passwordreset/cancel?f=${browser.tab.handle}"`);
    const cancelled = await browser.post('/passwordreset/cancel', { _csrf: csrfOf(intent) });
    expect(cancelled.statusCode).toBe(303);
    expect(cancelled.headers.location).toBe(`/passwordreset?f=${browser.tab.handle}&cancelled=1`);
    expect(tabCookieOf(browser)).toBeUndefined();
    expect((await browser.get('/passwordreset?cancelled=1')).body).toContain(en('reset.start.cancelled'));

    browser.jar.set(flowCookieName, flowCookie);
    expect((await browser.get('/passwordreset/flow')).statusCode).toBe(404);
  });

  it('looks the same for an unknown user: a flow, an intent page and methods to choose from', async () => {
    const browser = resetBrowser(() => ctx.server);
    const intent = await startFor(browser, `nobody@${ctx.domain}`);
    expect(intent.statusCode).toBe(200);
    expect(intent.body).toContain(en('reset.intent.reset'));
    const chosen = await browser.post('/passwordreset/intent', { _csrf: csrfOf(intent), intent: 'reset' });
    expect(chosen.statusCode).toBe(303);
    const methods = await browser.get('/passwordreset/flow');
    expect(methods.statusCode).toBe(200);
    expect(methods.body).toContain(en('reset.verify.choose'));
  });
});

describe.each(testDialects())('password reset pages under load (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, {
    env: { SSPR_CAPTCHA_DIFFICULTY: '20', SSPR_RESET_RATE_LIMIT: '100000', SSPR_RESET_TENANT_RATE_LIMIT: '2' },
  });

  it('sheds starts beyond the per-domain limit with a sentence on the start page, other domains unaffected', async () => {
    const browser = resetBrowser(() => ctx.server);
    const start = await browser.get('/passwordreset?mkt=nl-NL');
    const attempt = async (username: string) =>
      browser.post('/passwordreset?mkt=nl-NL', {
        _csrf: csrfOf(start),
        username,
        captcha: await browser.solveCaptcha(),
      });
    expect((await attempt(`a@${ctx.domain}`)).statusCode).toBe(303);
    expect((await attempt(`b@${ctx.domain}`)).statusCode).toBe(303);
    const refused = await attempt(`c@${ctx.domain}`);
    expect(refused.statusCode).toBe(303);
    const shed = await browser.get(refused.headers.location as string);
    expect(shed.statusCode).toBe(429);
    expect(alertOf(shed)).toContain(nl('reset.error.RATE_LIMITED'));
    expect((await attempt('someone@elsewhere.example')).statusCode).toBe(303);
  });
});

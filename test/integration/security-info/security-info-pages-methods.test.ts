import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/core/html.js';
import { translate, type MessageKey } from '../../../src/i18n/i18n.js';
import { aTenant, aUser } from '../../support/factories.js';
import { alertOf, tokenOf } from '../../support/pages.js';
import { securityInfoBrowser } from '../../support/security-info.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

const cli = { type: 'cli' as const, id: null, upn: null };
/** A message as the page shows it: HTML-escaped. */
const en = (key: MessageKey, params: Record<string, string | number> = {}) => escapeHtml(translate('en', key, params));
const nl = (key: MessageKey, params: Record<string, string | number> = {}) => escapeHtml(translate('nl', key, params));

/**
 * The security info pages driven as a browser without JavaScript would: the authenticator app, security questions,
 * deleting a method and the reconfirmation prompt (split from security-info-pages.test.ts, which keeps the
 * registration interrupt, alternate email, Dutch and CSRF).
 */
describe.each(testDialects())(
  'security info pages: authenticator app, questions, deletion, reconfirmation (%s)',
  (dialect) => {
    const ctx = useHttpWorld(dialect, { tenantName: 'Contoso' });

    const { get, postForm, postAndFollow, signIn, typeLabel, codeSentTo, onOverview } = securityInfoBrowser(ctx);

    it('sets up an authenticator app: QR code, secret and link shown once, then the first code', async () => {
      const { cookie, overview } = await onOverview();
      const setup = await postForm('/account/security-info/app', cookie, {
        _csrf: tokenOf(overview),
        label: 'Work phone',
      });
      expect(setup.statusCode).toBe(200);
      expect(setup.body).toContain(`<h1>${en('account.securityInfo.app.title')}</h1>`);
      expect(setup.body).toMatch(
        /<div class="qr" role="img" aria-label="[^"]+"><svg xmlns="http:\/\/www.w3.org\/2000\/svg"/,
      );
      const secret = /<code class="secret" id="secret">([A-Z2-7]+)<\/code>/.exec(setup.body)?.[1];
      expect(secret).toBeDefined();
      expect(setup.body).toContain('href="otpauth://totp/');
      // Inline SVG, and no inline style or script the CSP would have to allow.
      expect(setup.body).not.toMatch(/<script(?! src=)|style=/);

      const codePage = /action="(\/account\/security-info\/methods\/[^/]+\/verify)"/.exec(setup.body)![1]!;
      const wrong = await postAndFollow(codePage, cookie, { _csrf: tokenOf(setup), code: '12345' });
      expect(wrong.location).toBe(codePage);
      expect(alertOf(wrong)).toContain(en('account.securityInfo.error.CODE_INVALID'));
      // Shown once: the code form comes back, the secret does not.
      expect(wrong.body).not.toContain(secret!);

      const code = await generate({ secret: secret!, epoch: Math.floor(ctx.world.clock.now().getTime() / 1000) });
      const verified = await postForm(codePage, cookie, { _csrf: tokenOf(wrong), code });
      expect(verified.statusCode, verified.body).toBe(303);
      const done = await get(verified.headers.location as string, cookie);
      expect(done.body).toContain('Work phone');
      expect(done.body).not.toContain(secret!);
      expect(done.body).toContain(`<span class="badge verified">${en('account.securityInfo.status.verified')}</span>`);
    });

    it('registers security questions picked from the Dutch list, and offers none to an administrator', async () => {
      const tenant = await aTenant(ctx.world.app, { name: 'Vragen' });
      await ctx.world.app.services.ssprPolicy.update(
        tenant.tenantId,
        { methods: ['email', 'securityQuestions'], questionsToRegister: 3, questionsToReset: 3 },
        cli,
      );
      const user = await aUser(ctx.world.app, tenant.domains[0]!);
      const { cookie } = await signIn(user.upn, '?mkt=nl-NL');
      const overview = await get('/account/security-info?mkt=nl-NL', cookie);
      expect(overview.body).toContain('<option value="securityQuestions">');
      const page = await get('/account/security-info/add?kind=securityQuestions&mkt=nl-NL', cookie);
      expect(page.body).toContain(`<h2 id="add-questions">${nl('account.securityInfo.add.questions.title')}</h2>`);
      expect(page.body).toContain('<select id="question3" name="question3" required>');
      expect(page.body).not.toContain('id="question4"');
      const options = [...page.body.matchAll(/<option value="([^"]+)">([^<]+)<\/option>/g)].map((m) => ({
        id: m[1]!,
        text: m[2]!,
      }));
      const questions = await ctx.world.app.services.securityInfo.securityQuestions(tenant.tenantId, 'nl');
      expect(options.slice(0, questions.length)).toEqual(
        questions.map((q) => ({ id: q.id, text: escapeHtml(q.text) })),
      );
      const [q1, q2, q3] = questions;

      const fields = (ids: string[], answers: string[], csrf = tokenOf(page)) => ({
        _csrf: csrf,
        ...Object.fromEntries(
          ids.flatMap((id, i) => [
            [`question${i + 1}`, id],
            [`answer${i + 1}`, answers[i]!],
          ]),
        ),
      });
      const twice = await postAndFollow(
        '/account/security-info/questions?mkt=nl-NL',
        cookie,
        fields([q1!.id, q1!.id, q3!.id], ['Utrecht', 'Minoes', 'Pannenkoek']),
      );
      expect(twice.location).toBe('/account/security-info/add?mkt=nl-NL&kind=securityQuestions');
      expect(alertOf(twice)).toContain(nl('account.securityInfo.add.questions.pickDifferent', { count: 3 }));
      expect(twice.body).toContain(`<option value="${q3!.id}" selected>`);
      const short = await postAndFollow(
        '/account/security-info/questions?mkt=nl-NL',
        cookie,
        fields([q1!.id, q2!.id, q3!.id], ['Utrecht', 'Mi', 'Pannenkoek']),
      );
      expect(alertOf(short)).toContain(nl('account.securityInfo.error.ANSWER_INVALID'));
      expect(short.body).not.toContain('Pannenkoek');
      const reused = await postAndFollow(
        '/account/security-info/questions?mkt=nl-NL',
        cookie,
        fields([q1!.id, q2!.id, q3!.id], ['Utrecht', 'utrecht', 'Pannenkoek']),
      );
      expect(alertOf(reused)).toContain(nl('account.securityInfo.error.ANSWER_REUSED'));

      const saved = await postForm(
        '/account/security-info/questions?mkt=nl-NL',
        cookie,
        fields([q1!.id, q2!.id, q3!.id], ['Utrecht', 'Minoes', 'Pannenkoek']),
      );
      expect(saved.statusCode, saved.body).toBe(303);
      expect(saved.headers.location).toBe('/account/security-info?mkt=nl-NL&notice=questions');
      const after = await get(saved.headers.location as string, cookie);
      expect(after.body).toContain(nl('account.securityInfo.notice.questions'));
      expect(after.body).toContain(
        nl('securityInfo.counting', { registered: 1, required: 1, kinds: typeLabel('nl', 'securityQuestions') }),
      );
      // Change on the set's row opens its form, which says that saving replaces the set.
      const change =
        /href="(\/account\/security-info\/add\?mkt=nl-NL&amp;kind=securityQuestions&amp;replaces=[^"]+)"/.exec(
          after.body,
        )?.[1];
      expect(change).toBeDefined();
      const changePage = (await get(change!.replaceAll('&amp;', '&'), cookie)).body;
      expect(changePage).toContain(nl('account.securityInfo.add.questions.replaces'));
      // Saved at once, nothing to verify: the current set does not stay until anything is verified.
      expect(changePage).toContain(nl('securityInfo.change.introReplaced'));
      expect(changePage).not.toContain(nl('securityInfo.change.intro'));

      const admin = await aUser(ctx.world.app, tenant.domains[0]!, { roles: ['GlobalAdministrator'] });
      const adminSession = await signIn(admin.upn);
      const adminPage = await get('/account/security-info', adminSession.cookie);
      expect(adminPage.body).not.toContain('<option value="securityQuestions">');
      const refused = await postAndFollow(
        '/account/security-info/questions',
        adminSession.cookie,
        fields(
          [q1!.id, q2!.id, q3!.id],
          ['Utrecht', 'Minoes', 'Pannenkoek'],
          tokenOf(await get('/account/security-info/add?kind=alternateEmail', adminSession.cookie)),
        ),
      );
      expect(alertOf(refused)).toContain(en('account.securityInfo.error.QUESTIONS_NOT_FOR_ADMINS'));
    });

    it('deletes a method the user added, but offers no delete for what the administrator set', async () => {
      const user = await aUser(ctx.world.app, ctx.domain, { alternateEmail: 'set.by.admin@example.net' });
      const { location, cookie } = await signIn(user.upn);
      // Administrator pre-population is usable without registration: no interrupt.
      expect(location).toBe('/account');
      const overview = await get('/account/security-info', cookie);
      expect(overview.body).toContain(en('account.securityInfo.source.admin'));
      // Said to be the administrator's, with what the user may do, and neither Change nor Delete.
      expect(overview.body).toContain(en('securityInfo.adminSet'));
      expect(overview.body).not.toMatch(/methods\/[^/]+\/delete|replaces=/);
      expect(/<li>[\s\S]*?<\/li>/.exec(overview.body)?.[0]).toContain(en('account.securityInfo.type.alternateEmail'));

      const setup = await postForm('/account/security-info/app', cookie, {
        _csrf: tokenOf(await get('/account/security-info/add?kind=authenticatorApp', cookie)),
        label: 'Old phone',
      });
      expect(setup.statusCode).toBe(200);
      const withApp = await get('/account/security-info', cookie);
      const deletePath = /href="(\/account\/security-info\/methods\/[^/]+\/delete)"/.exec(withApp.body)?.[1];
      expect(withApp.body).toContain(
        `aria-label="${en('account.securityInfo.deleteFor', { method: `${translate('en', 'account.securityInfo.type.authenticatorApp')} Old phone` })}"`,
      );
      // Delete asks first, on a page of its own; nothing is deleted by opening it.
      const confirm = await get(deletePath!, cookie);
      expect(confirm.body).toContain(`<h1>${en('securityInfo.confirm.title')}</h1>`);
      expect(confirm.body).toContain(
        en('securityInfo.confirm.question', {
          method: `${translate('en', 'account.securityInfo.type.authenticatorApp')} Old phone`,
        }),
      );
      expect((await get('/account/security-info', cookie)).body).toContain('Old phone');
      const removed = await postForm(deletePath!, cookie, { _csrf: tokenOf(confirm) });
      expect(removed.statusCode).toBe(303);
      expect(removed.headers.location).toBe('/account/security-info?notice=removed');
      const after = await get(removed.headers.location as string, cookie);
      expect(after.body).toContain(en('account.securityInfo.notice.removed'));
      expect(after.body).not.toContain('Old phone');
    });

    it('names an app left unnamed once, in any language: not "Authenticator app Authenticator-app"', async () => {
      const { cookie, overview } = await onOverview();
      // Added on the Dutch page without a name: it is labelled with the Dutch kind name.
      const setup = await postForm('/account/security-info/app?mkt=nl-NL', cookie, {
        _csrf: tokenOf(overview),
        label: '',
      });
      expect(setup.statusCode).toBe(200);
      const english = await get('/account/security-info', cookie);
      const deletePath = /href="(\/account\/security-info\/methods\/[^/]+\/delete)"/.exec(english.body)![1]!;
      expect(english.body).toContain(
        `aria-label="${en('account.securityInfo.deleteFor', { method: 'Authenticator app' })}"`,
      );
      expect((await get(deletePath, cookie)).body).toContain(
        en('securityInfo.confirm.question', { method: 'Authenticator app' }),
      );
      expect((await get(`${deletePath}?mkt=nl-NL`, cookie)).body).toContain(
        escapeHtml(translate('nl', 'securityInfo.confirm.question', { method: 'Authenticator-app' })),
      );
    });

    it('asks to reconfirm after the policy\'s days; "Looks good" stops asking', async () => {
      const tenant = await aTenant(ctx.world.app, { name: 'Reconfirm' });
      await ctx.world.app.services.ssprPolicy.update(tenant.tenantId, { reconfirmDays: 30 }, cli);
      const user = await aUser(ctx.world.app, tenant.domains[0]!);
      const first = await signIn(user.upn);
      const overview = await get('/account/security-info/add?kind=alternateEmail', first.cookie);
      const added = await postForm('/account/security-info/email', first.cookie, {
        _csrf: tokenOf(overview),
        address: 'adele.reconfirm@example.net',
      });
      const code = await codeSentTo(user.tenantId, 'adele.reconfirm@example.net');
      expect(
        (await postForm(added.headers.location as string, first.cookie, { _csrf: tokenOf(overview), code })).statusCode,
      ).toBe(303);
      expect((await signIn(user.upn)).location).toBe('/account');

      ctx.world.clock.advance(31 * 24 * 60 * 60);
      const later = await signIn(user.upn);
      expect(later.location).toBe('/account/security-info/interrupt');
      const interrupt = await get(later.location, later.cookie);
      expect(interrupt.body).toContain(en('interrupt.reconfirm'));
      expect(interrupt.body).toContain(en('account.securityInfo.type.alternateEmail'));
      // Read-only here: changing goes through the security info page.
      expect(interrupt.body).not.toMatch(/methods\/[^/]+\/delete/);
      const confirmed = await postForm('/account/security-info/interrupt/confirm', later.cookie, {
        _csrf: tokenOf(interrupt),
      });
      expect(confirmed.statusCode).toBe(303);
      expect(confirmed.headers.location).toBe('/account/security-info?notice=confirmed');
      expect((await get(confirmed.headers.location as string, later.cookie)).body).toContain(
        en('account.securityInfo.notice.confirmed'),
      );
      expect((await signIn(user.upn)).location).toBe('/account');
    });

    it('sends a visitor without a session to sign-in', async () => {
      const response = await ctx.server.inject({
        method: 'GET',
        url: '/account/security-info?mkt=nl-NL',
        headers: { accept: 'text/html' },
      });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe('/signin?mkt=nl-NL');
    });
  },
);

/**
 * Signing in with a Temporary Access Pass (issue #17 item 2): the user's account and the pass in place of
 * the password, on a page of its own linked from /signin. The session it opens may only register security
 * info, so the page sends the user there. The pass travels only in the POST body (never a URL); every refusal
 * about the pass or the account reads alike. Post/redirect/get as /signin, refusals too: the message and the
 * account typed (never the pass) come back in the sealed page flash, so Back and reload never resubmit.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { html } from '../../core/html.js';
import { inputLimits } from '../../core/input-limits.js';
import { isMessageKey, type Locale } from '../../i18n/i18n.js';
import type { HttpContext } from '../context.js';
import { limitedSessionHome } from '../limited-session.js';
import { cookieNames, localeOf, setSessionCookie, withMkt } from '../request-context.js';
import { keepTyped, pageFlash, type FormRecovery } from './form-state.js';
import { alertBox, layout, sendPage, t } from './layout.js';

export const tapSignInPath = '/signin/temporary-access-pass';

/** A pass is 29 characters; room for a pasted one with spaces around it, not for an essay. */
const passMaxLength = 64;

const TapForm = Type.Object({
  username: Type.Optional(Type.String({ maxLength: inputLimits.userId })),
  pass: Type.Optional(Type.String({ maxLength: passMaxLength })),
  _csrf: Type.Optional(Type.String({ maxLength: inputLimits.csrf })),
});

const render = (
  request: FastifyRequest,
  view: { locale: Locale; csrf: string; username?: string; messages?: string[] },
) =>
  layout({
    locale: view.locale,
    request,
    title: t(view.locale, 'tap.signin.title'),
    body: html`${alertBox(view.messages ?? [])}
<p>${t(view.locale, 'tap.signin.intro')}</p>
<form method="post" action="${withMkt(request, tapSignInPath)}" novalidate>
<input type="hidden" name="_csrf" value="${view.csrf}">
<label for="username">${t(view.locale, 'signin.username')}<span class="hint" id="username-hint">${t(view.locale, 'signin.username.hint')}</span></label>
<input type="email" id="username" name="username" autocomplete="username" inputmode="email" maxlength="${inputLimits.userId}" required aria-describedby="username-hint" value="${view.username ?? ''}" ${view.username ? '' : html`autofocus`}>
<label for="pass">${t(view.locale, 'tap.passLabel')}</label>
<input type="password" id="pass" name="pass" autocomplete="off" autocapitalize="none" spellcheck="false" maxlength="${passMaxLength}" required ${view.username ? html`autofocus` : ''}>
<button type="submit">${t(view.locale, 'tap.signin.submit')}</button>
</form>
<p><a href="${withMkt(request, '/signin')}">${t(view.locale, 'tap.signin.password')}</a></p>`,
  });

/** The sign-in page's link to this one (one line there). */
export const tapSignInLink = (request: FastifyRequest, locale: Locale) =>
  html`<p><a href="${withMkt(request, tapSignInPath)}">${t(locale, 'tap.signin.link')}</a></p>`;

export const tapSignInPage = async (app: FastifyInstance, { config, services }: HttpContext) => {
  const flash = pageFlash(config, services.deps.sealer);
  const back = (request: FastifyRequest) => withMkt(request, tapSignInPath);
  /** A field over its limit (a script, or a paste past `maxlength`): the form again with the message, not a dead end. */
  const recoverForm: FormRecovery = (request, reply, refused) => {
    const locale = localeOf(request);
    const errors = refused.fields.length
      ? refused.fields.map((name) => ({
          text: t(locale, 'portal.field.tooLong', {
            max: name === 'username' ? inputLimits.userId : name === 'pass' ? passMaxLength : inputLimits.csrf,
          }),
        }))
      : [{ text: t(locale, 'portal.form.tooLarge') }];
    return flash.redirect(reply, tapSignInPath, { status: refused.status, errors }, back(request));
  };

  app.get(tapSignInPath, { schema: { hide: true } }, async (request, reply) => {
    const refused = flash.take(request, reply, tapSignInPath);
    return sendPage(
      reply,
      refused?.status ?? 200,
      render(request, {
        locale: localeOf(request),
        csrf: reply.generateCsrf(),
        ...(refused?.typed?.username && { username: refused.typed.username }),
        ...(refused && { messages: refused.errors.map((e) => e.text) }),
      }),
    );
  });

  app.post<{ Body: Static<typeof TapForm> }>(
    tapSignInPath,
    {
      schema: { hide: true, body: TapForm },
      preValidation: app.csrfProtection.bind(app),
      // The same per-address limit as password sign-in: a pass is a credential too.
      config: {
        rateLimit: { max: config.signInRateLimitPerMinute, timeWindow: 60_000 },
        recoverForm,
        continueTo: tapSignInPath,
      },
    },
    async (request, reply) => {
      const locale = localeOf(request);
      const username = request.body.username?.trim() ?? '';
      const pass = request.body.pass ?? '';
      const fail = (status: number, code: string) => {
        const key = `tap.signin.error.${code}`;
        const text = isMessageKey(key)
          ? t(locale, key)
          : t(locale, `signin.error.${code}` as 'signin.error.ACCOUNT_LOCKED');
        return flash.redirect(
          reply,
          tapSignInPath,
          { status, errors: [{ text }], typed: keepTyped({ username }) },
          back(request),
        );
      };
      if (!username || !pass) return fail(400, 'VALIDATION_FAILED');
      const result = await services.temporaryAccessPass.signIn({
        username,
        pass,
        ipAddress: request.ip,
        userAgent: request.headers['user-agent'],
        previousCookie: request.cookies[cookieNames(config).session],
      });
      if (!result.ok)
        return fail(
          result.code === 'ACCOUNT_LOCKED' ? 423 : result.code === 'ACCOUNT_DISABLED' ? 403 : 401,
          result.code,
        );
      setSessionCookie(reply, config, result.value.cookie);
      return reply.redirect(withMkt(request, limitedSessionHome), 303);
    },
  );
};

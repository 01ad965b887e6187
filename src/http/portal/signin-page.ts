import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { isMessageKey, type Locale, type MessageKey } from '../../i18n/i18n.js';
import type { HttpContext } from '../context.js';
import type { SignInBudget } from '../sign-in-budget.js';
import { html } from '../../core/html.js';
import { clearSessionCookie, cookieNames, localeOf, setSessionCookie, withMkt } from '../request-context.js';
import { inputLimits } from '../../core/input-limits.js';
import {
  errorSummary,
  fieldAria,
  fieldMessage,
  keepTyped,
  pageFlash,
  type FieldError,
  type FormRecovery,
} from './form-state.js';
import { alertBox, layout, sendPage, t } from './layout.js';
import { interruptPath, needsInterrupt } from './security-info-interrupt.js';
import { tapSignInLink } from './tap-signin-page.js';
import { passkeySignInForm } from './passkey-signin-form.js';
import { hintOf, lookOfHint, signInText, type PortalLook } from './branding-assets.js';

const SignInForm = Type.Object({
  username: Type.Optional(Type.String({ maxLength: inputLimits.userId })),
  password: Type.Optional(Type.String({ maxLength: inputLimits.password })),
  _csrf: Type.Optional(Type.String({ maxLength: inputLimits.csrf })),
});

interface SignInView {
  locale: Locale;
  csrf: string;
  username?: string;
  messages?: FieldError[];
  notice?: string;
  look?: PortalLook;
}

const renderSignIn = (request: FastifyRequest, view: SignInView) =>
  layout({
    locale: view.locale,
    request,
    title: t(view.locale, 'signin.title'),
    ...(view.look && { look: view.look }),
    // The language switch keeps a `whr` hint, so the other language shows the same tenant's look.
    ...(hintOf(request) && { selfPath: `/signin?whr=${hintOf(request)}` }),
    body: html`${errorSummary(view.messages ?? [])}${view.notice ? alertBox([view.notice], 'success') : ''}
<p>${t(view.locale, 'signin.intro')}</p>${signInText(view.look)}
<form method="post" action="${withMkt(request, '/signin')}" novalidate>
<input type="hidden" name="_csrf" value="${view.csrf}">
<label for="username">${t(view.locale, 'signin.username')}<span class="hint" id="username-hint">${t(view.locale, 'signin.username.hint')}</span></label>
<input type="email" id="username" name="username" autocomplete="username" inputmode="email" maxlength="${inputLimits.userId}" required${fieldAria(view.messages, 'username', ['username-hint'])} value="${view.username ?? ''}" ${view.username || view.messages?.length ? '' : html`autofocus`}>
${fieldMessage(view.messages, 'username')}
<label for="password">${t(view.locale, 'signin.password')}</label>
<input type="password" id="password" name="password" autocomplete="current-password" maxlength="${inputLimits.password}" required${fieldAria(view.messages, 'password')} ${view.username && !view.messages?.length ? html`autofocus` : ''}>
${fieldMessage(view.messages, 'password')}
<button type="submit">${t(view.locale, 'signin.submit')}</button>
</form>
${passkeySignInForm(request, view.locale, view.csrf)}
<p><a href="${withMkt(request, '/passwordreset')}">${t(view.locale, 'reset.signinLink')}</a></p>
${tapSignInLink(request, view.locale)}`,
  });

/** The sign-in page again with one message (a passkey sign-in that failed, posted to its own route). */
export const renderSignInFailure = (
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  key: string,
  locale: Locale,
) =>
  sendPage(
    reply,
    status,
    renderSignIn(request, {
      locale,
      csrf: reply.generateCsrf(),
      messages: [{ text: t(locale, isMessageKey(key) ? key : 'passkey.failed') }],
    }),
  );

/** The notices a signed-in page leaves for sign-in when its session had ended (page-session.ts). */
const sessionNotices: readonly MessageKey[] = ['signin.sessionEnded', 'signin.sessionEnded.unsaved'];
const sessionNoticeOf = (notice: string | undefined) => sessionNotices.find((key) => key === notice);

export const signInPage = async (
  app: FastifyInstance,
  { config, services, budget }: HttpContext & { budget: SignInBudget },
) => {
  const flash = pageFlash(config, services.deps.sealer);
  /** A refused body (a field over its limit, a body too large) shows the form again with the message. */
  const recoverForm: FormRecovery = (request, reply, refused) => {
    const locale = localeOf(request);
    const errors: FieldError[] = refused.fields.length
      ? refused.fields.map((name) => ({
          field: name,
          text: t(locale, 'portal.field.tooLong', {
            max: name === 'username' ? inputLimits.userId : inputLimits.password,
          }),
        }))
      : [{ text: t(locale, 'portal.form.tooLarge') }];
    return flash.redirect(reply, '/signin', { status: refused.status, errors }, withMkt(request, '/signin'));
  };
  app.get('/', { schema: { hide: true } }, (request, reply) => reply.redirect(withMkt(request, '/signin'), 303));

  app.get('/signin', { schema: { hide: true } }, async (request, reply) => {
    const active = await services.sessions.resolve(request.cookies[cookieNames(config).session]);
    if (active) return reply.redirect(withMkt(request, '/account'), 303);
    const locale = localeOf(request);
    const signedOut = (request.query as Record<string, unknown>).signedout === '1';
    const refused = flash.take(request, reply, '/signin');
    const sessionNotice = sessionNoticeOf(refused?.notice);
    return sendPage(
      reply,
      refused?.status ?? 200,
      renderSignIn(request, {
        locale,
        csrf: reply.generateCsrf(),
        ...(signedOut ? { notice: t(locale, 'signin.signedOut') } : {}),
        // Left by a signed-in page whose session had ended (page-session.ts): a text key of ours, sealed.
        ...(sessionNotice && { notice: t(locale, sessionNotice) }),
        ...(refused && {
          messages: refused.errors,
          ...(refused.typed?.username && { username: refused.typed.username }),
        }),
        look: await lookOfHint(services, request, refused?.typed?.username),
      }),
    );
  });

  app.post<{ Body: Static<typeof SignInForm> }>(
    '/signin',
    {
      schema: { hide: true, body: SignInForm },
      preValidation: app.csrfProtection.bind(app),
      config: {
        rateLimit: { max: config.signInRateLimitPerMinute, timeWindow: 60_000 },
        recoverForm,
        continueTo: '/signin',
      },
    },
    async (request, reply) => {
      const locale = localeOf(request);
      const username = request.body.username?.trim() ?? '';
      const password = request.body.password ?? '';
      // Post/redirect/get, failures too: the page after a refused sign-in is reached by GET (issue 14).
      const fail = (status: number, code: string) => {
        const key = `signin.error.${code}`;
        const field = code === 'VALIDATION_FAILED' ? (username ? 'password' : 'username') : undefined;
        const shown = isMessageKey(key) ? key : 'signin.error.INVALID_CREDENTIALS';
        // "If you don't remember your password, reset it now": the words lead to the reset, as in Entra's message.
        const link =
          shown === 'signin.error.INVALID_CREDENTIALS'
            ? { href: withMkt(request, '/passwordreset'), text: t(locale, 'signin.error.INVALID_CREDENTIALS.reset') }
            : undefined;
        const error = { ...(field && { field }), text: t(locale, shown), ...(link && { link }) };
        return flash.redirect(
          reply,
          '/signin',
          { status, errors: [error], typed: keepTyped({ username }) },
          withMkt(request, '/signin'),
        );
      };
      if (!username || !password) return fail(400, 'VALIDATION_FAILED');
      // Over the account's verify budget: the throttled page (429, Retry-After) before any hash (sign-in-budget.ts).
      await budget.spend(request, reply);
      const result = await services.signIn.signIn({
        username,
        password,
        ipAddress: request.ip,
        userAgent: request.headers['user-agent'],
        previousCookie: request.cookies[cookieNames(config).session],
        familiarBrowser: budget.isFamiliar(request, username),
      });
      if (!result.ok)
        return fail(
          result.code === 'ACCOUNT_LOCKED'
            ? 423
            : result.code === 'ACCOUNT_DISABLED'
              ? 403
              : result.code === 'DIRECTORY_UNREACHABLE'
                ? 503
                : 401,
          result.code,
        );
      setSessionCookie(reply, config, result.value.cookie);
      budget.remember(reply, username);
      // A forced change (an admin reset here, or the directory's must-change) comes first: the account page asks for it
      // and nothing else opens until done.
      if (result.value.user.mustChangePassword) return reply.redirect(withMkt(request, '/account'), 303);
      // Registration interrupt: asked at every sign-in until the user registers (skipping records nothing).
      return reply.redirect(
        withMkt(request, needsInterrupt(result.value.registration) ? interruptPath : '/account'),
        303,
      );
    },
  );

  app.post(
    '/signout',
    { schema: { hide: true }, preValidation: app.csrfProtection.bind(app) },
    async (request, reply) => {
      await services.sessions.close(request.cookies[cookieNames(config).session]);
      clearSessionCookie(reply, config);
      const target = withMkt(request, '/signin');
      return reply.redirect(`${target}${target.includes('?') ? '&' : '?'}signedout=1`, 303);
    },
  );
};

/**
 * The user page's strong-recovery panel (issue #17 items 2 and 4): verify the caller (a code sent to one of
 * the user's methods, or an authenticator code read out) and the user's Temporary Access Pass (state, add with
 * lifetime and one-time use, delete). Shown only to roles the services admit for this user; the services
 * check again on every POST. A new pass is shown once, on the page the POST redirects to (`shown-once.ts`) — never in
 * a URL, and a reload of that page adds no other pass.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { isSsprError } from '../../core/errors.js';
import { html, type SafeHtml } from '../../core/html.js';
import { unbrokenMask } from '../../core/methods/masking.js';
import { tapRules } from '../../core/recovery/temporary-access-pass.js';
import { canResetPasswordOf } from '../../core/roles/permissions.js';
import { inRoleGroup } from '../../core/roles/role-groups.js';
import { isMessageKey, type Locale } from '../../i18n/i18n.js';
import { principalOfSession } from '../../services/admin/admin-principal.js';
import { alertBox, t } from '../portal/layout.js';
import { localeOf, withMkt } from '../request-context.js';
import { consoleLink, queryOf, sendForbidden, sendNotFound, tenantOf, uuidPattern } from './console-page.js';
import type { SectionContext } from './section.js';
import { shownOnce } from './shown-once.js';

const FormBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 512 })),
  lifetimeMinutes: Type.Optional(Type.String({ maxLength: 8 })),
  oneTime: Type.Optional(Type.String({ maxLength: 8 })),
  methodId: Type.Optional(Type.String({ maxLength: 64 })),
  code: Type.Optional(Type.String({ maxLength: 32 })),
});
type Post = FastifyRequest<{ Params: { userId: string }; Body: Static<typeof FormBody> }>;
type UserRequest = FastifyRequest<{ Params: { userId: string } }>;

/** What the panel says and holds, as the redirect's query carries it (`recovery`, `to`, `lifetime`, `oneTime`). */
export type RecoveryState = Record<string, string>;
/** Sends the user page with `status`, its panel as `recovery` says (users-pages.ts). */
export type SendUserPage = (
  request: UserRequest,
  reply: FastifyReply,
  status?: number,
  recovery?: RecoveryState,
) => Promise<FastifyReply>;

const pathsOf = (userId: string) => ({
  user: `/admin/users/${userId}`,
  pass: `/admin/users/${userId}/temporary-access-pass`,
  revoke: `/admin/users/${userId}/temporary-access-pass/delete`,
  send: `/admin/users/${userId}/caller-verification/code`,
  check: `/admin/users/${userId}/caller-verification`,
});

/** The pass's claim could not be written (shown-once.ts): the page is answered in place, 503. */
const notIssued = 'error.SECRET_NOT_ISSUED';
const time = (iso: string) => iso.slice(0, 16).replace('T', ' ');
const lifetimeDigits = /^\d{1,8}$/;
const notice = (locale: Locale, key: string, params: Record<string, string> = {}) =>
  isMessageKey(key) ? t(locale, key, params) : '';

interface Target {
  userId: string;
  upn: string;
  roles: readonly string[];
}

/** The panel's anchor: where a redirect after one of its posts lands, with its message. */
const panelId = 'recovery';

/** The panel on the user page (one line there); empty for roles that may do neither. */
export const userRecoveryPanel = async (
  request: FastifyRequest,
  reply: FastifyReply,
  context: SectionContext,
  target: Target,
  /** The page's one CSRF token: a second generateCsrf on the page would replace the secret the first token needs. */
  token?: string,
  /** Given by a post answered in place; otherwise the redirect's query says it. */
  state?: RecoveryState,
): Promise<SafeHtml | ''> => {
  const locale = localeOf(request);
  const roles = request.active!.user.roles;
  if (request.active!.user.userId === target.userId || !canResetPasswordOf(roles, target.roles)) return '';
  const principal = principalOfSession(request.active!);
  const paths = pathsOf(target.userId);
  const csrf = html`<input type="hidden" name="_csrf" value="${token ?? reply.generateCsrf()}">`;
  const query: Record<string, unknown> = state ?? queryOf(request);
  // "Nothing was changed" only from the post that answers in place (503), never from a link's query as a 200.
  const said = typeof query.recovery === 'string' && (state || query.recovery !== notIssued) ? query.recovery : '';
  const message = said.startsWith('error.')
    ? said === notIssued
      ? // As every console secret's 503: what happened, and the code as a reference.
        html`${alertBox([t(locale, 'admin.shownOnce.notIssued')])}<p class="meta">${t(locale, 'portal.error.reference', { code: 'SECRET_NOT_ISSUED' })}</p>`
      : alertBox([notice(locale, `helpdesk.${said}`) || notice(locale, `tap.console.${said}`)].filter(Boolean))
    : said === 'sent'
      ? alertBox(
          [t(locale, 'helpdesk.sent', { display: typeof query.to === 'string' ? unbrokenMask(query.to) : '' })],
          'success',
        )
      : said === 'verified'
        ? alertBox([t(locale, 'helpdesk.done')], 'success')
        : said === 'revoked'
          ? alertBox([t(locale, 'tap.console.revoked')], 'success')
          : '';

  let caller: SafeHtml | '' = '';
  if (inRoleGroup(roles, 'resetPasswords')) {
    const overview = await context.services.callerVerification.overview(principal, target.upn);
    const v = overview.verification;
    const methodName = (kind: string) => notice(locale, `securityInfo.kind.${kind}`) || kind;
    const codeMethods = overview.methods.filter((m) => m.via === 'code');
    caller = html`<h2 id="caller">${t(locale, 'helpdesk.title')}</h2>
<p>${v ? t(locale, 'helpdesk.verified', { time: time(v.verifiedAt), method: methodName(v.method), by: v.verifiedBy ?? '' }) : t(locale, 'helpdesk.notVerified')}</p>
${
  overview.methods.length === 0
    ? html`<p>${t(locale, 'helpdesk.none')}</p>`
    : html`<p class="meta">${t(locale, 'helpdesk.intro')}</p>
${
  codeMethods.length > 0
    ? html`<form method="post" action="${withMkt(request, paths.send)}" novalidate>${csrf}
<label for="send-method">${t(locale, 'helpdesk.sendTo')}</label>
<select id="send-method" name="methodId">${codeMethods.map((m) => html`<option value="${m.methodId}">${methodName(m.kind)}: ${unbrokenMask(m.display)}</option>`)}</select>
<button type="submit">${t(locale, 'helpdesk.send')}</button>
</form>`
    : ''
}
<form method="post" action="${withMkt(request, paths.check)}" novalidate>${csrf}
<label for="check-method">${t(locale, 'helpdesk.method')}</label>
<select id="check-method" name="methodId">${overview.methods.map((m) => html`<option value="${m.methodId}">${methodName(m.kind)}: ${unbrokenMask(m.display)}</option>`)}</select>
<label for="caller-code">${t(locale, 'helpdesk.code')}</label>
<input type="text" id="caller-code" name="code" inputmode="numeric" autocomplete="off" maxlength="32" required>
<button type="submit">${t(locale, 'helpdesk.check')}</button>
</form>`
}`;
  }

  let pass: SafeHtml | '' = '';
  if (inRoleGroup(roles, 'issueTemporaryAccessPass')) {
    const status = (await context.services.temporaryAccessPass.status(principal, target.upn)).pass;
    const state = status
      ? t(locale, `tap.console.state.${status.state}`, {
          expiresAt: time(status.expiresAt),
          usedAt: status.usedAt ? time(status.usedAt) : '',
          use: t(locale, status.oneTime ? 'tap.console.oneTime' : 'tap.console.multiUse'),
        })
      : t(locale, 'tap.console.none');
    // A refused lifetime comes back as it was typed (digits only), the one-time box as it was ticked.
    const refused = said === 'error.TAP_LIFETIME_INVALID' || said === notIssued;
    const typed = refused && typeof query.lifetime === 'string' && lifetimeDigits.test(query.lifetime);
    const lifetime = typed ? String(query.lifetime) : String(tapRules.defaultLifetimeMinutes);
    const oneTime = refused && query.oneTime === 'on' ? html` checked` : '';
    pass = html`<h2 id="tap">${t(locale, 'tap.console.title')}</h2>
<p>${state}</p>
${status ? html`<form method="post" action="${withMkt(request, paths.revoke)}" class="inline">${csrf}<button type="submit">${t(locale, 'tap.console.revoke')}</button></form>` : ''}
<form method="post" action="${withMkt(request, paths.pass)}" novalidate>${csrf}
<label for="tap-lifetime">${t(locale, 'tap.console.lifetime')}<span class="hint" id="tap-lifetime-hint">${t(locale, 'tap.console.lifetimeHint')}</span></label>
<input type="number" id="tap-lifetime" name="lifetimeMinutes" min="${tapRules.minLifetimeMinutes}" max="${tapRules.maxLifetimeMinutes}" value="${lifetime}" aria-describedby="tap-lifetime-hint">
<label class="check"><input type="checkbox" name="oneTime" value="on"${oneTime}> ${t(locale, 'tap.console.oneTimeLabel')}</label>
${status ? html`<p class="hint">${t(locale, 'tap.console.replace')}</p>` : ''}
<button type="submit">${t(locale, 'tap.console.create')}</button>
</form>`;
  }
  return html`<div id="${panelId}">${message}${caller}${pass}</div>`;
};

/** The panel's POST routes (one line in the users section). */
export const userRecoveryRoutes = async (app: FastifyInstance, context: SectionContext, userPage: SendUserPage) => {
  const { services } = context;
  const route = {
    schema: { hide: true, body: FormBody },
    preValidation: app.csrfProtection.bind(app),
    preHandler: context.guard('users'),
  };
  const targetOf = async (request: UserRequest) =>
    uuidPattern.test(request.params.userId)
      ? await services.adminViews.userDetail(tenantOf(request), request.params.userId)
      : undefined;
  // To the panel itself: its message and the form to go on with (type the code just sent) are at the foot of a long
  // page, and a phone would otherwise open at the top with no sign that anything happened.
  const back = (request: Post, reply: FastifyReply, said: string, extra: Record<string, string> = {}) =>
    reply.redirect(
      `${consoleLink(request, pathsOf(request.params.userId).user, { recovery: said, ...extra })}#${panelId}`,
      303,
    );
  /**
   * Runs an action; a refusal the panel can word goes back to the user page with its code, and with `typed`
   * (what the form held that is no secret) so the form shows it again.
   */
  const act = async (
    request: Post,
    reply: FastifyReply,
    work: (upn: string) => Promise<FastifyReply | string>,
    typed: Record<string, string> = {},
  ) => {
    const user = await targetOf(request);
    if (!user) return sendNotFound(request, reply);
    try {
      const said = await work(user.upn);
      return typeof said === 'string' ? back(request, reply, said) : said;
    } catch (error) {
      if (isSsprError(error) && error.code !== 'INTERNAL_ERROR')
        return back(request, reply, `error.${error.code}`, typed);
      throw error;
    }
  };
  const principal = (request: Post) => principalOfSession(request.active!);
  const once = shownOnce(context);

  // The answer to "Add": the pass once, then only that it was shown (a reload adds no other pass).
  app.get(
    pathsOf(':userId').pass,
    { schema: { hide: true }, preHandler: context.guard('users') },
    async (request: UserRequest, reply) => {
      if (!inRoleGroup(request.active!.user.roles, 'issueTemporaryAccessPass')) return sendForbidden(request, reply);
      const user = await targetOf(request);
      if (!user) return sendNotFound(request, reply);
      const locale = localeOf(request);
      const paths = pathsOf(user.userId);
      const back = html`<p><a href="${withMkt(request, paths.user)}">${user.upn}</a></p>`;
      return once.page(request, reply, {
        title: t(locale, 'tap.console.title'),
        path: paths.pass,
        shown: ({ secret, notice }) => html`${alertBox([notice ?? ''], 'success')}
<p><code class="secret">${secret}</code></p>
${back}`,
        gone: html`<p>${t(locale, 'tap.console.shownOnce', { upn: user.upn })}</p>
<p><a href="${withMkt(request, paths.user)}#tap">${t(locale, 'tap.console.again')}</a></p>
${back}`,
      });
    },
  );

  app.post(pathsOf(':userId').pass, route, async (request: Post, reply) => {
    const lifetime = request.body.lifetimeMinutes?.trim();
    const oneTime = request.body.oneTime === 'on';
    const typed = { ...(lifetime && lifetimeDigits.test(lifetime) && { lifetime }), ...(oneTime && { oneTime: 'on' }) };
    return act(
      request,
      reply,
      async (upn) => {
        const locale = localeOf(request);
        const paths = pathsOf(request.params.userId);
        // The claim before the pass: a store that cannot write it stops the post before a pass exists, and the
        // user page answers 503 in place (as every console secret's), the form as it was filled in. Not a redirect:
        // its page would be a 200 that said nothing was changed.
        const refused = () => userPage(request, reply, 503, { recovery: notIssued, ...typed });
        return once.issue(request, reply, { refused }, async () => {
          const issued = await services.temporaryAccessPass.issue(
            principal(request),
            upn,
            {
              ...(lifetime && { lifetimeMinutes: lifetimeDigits.test(lifetime) ? Number(lifetime) : Number.NaN }),
              oneTime,
            },
            locale,
          );
          return {
            page: paths.pass,
            secret: issued.temporaryAccessPass,
            notice: t(locale, 'tap.console.created', { expiresAt: time(issued.expiresAt) }),
          };
        });
      },
      typed,
    );
  });

  app.post(pathsOf(':userId').revoke, route, async (request: Post, reply) =>
    act(request, reply, async (upn) => {
      await services.temporaryAccessPass.revoke(principal(request), upn);
      return 'revoked';
    }),
  );

  app.post(pathsOf(':userId').send, route, async (request: Post, reply) =>
    act(request, reply, async (upn) => {
      const sent = await services.callerVerification.sendCode(
        principal(request),
        upn,
        request.body.methodId ?? '',
        localeOf(request),
      );
      return back(request, reply, 'sent', { to: sent.sentTo });
    }),
  );

  app.post(pathsOf(':userId').check, route, async (request: Post, reply) =>
    act(request, reply, async (upn) => {
      await services.callerVerification.check(principal(request), upn, {
        methodId: request.body.methodId ?? '',
        code: request.body.code ?? '',
      });
      return 'verified';
    }),
  );
};

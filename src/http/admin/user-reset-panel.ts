/**
 * Reset password from the user page (Entra's "Reset password" on the user blade): a temporary password made by the
 * admin service, never logged; the user must change it at the next sign-in. The post answers 303 to
 * `/admin/users/{userId}/reset-password`, which shows the password once (`shown-once.ts`), so a reload never resets
 * again. Who may reset whose password is the admin API's rule (`resetPasswords`, `canResetPasswordOf`), checked by
 * the service.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isSsprError } from '../../core/errors.js';
import { html } from '../../core/html.js';
import { canResetPasswordOf } from '../../core/roles/permissions.js';
import { inRoleGroup } from '../../core/roles/role-groups.js';
import { principalOfSession } from '../../services/admin/admin-principal.js';
import { t } from '../portal/layout.js';
import { localeOf, withMkt } from '../request-context.js';
import { consoleLink, sendForbidden, sendNotFound, tenantOf, uuidPattern } from './console-page.js';
import { refusalOf } from './console-errors.js';
import { shownOnce } from './shown-once.js';
import type { UserPanel } from './user-panels.js';

const Body = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 512 })) });
type Request = FastifyRequest<{ Params: { userId: string } }>;

const resetPath = (userId: string) => `/admin/users/${userId}/reset-password`;

const mayReset = (viewer: readonly string[], target: readonly string[]) =>
  inRoleGroup(viewer, 'resetPasswords') && canResetPasswordOf(viewer, target);

export const userResetPanel: UserPanel = {
  id: 'reset-password',
  async render({ request, locale, user, roles, csrf }) {
    const allowed = mayReset(roles, user.roles) && request.active?.user.userId !== user.userId;
    return html`<section aria-labelledby="panel-reset"><h2 id="panel-reset">${t(locale, 'admin.user.reset.title')}</h2>${
      allowed
        ? html`<p id="reset-intro">${t(locale, 'admin.user.reset.intro')}</p>
<form method="post" action="${withMkt(request, resetPath(user.userId))}"><input type="hidden" name="_csrf" value="${csrf}">
<button type="submit" aria-describedby="reset-intro">${t(locale, 'admin.user.reset.submit')}</button></form>`
        : html`<p>${t(locale, 'admin.user.reset.notAllowed')}</p>`
    }</section>`;
  },
  async routes(app, context) {
    const { services } = context;
    const once = shownOnce(context);
    const target = (request: Request) =>
      uuidPattern.test(request.params.userId)
        ? services.adminViews.userDetail(tenantOf(request), request.params.userId)
        : Promise.resolve(undefined);

    // The answer to a reset: the password once, then only that it was shown (a reload resets nothing).
    app.get<{ Params: { userId: string } }>(
      '/admin/users/:userId/reset-password',
      { schema: { hide: true }, preHandler: context.guard('users') },
      async (request: Request, reply: FastifyReply) => {
        if (!inRoleGroup(request.active!.user.roles, 'resetPasswords')) return sendForbidden(request, reply);
        const user = await target(request);
        if (!user) return sendNotFound(request, reply);
        const locale = localeOf(request);
        const userPage = consoleLink(request, `/admin/users/${user.userId}`);
        const back = html`<p><a href="${userPage}">${t(locale, 'admin.user.reset.back')}</a></p>`;
        return once.page(request, reply, {
          title: t(locale, 'admin.user.reset.doneTitle'),
          path: resetPath(user.userId),
          shown: ({ secret }) =>
            html`<div class="alert success" role="status"><p>${t(locale, 'admin.user.reset.done', { upn: user.upn })}</p>
<p><code class="secret" id="temporary-password">${secret}</code></p>
<p>${t(locale, 'admin.user.reset.forced')}</p></div>
${back}`,
          gone: html`<p>${t(locale, 'admin.user.reset.shownOnce', { upn: user.upn })}</p>
<p><a href="${userPage}#panel-reset">${t(locale, 'admin.user.reset.again')}</a></p>
${back}`,
        });
      },
    );

    app.post<{ Params: { userId: string } }>(
      '/admin/users/:userId/reset-password',
      {
        schema: { hide: true, body: Body },
        preValidation: app.csrfProtection.bind(app),
        preHandler: context.guard('users'),
      },
      async (request: Request, reply: FastifyReply) => {
        const locale = localeOf(request);
        const principal = principalOfSession(request.active!);
        // The API's guard first (the role group), then the service's reach check on the target.
        if (!inRoleGroup(principal.roles, 'resetPasswords')) return sendForbidden(request, reply);
        const user = await target(request);
        if (!user) return sendNotFound(request, reply);
        // The claim before the reset: a store that cannot write it stops the post before the password changed.
        // Nothing was typed, so the generic 503 page, its "Try again" leading back to this panel.
        const notIssued = { form: `/admin/users/${user.userId}#panel-reset` };
        return once.issue(request, reply, notIssued, async () => {
          let result;
          try {
            result = await services.userAdmin.resetPassword(principal, user.upn);
          } catch (error) {
            const refusal = refusalOf(locale, error);
            if (!refusal || !isSsprError(error)) throw error;
            return reply.redirect(consoleLink(request, `/admin/users/${user.userId}`, { error: error.code }), 303);
          }
          return { page: resetPath(user.userId), secret: result.temporaryPassword ?? '' };
        });
      },
    );
  },
};

/**
 * Delete a user from the user page (Entra's user blade, issue 14 item 5): a link to a confirm page, which posts the
 * delete. The admin API's rule: the `writeUsers` roles (Global and User Administrators) with reach over the
 * target's roles (`canManageUser`), and never the tenant's last enabled Global Administrator — the service checks
 * both on every post. Post/redirect/get: the answer is the confirm page's address, which then says it is done.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { html } from '../../core/html.js';
import { canManageUser } from '../../core/roles/permissions.js';
import { inRoleGroup } from '../../core/roles/role-groups.js';
import { principalOfSession } from '../../services/admin/admin-principal.js';
import { errorSummary } from '../portal/form-state.js';
import { sendPage, t } from '../portal/layout.js';
import { localeOf, withMkt } from '../request-context.js';
import { consoleFlash, refusalMessage } from './console-flash.js';
import { consoleLink, sendDeletedNotice, sendForbidden, sendNotFound, tenantOf, uuidPattern } from './console-page.js';
import { FormBody } from './form-controls.js';
import type { UserPanel } from './user-panels.js';

const mayDelete = (viewer: readonly string[], target: readonly string[]) =>
  inRoleGroup(viewer, 'writeUsers') && canManageUser(viewer, target);

const deletePath = (userId: string) => `/admin/users/${userId}/delete`;

export const userDeletePanel: UserPanel = {
  id: 'delete-user',
  async render({ request, locale, user, roles }) {
    return html`<section aria-labelledby="panel-delete"><h2 id="panel-delete">${t(locale, 'admin.user.delete.title')}</h2>${
      mayDelete(roles, user.roles)
        ? html`<p><a href="${withMkt(request, deletePath(user.userId))}">${t(locale, 'admin.user.delete.open')}</a></p>`
        : html`<p>${t(locale, 'admin.user.delete.notAllowed')}</p>`
    }</section>`;
  },
  async routes(app, context) {
    const flash = consoleFlash(context);
    type Params = { userId: string };
    const find = (request: FastifyRequest<{ Params: Params }>) =>
      uuidPattern.test(request.params.userId)
        ? context.services.adminViews.userDetail(tenantOf(request), request.params.userId)
        : Promise.resolve(undefined);

    app.get<{ Params: Params }>(
      '/admin/users/:userId/delete',
      { schema: { hide: true }, preHandler: context.guard('users') },
      async (request, reply) => {
        const locale = localeOf(request);
        const page = deletePath(request.params.userId);
        const shown = flash.take(request, reply, page);
        const user = await find(request);
        // After the delete, the page is the answer: the user is gone and the notice says so.
        if (!user && shown?.notice)
          return sendDeletedNotice(request, reply, (view) => context.render(view), {
            title: 'admin.user.delete.title',
            notice: shown.notice,
            listPath: '/admin/users',
            listLabel: 'admin.users.all',
          });
        if (!user) return sendNotFound(request, reply);
        const allowed = mayDelete(request.active!.user.roles, user.roles);
        // A refusal (out of reach, the last Global Administrator) is shown here; without one, no form for them.
        if (!allowed && !shown?.errors.length) return sendForbidden(request, reply);
        const back = html`<a class="cancel-link" href="${withMkt(request, `/admin/users/${user.userId}`)}">${t(locale, 'admin.user.delete.cancel')}</a>`;
        return sendPage(
          reply,
          shown?.status ?? 200,
          context.render({
            request,
            locale,
            title: t(locale, 'admin.user.delete.confirmTitle', { upn: user.upn }),
            selfPath: page,
            body: html`${errorSummary(shown?.errors ?? [])}<p>${t(locale, 'admin.user.delete.intro')}</p>${
              allowed
                ? html`<form method="post" action="${withMkt(request, page)}"><input type="hidden" name="_csrf" value="${reply.generateCsrf()}">
<div class="choices"><button type="submit">${t(locale, 'admin.user.delete.confirm')}</button>${back}</div></form>`
                : html`<p>${back}</p>`
            }`,
          }),
        );
      },
    );

    app.post<{ Params: Params; Body: Static<typeof FormBody> }>(
      '/admin/users/:userId/delete',
      {
        schema: { hide: true, body: FormBody },
        preValidation: app.csrfProtection.bind(app),
        preHandler: context.guard('users'),
      },
      async (request, reply: FastifyReply) => {
        const locale = localeOf(request);
        const principal = principalOfSession(request.active!);
        // The API's guard first (the role group); the service checks reach and the last Global Administrator.
        if (!inRoleGroup(principal.roles, 'writeUsers')) return sendForbidden(request, reply);
        const user = await find(request);
        if (!user) return sendNotFound(request, reply);
        const page = deletePath(user.userId);
        try {
          await context.services.userAdmin.remove(principal, user.upn);
        } catch (error) {
          const message = refusalMessage(locale, error);
          if (!message) throw error;
          return flash.redirect(reply, page, { status: 400, errors: [{ text: message }] }, consoleLink(request, page));
        }
        const notice = t(locale, 'admin.user.deleted', { upn: user.upn });
        return flash.redirect(reply, page, { status: 200, errors: [], notice }, consoleLink(request, page));
      },
    );
  },
};

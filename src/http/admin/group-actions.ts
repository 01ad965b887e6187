/**
 * Changing groups from the console (Entra's Groups blade, issue 14 item 5): create, delete (with a confirm page),
 * add a member (a user by UPN or a nested group by name) and remove one. The admin API's roles (`writeGroups`:
 * Global and User Administrators) and the same group service, so cycles, duplicates and the SSPR policy's group
 * are refused alike. Post/redirect/get: every answer is a 303 to a page that shows the notice or the refusal.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { isSsprError, SsprError } from '../../core/errors.js';
import { html } from '../../core/html.js';
import { inRoleGroup } from '../../core/roles/role-groups.js';
import { errorSummary, keepTyped } from '../portal/form-state.js';
import { sendPage, t } from '../portal/layout.js';
import { localeOf, withMkt } from '../request-context.js';
import { consoleFlash, refusalMessage } from './console-flash.js';
import {
  actorOf,
  consoleLink,
  sendDeletedNotice,
  sendForbidden,
  sendNotFound,
  tenantOf,
  uuidPattern,
} from './console-page.js';
import { FormBody, text } from './form-controls.js';
import type { SectionContext } from './section.js';

export const groupPaths = {
  list: '/admin/groups',
  group: (id: string) => `/admin/groups/${id}`,
  remove: (id: string) => `/admin/groups/${id}/delete`,
  members: (id: string) => `/admin/groups/${id}/members`,
  removeMember: (id: string) => `/admin/groups/${id}/members/remove`,
};

export const mayChangeGroups = (request: FastifyRequest) => inRoleGroup(request.active!.user.roles, 'writeGroups');

type Params = { groupId: string };
type Post = FastifyRequest<{ Params: Params; Body: Static<typeof FormBody> }>;

export const groupActionRoutes = async (app: FastifyInstance, context: SectionContext) => {
  const flash = consoleFlash(context);
  const groups = () => context.services.groups;
  const options = {
    schema: { hide: true, body: FormBody },
    preValidation: app.csrfProtection.bind(app),
    preHandler: context.guard('groups'),
  };
  const findGroup = async (request: FastifyRequest<{ Params: Params }>) =>
    uuidPattern.test(request.params.groupId)
      ? context.services.adminViews.groupDetail(tenantOf(request), request.params.groupId)
      : undefined;
  /** The service's refusal back on `page` in the admin's words; anything else is the error handler's. */
  const refuse = (
    request: FastifyRequest,
    reply: FastifyReply,
    page: string,
    error: unknown,
    typed = {},
    worded?: string,
  ) => {
    const message = worded ?? refusalMessage(localeOf(request), error);
    if (!message) throw error;
    const field = page === groupPaths.list ? 'name' : page.endsWith('/delete') ? undefined : 'member';
    const errors = [{ ...(field && { field }), text: message }];
    return flash.redirect(reply, page, { status: 400, errors, typed: keepTyped(typed) }, consoleLink(request, page));
  };
  const notify = (request: FastifyRequest, reply: FastifyReply, page: string, notice: string) =>
    flash.redirect(reply, page, { status: 200, errors: [], notice }, consoleLink(request, page));

  app.post<{ Body: Static<typeof FormBody> }>(groupPaths.list, options, async (request, reply) => {
    if (!mayChangeGroups(request)) return sendForbidden(request, reply);
    const name = text(request.body, 'name');
    try {
      const group = await groups().createGroup(tenantOf(request), name, actorOf(request));
      return notify(request, reply, groupPaths.group(group.groupId), t(localeOf(request), 'admin.group.created'));
    } catch (error) {
      return refuse(request, reply, groupPaths.list, error, { name });
    }
  });

  app.post<{ Params: Params; Body: Static<typeof FormBody> }>(
    '/admin/groups/:groupId/members',
    options,
    async (request: Post, reply) => {
      if (!mayChangeGroups(request)) return sendForbidden(request, reply);
      const found = await findGroup(request);
      if (!found) return sendNotFound(request, reply);
      const page = groupPaths.group(found.group.groupId);
      const kind = text(request.body, 'kind') === 'group' ? 'group' : 'user';
      const member = text(request.body, 'member').trim();
      try {
        const ref = kind === 'group' ? { group: member } : { upn: member };
        const added = await groups().addMember(tenantOf(request), found.group.name, ref, actorOf(request));
        return notify(
          request,
          reply,
          page,
          t(localeOf(request), 'admin.group.memberAdded', { name: added.member.name }),
        );
      } catch (error) {
        // The service's "user not found" reads "This user no longer exists" (a user page whose user was deleted);
        // here the administrator typed a name that never matched, so say that, and where to look instead.
        const unknown =
          kind === 'user' && isSsprError(error) && error.code === 'USER_NOT_FOUND'
            ? t(localeOf(request), 'admin.group.unknownUser', { upn: member })
            : undefined;
        return refuse(request, reply, page, error, { kind, member }, unknown);
      }
    },
  );

  app.post<{ Params: Params; Body: Static<typeof FormBody> }>(
    '/admin/groups/:groupId/members/remove',
    options,
    async (request: Post, reply) => {
      if (!mayChangeGroups(request)) return sendForbidden(request, reply);
      const found = await findGroup(request);
      if (!found) return sendNotFound(request, reply);
      const page = groupPaths.group(found.group.groupId);
      // The member by its id among the direct members: a made-up or foreign id is simply not a member.
      const id = text(request.body, 'memberId');
      const member = found.members.find((m) => m.id === id);
      if (!member) return refuse(request, reply, page, new SsprError('MEMBER_NOT_FOUND'));
      const ref = member.type === 'group' ? { group: member.name } : { upn: member.upn };
      try {
        await groups().removeMember(tenantOf(request), found.group.name, ref, actorOf(request));
      } catch (error) {
        return refuse(request, reply, page, error);
      }
      const name = member.type === 'group' ? member.name : member.upn;
      return notify(request, reply, page, t(localeOf(request), 'admin.group.memberRemoved', { name }));
    },
  );

  app.get<{ Params: Params }>(
    '/admin/groups/:groupId/delete',
    { schema: { hide: true }, preHandler: context.guard('groups') },
    async (request, reply) => {
      const locale = localeOf(request);
      const page = groupPaths.remove(request.params.groupId);
      const shown = flash.take(request, reply, page);
      const found = await findGroup(request);
      // After the delete this address answers with the notice: the group is gone.
      if (!found && shown?.notice)
        return sendDeletedNotice(request, reply, (view) => context.render(view), {
          title: 'admin.group.delete.title',
          notice: shown.notice,
          listPath: groupPaths.list,
          listLabel: 'admin.groups.all',
        });
      if (!found) return sendNotFound(request, reply);
      if (!mayChangeGroups(request)) return sendForbidden(request, reply);
      return sendPage(
        reply,
        shown?.status ?? 200,
        context.render({
          request,
          locale,
          title: t(locale, 'admin.group.delete.confirmTitle', { name: found.group.name }),
          selfPath: page,
          body: html`${errorSummary(shown?.errors ?? [])}<p>${t(locale, 'admin.group.delete.intro')}</p>
<form method="post" action="${withMkt(request, page)}"><input type="hidden" name="_csrf" value="${reply.generateCsrf()}">
<div class="choices"><button type="submit">${t(locale, 'admin.group.delete.confirm')}</button><a class="cancel-link" href="${withMkt(request, groupPaths.group(found.group.groupId))}">${t(locale, 'admin.user.delete.cancel')}</a></div></form>`,
        }),
      );
    },
  );

  app.post<{ Params: Params; Body: Static<typeof FormBody> }>(
    '/admin/groups/:groupId/delete',
    options,
    async (request: Post, reply) => {
      if (!mayChangeGroups(request)) return sendForbidden(request, reply);
      const found = await findGroup(request);
      if (!found) return sendNotFound(request, reply);
      const page = groupPaths.remove(found.group.groupId);
      try {
        await groups().deleteGroup(tenantOf(request), found.group.name, actorOf(request));
      } catch (error) {
        return refuse(request, reply, page, error);
      }
      return notify(request, reply, page, t(localeOf(request), 'admin.group.deleted', { name: found.group.name }));
    },
  );
};

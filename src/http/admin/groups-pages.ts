import type { FastifyInstance } from 'fastify';
import { html } from '../../core/html.js';
import { errorSummary, fieldAria, fieldMessage } from '../portal/form-state.js';
import { alertBox, sendPage, t } from '../portal/layout.js';
import { localeOf, withMkt } from '../request-context.js';
import { may } from './access.js';
import { consoleFlash } from './console-flash.js';
import { sendNotFound, tenantOf, uuidPattern } from './console-page.js';
import { radios } from './form-controls.js';
import { groupActionRoutes, groupPaths, mayChangeGroups } from './group-actions.js';
import { userLink } from './users-pages.js';
import type { ConsoleSection, SectionContext } from './section.js';
import { scrollRegion } from './scroll-region.js';

export const groupsPages = async (app: FastifyInstance, context: SectionContext) => {
  const { services } = context;
  const flash = consoleFlash(context);
  await groupActionRoutes(app, context);

  app.get('/admin/groups', { schema: { hide: true }, preHandler: context.guard('groups') }, async (request, reply) => {
    const locale = localeOf(request);
    const groups = await services.adminViews.listGroups(tenantOf(request));
    const shown = flash.take(request, reply, groupPaths.list);
    const errors = shown?.errors ?? [];
    // Entra's "New group", for the admin API's group writers; the rest see the list only.
    const create = mayChangeGroups(request)
      ? html`<h2>${t(locale, 'admin.groups.new')}</h2>${errorSummary(errors)}
<form method="post" action="${withMkt(request, groupPaths.list)}" novalidate><input type="hidden" name="_csrf" value="${reply.generateCsrf()}">
<label for="name">${t(locale, 'admin.newGroup.name')}</label>
<input type="text" id="name" name="name" maxlength="256" required autocomplete="off" value="${shown?.typed?.name ?? ''}"${fieldAria(errors, 'name')}>${fieldMessage(errors, 'name')}
<button type="submit">${t(locale, 'admin.newGroup.submit')}</button></form>`
      : '';
    const list =
      groups.length === 0
        ? html`<p>${t(locale, 'admin.groups.none')}</p>`
        : html`<ul class="plain">${groups.map((g) => html`<li><a href="${withMkt(request, `/admin/groups/${g.groupId}`)}">${g.name}</a></li>`)}</ul>`;
    return sendPage(
      reply,
      shown?.status ?? 200,
      context.render({ request, locale, title: t(locale, 'admin.nav.groups'), body: html`${list}${create}` }),
    );
  });

  app.get<{ Params: { groupId: string } }>(
    '/admin/groups/:groupId',
    { schema: { hide: true }, preHandler: context.guard('groups') },
    async (request, reply) => {
      const locale = localeOf(request);
      const { groupId } = request.params;
      const found = uuidPattern.test(groupId)
        ? await services.adminViews.groupDetail(tenantOf(request), groupId)
        : undefined;
      if (!found) return sendNotFound(request, reply);
      const shown = flash.take(request, reply, groupPaths.group(found.group.groupId));
      const errors = shown?.errors ?? [];
      const writer = mayChangeGroups(request);
      const csrf = writer ? reply.generateCsrf() : '';
      // Users are linked only for those who may open user pages; the rest see the name.
      const canSeeUsers = may(request.active!.user.roles, 'users', 'read');
      const groupLink = (id: string, name: string) =>
        html`<a href="${withMkt(request, `/admin/groups/${id}`)}">${name}</a>`;
      const removeButton = (id: string, name: string) =>
        writer
          ? html`<td><form method="post" action="${withMkt(request, groupPaths.removeMember(found.group.groupId))}"><input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="memberId" value="${id}"><button type="submit" class="secondary" aria-label="${t(locale, 'admin.group.removeLabel', { name })}">${t(locale, 'admin.group.remove')}</button></form></td>`
          : '';
      const actionsHead = writer ? html`<th scope="col">${t(locale, 'admin.group.actions')}</th>` : '';
      const addForm = writer
        ? html`<h2>${t(locale, 'admin.group.addMember')}</h2>
<form method="post" action="${withMkt(request, groupPaths.members(found.group.groupId))}" novalidate><input type="hidden" name="_csrf" value="${csrf}">
${radios('kind', t(locale, 'admin.group.addMember.kind'), shown?.typed?.kind ?? 'user', [
  { value: 'user', label: t(locale, 'admin.group.addMember.user') },
  { value: 'group', label: t(locale, 'admin.group.addMember.group') },
])}
<label for="member">${t(locale, 'admin.group.addMember.value')}</label>
<input type="text" id="member" name="member" maxlength="256" required autocomplete="off" value="${shown?.typed?.member ?? ''}"${fieldAria(errors, 'member')}>${fieldMessage(errors, 'member')}
<button type="submit">${t(locale, 'admin.group.addMember.submit')}</button></form>
<h2>${t(locale, 'admin.group.delete.title')}</h2><p><a href="${withMkt(request, groupPaths.remove(found.group.groupId))}">${t(locale, 'admin.group.delete.open')}</a></p>`
        : html`<p class="meta">${t(locale, 'admin.group.readOnly')}</p>`;
      const body = html`<p><a href="${withMkt(request, '/admin/groups')}">${t(locale, 'admin.groups.all')}</a></p>
${errorSummary(errors)}${shown?.notice ? alertBox([shown.notice], 'success') : ''}
<h2>${t(locale, 'admin.group.members')}</h2>
${
  found.members.length === 0
    ? html`<p>${t(locale, 'admin.group.noMembers')}</p>`
    : html`${scrollRegion(t(locale, 'admin.group.members'))}<table>
<thead><tr><th scope="col">${t(locale, 'admin.group.member')}</th><th scope="col">${t(locale, 'admin.group.type')}</th>${actionsHead}</tr></thead>
<tbody>${found.members.map((m) =>
        m.type === 'group'
          ? html`<tr><td>${groupLink(m.id, m.name)}</td><td>${t(locale, 'admin.group.type.group')}</td>${removeButton(m.id, m.name)}</tr>`
          : html`<tr><td>${canSeeUsers ? html`<a href="${userLink(request, m.id)}">${m.upn}</a>` : m.upn}<br><span class="meta">${m.displayName}</span></td><td>${t(locale, 'admin.group.type.user')}</td>${removeButton(m.id, m.upn)}</tr>`,
      )}</tbody>
</table></div>`
}
<h2>${t(locale, 'admin.group.memberOf')}</h2>
${found.memberOf.length === 0 ? html`<p>${t(locale, 'admin.group.memberOfNone')}</p>` : html`<ul>${found.memberOf.map((g) => html`<li>${groupLink(g.groupId, g.name)}</li>`)}</ul>`}
${addForm}`;
      return sendPage(
        reply,
        shown?.status ?? 200,
        context.render({
          request,
          locale,
          title: found.group.name,
          body,
          selfPath: `/admin/groups/${found.group.groupId}`,
        }),
      );
    },
  );
};

/** Groups: the tenant's groups, their members and nesting; Global and User Administrators also change them. */
export const groupsSection: ConsoleSection = {
  id: 'groups',
  label: 'admin.nav.groups',
  path: '/admin/groups',
  areas: ['groups'],
  routes: groupsPages,
};

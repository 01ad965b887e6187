import type { FastifyInstance } from 'fastify';
import { html } from '../../core/html.js';
import { sendPage, t } from '../portal/layout.js';
import { localeOf, withMkt } from '../request-context.js';
import { may } from './access.js';
import { sendNotFound, tenantOf, uuidPattern } from './console-page.js';
import { userLink } from './users-pages.js';
import type { ConsoleSection, SectionContext } from './section.js';

export const groupsPages = async (app: FastifyInstance, context: SectionContext) => {
  const { services } = context;

  app.get('/admin/groups', { schema: { hide: true }, preHandler: context.guard('groups') }, async (request, reply) => {
    const locale = localeOf(request);
    const groups = await services.adminViews.listGroups(tenantOf(request));
    const body =
      groups.length === 0
        ? html`<p>${t(locale, 'admin.groups.none')}</p>`
        : html`<ul class="plain">${groups.map((g) => html`<li><a href="${withMkt(request, `/admin/groups/${g.groupId}`)}">${g.name}</a></li>`)}</ul>`;
    return sendPage(reply, 200, context.render({ request, locale, title: t(locale, 'admin.nav.groups'), body }));
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
      // Users are linked only for those who may open user pages; the rest see the name.
      const canSeeUsers = may(request.active!.user.roles, 'users', 'read');
      const groupLink = (id: string, name: string) =>
        html`<a href="${withMkt(request, `/admin/groups/${id}`)}">${name}</a>`;
      const body = html`<p><a href="${withMkt(request, '/admin/groups')}">${t(locale, 'admin.groups.all')}</a></p>
<h2>${t(locale, 'admin.group.members')}</h2>
${
  found.members.length === 0
    ? html`<p>${t(locale, 'admin.group.noMembers')}</p>`
    : html`<div class="scroll"><table>
<thead><tr><th scope="col">${t(locale, 'admin.group.member')}</th><th scope="col">${t(locale, 'admin.group.type')}</th></tr></thead>
<tbody>${found.members.map((m) =>
        m.type === 'group'
          ? html`<tr><td>${groupLink(m.id, m.name)}</td><td>${t(locale, 'admin.group.type.group')}</td></tr>`
          : html`<tr><td>${canSeeUsers ? html`<a href="${userLink(request, m.id)}">${m.upn}</a>` : m.upn}<br><span class="meta">${m.displayName}</span></td><td>${t(locale, 'admin.group.type.user')}</td></tr>`,
      )}</tbody>
</table></div>`
}
<h2>${t(locale, 'admin.group.memberOf')}</h2>
${found.memberOf.length === 0 ? html`<p>${t(locale, 'admin.group.memberOfNone')}</p>` : html`<ul>${found.memberOf.map((g) => html`<li>${groupLink(g.groupId, g.name)}</li>`)}</ul>`}`;
      return sendPage(
        reply,
        200,
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

/** Groups: the tenant's groups, their members and nesting (read-only). */
export const groupsSection: ConsoleSection = {
  id: 'groups',
  label: 'admin.nav.groups',
  path: '/admin/groups',
  areas: ['groups'],
  routes: groupsPages,
};

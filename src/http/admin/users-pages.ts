import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Capability, Eligibility } from '../../core/licensing/eligibility.js';
import { findSku } from '../../core/licensing/sku-catalogue.js';
import type { Locale } from '../../i18n/i18n.js';
import { html } from '../../core/html.js';
import { sendPage, t } from '../portal/layout.js';
import { localeOf, withMkt } from '../request-context.js';
import {
  consoleLink,
  mktOf,
  queryOf,
  roleName,
  sendNotFound,
  tenantOf,
  uuidPattern,
  withQuery,
} from './console-page.js';
import type { ConsoleSection, SectionContext } from './section.js';
import { userPanels } from './user-panels.js';
import { newUserPath } from './new-user-page.js';
import { inRoleGroup } from '../../core/roles/role-groups.js';
import { alertBox } from '../portal/layout.js';
import { isMessageKey } from '../../i18n/i18n.js';
import { userRecoveryPanel, userRecoveryRoutes, type SendUserPage } from './user-recovery-panel.js';
import { registrationFilterFields, registrationFiltersOf, yesNoFilters } from './users-registration-filters.js';
import { scrollRegion } from './scroll-region.js';

const pageSize = 25;

export const userLink = (request: FastifyRequest, userId: string) => withMkt(request, `/admin/users/${userId}`);

/** A licence as the Licenses page shows it: the product's name, its SKU id below (an unknown id as it is). */
const productCell = (sku: string) => {
  const name = findSku(sku)?.displayName;
  return name ? html`${name}<br><span class="meta">${sku}</span>` : sku;
};

/** Yes, or no with Entra's code and the reason in words. */
const capability = (locale: Locale, name: keyof Eligibility, value: Capability) =>
  html`<dt>${t(locale, `admin.eligibility.${name}`)}</dt><dd>${value.allowed ? t(locale, 'admin.yes') : html`${t(locale, 'admin.no')} <span class="meta">(${value.reason})</span><p>${t(locale, `admin.reason.${value.reason}`)}</p>`}</dd>`;

/** The search reads at most this much of `q` (a UPN's local part fits); the field says so instead of cutting silently. */
const searchMax = 113;

export const usersPages = async (app: FastifyInstance, context: SectionContext) => {
  const { services } = context;
  for (const panel of userPanels) await panel.routes?.(app, context);

  app.get('/admin/users', { schema: { hide: true }, preHandler: context.guard('users') }, async (request, reply) => {
    const locale = localeOf(request);
    const query = queryOf(request);
    const prefix = typeof query.q === 'string' ? query.q.trim().slice(0, searchMax) : '';
    const page =
      typeof query.page === 'string' && /^\d{1,6}$/.test(query.page) ? Math.max(0, Number(query.page) - 1) : 0;
    const mkt = mktOf(request);
    const filters = registrationFiltersOf(query);
    const { entries, hasMore } = await services.userRegistrations.page(tenantOf(request), {
      prefix: prefix,
      ...yesNoFilters(filters),
      page,
      pageSize,
    });
    const pager = (number: number, label: string, rel: string) =>
      html`<a href="${consoleLink(request, '/admin/users', { q: prefix, ...filters, page: String(number) })}" rel="${rel}">${label}</a>`;
    const body = html`${inRoleGroup(request.active!.user.roles, 'writeUsers') ? html`<p><a class="button" href="${withMkt(request, newUserPath)}">${t(locale, 'admin.users.new')}</a></p>` : ''}<form method="get" action="/admin/users" role="search">
${mkt ? html`<input type="hidden" name="mkt" value="${mkt}">` : ''}
<label for="q">${t(locale, 'admin.users.search')}<span class="hint" id="q-hint">${t(locale, 'admin.users.search.hint')}</span></label>
<input type="text" id="q" name="q" value="${prefix}" maxlength="${searchMax}" aria-describedby="q-hint" autocomplete="off" spellcheck="false">
${registrationFilterFields(locale, filters)}
<button type="submit">${t(locale, 'admin.users.searchSubmit')}</button>
</form>
${
  entries.length === 0
    ? html`<p>${t(locale, 'admin.users.none')}</p>`
    : html`${scrollRegion(t(locale, 'admin.nav.users'))}<table>
<thead><tr><th scope="col">${t(locale, 'admin.users.upn')}</th><th scope="col">${t(locale, 'admin.users.displayName')}</th><th scope="col">${t(locale, 'admin.users.source')}</th><th scope="col">${t(locale, 'helpdeskActions.users.registered')}</th><th scope="col">${t(locale, 'helpdeskActions.users.capable')}</th></tr></thead>
<tbody>${entries.map(({ user: u, registration: r }) => html`<tr><td><a href="${userLink(request, u.userId)}">${u.upn}</a></td><td>${u.displayName}</td><td>${t(locale, `admin.source.${u.source}`)}</td><td>${t(locale, r.isSsprRegistered ? 'admin.yes' : 'admin.no')}</td><td>${t(locale, r.isSsprCapable ? 'admin.yes' : 'admin.no')}</td></tr>`)}</tbody>
</table></div>`
}
<nav class="pager" aria-label="${t(locale, 'admin.users.paging')}"><p>${page > 0 ? pager(page, t(locale, 'admin.users.previous'), 'prev') : ''} <span>${t(locale, 'admin.users.page', { page: page + 1 })}</span> ${hasMore ? pager(page + 2, t(locale, 'admin.users.next'), 'next') : ''}</p></nav>`;
    return sendPage(
      reply,
      200,
      context.render({
        request,
        locale,
        title: t(locale, 'admin.nav.users'),
        body,
        selfPath: withQuery('/admin/users', { q: prefix, ...filters, page: page > 0 ? String(page + 1) : '' }),
      }),
    );
  });

  /**
   * The user page, answered by its GET (200) or in place by a post the store refused (`status`, and `recovery`: what
   * the recovery panel says and holds, else read from the redirect's query).
   */
  const sendUserPage: SendUserPage = async (request, reply, status = 200, recovery) => {
    const locale = localeOf(request);
    const { userId } = request.params;
    const user = uuidPattern.test(userId) ? await services.adminViews.userDetail(tenantOf(request), userId) : undefined;
    if (!user) return sendNotFound(request, reply);
    const groupLinks = (groups: Array<{ groupId: string; name: string }>) =>
      groups.length === 0
        ? html`${t(locale, 'admin.none')}`
        : html`<ul>${groups.map((g) => html`<li><a href="${withMkt(request, `/admin/groups/${g.groupId}`)}">${g.name}</a></li>`)}</ul>`;
    const csrf = reply.generateCsrf();
    const body = html`<p><a href="${withMkt(request, '/admin/users')}">${t(locale, 'admin.users.all')}</a></p>
<h2>${t(locale, 'admin.user.details')}</h2>
<dl class="facts">
<dt>${t(locale, 'admin.users.upn')}</dt><dd>${user.upn}</dd>
<dt>${t(locale, 'admin.users.source')}</dt><dd>${t(locale, `admin.source.${user.source}`)}</dd>
<dt>${t(locale, 'admin.user.usageLocation')}</dt><dd>${user.usageLocation ?? t(locale, 'admin.notSet')}</dd>
<dt>${t(locale, 'admin.user.accountEnabled')}</dt><dd>${t(locale, user.accountEnabled ? 'admin.yes' : 'admin.no')}</dd>
<dt>${t(locale, 'admin.user.roles')}</dt><dd>${user.roles.length === 0 ? t(locale, 'admin.none') : html`<ul>${user.roles.map((r) => html`<li>${roleName(locale, r)}</li>`)}</ul>`}</dd>
<dt>${t(locale, 'admin.user.directGroups')}</dt><dd>${groupLinks(user.groups)}</dd>
<dt>${t(locale, 'admin.user.inheritedGroups')}</dt><dd>${groupLinks(user.inheritedGroups)}</dd>
</dl>
<h2>${t(locale, 'admin.user.licenses')}</h2>
${
  user.licenses.length === 0
    ? html`<p>${t(locale, 'admin.user.noLicenses')}</p>`
    : html`${scrollRegion(t(locale, 'admin.user.licenses'))}<table>
<thead><tr><th scope="col">${t(locale, 'admin.license.product')}</th><th scope="col">${t(locale, 'admin.license.state')}</th><th scope="col">${t(locale, 'admin.license.assignedVia')}</th></tr></thead>
<tbody>${user.licenses.map((l) => html`<tr><td>${productCell(l.sku)}</td><td>${t(locale, `admin.licenseState.${l.state}`)}</td><td>${l.assignedVia === 'direct' ? t(locale, 'admin.license.direct') : t(locale, 'admin.license.viaGroup', { group: l.assignedVia })}</td></tr>`)}</tbody>
</table></div>`
}
<h2>${t(locale, 'admin.user.entitlements')}</h2>
<ul>${user.entitlements.map((e) => html`<li>${t(locale, `admin.entitlement.${e}`)}</li>`)}</ul>
<h2>${t(locale, 'admin.user.eligibility')}</h2>
<dl class="facts">${capability(locale, 'canChangePassword', user.eligibility.canChangePassword)}${capability(locale, 'canResetPassword', user.eligibility.canResetPassword)}${capability(locale, 'canUnlock', user.eligibility.canUnlock)}</dl>
${await userRecoveryPanel(request, reply, context, user, csrf, recovery)}
${await Promise.all(userPanels.map((panel) => panel.render({ request, locale, user, roles: request.active!.user.roles, csrf }, context)))}`;
    // A refused panel action comes back here by redirect with its code (looked up by name, never printed).
    const errorCode = queryOf(request).error;
    const errorKey = typeof errorCode === 'string' ? `admin.error.${errorCode}` : '';
    // A code without its own sentence still says that nothing happened, never the code itself.
    const errors = isMessageKey(errorKey)
      ? [t(locale, errorKey)]
      : typeof errorCode === 'string' && /^[A-Z0-9_]{1,64}$/.test(errorCode)
        ? [t(locale, 'helpdeskActions.error.other')]
        : [];
    // A helpdesk action that succeeded says so (`?done=`, looked up by name as the errors are).
    const done = queryOf(request).done;
    const doneKey = typeof done === 'string' ? `helpdeskActions.done.${done}` : '';
    const notice = isMessageKey(doneKey) ? alertBox([t(locale, doneKey, { upn: user.upn })], 'success') : '';
    return sendPage(
      reply,
      status,
      context.render({
        request,
        locale,
        title: user.displayName,
        body: html`${alertBox(errors)}${notice}${body}`,
        selfPath: `/admin/users/${user.userId}`,
      }),
    );
  };
  app.get<{ Params: { userId: string } }>(
    '/admin/users/:userId',
    { schema: { hide: true }, preHandler: context.guard('users') },
    async (request, reply) => sendUserPage(request, reply),
  );
  await userRecoveryRoutes(app, context, sendUserPage);
};

/** Users: search the tenant's users and open one (read-only). */
export const usersSection: ConsoleSection = {
  id: 'users',
  label: 'admin.nav.users',
  path: '/admin/users',
  areas: ['users'],
  routes: usersPages,
};

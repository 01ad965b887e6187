/**
 * The user page's authentication methods: each registered entry, masked (never answers or secrets), how many count
 * for a reset, and — for a viewer whose role may manage the user's methods (Entra: Authentication Administrator and
 * above, within its reach) — Delete per entry and "Require re-registration", each behind a confirmation page
 * (`user-method-actions.ts`). Entries from the on-premises directory are changed there, so they have no Delete.
 */
import { html } from '../../core/html.js';
import { principalOfSession } from '../../services/admin/admin-principal.js';
import { t } from '../portal/layout.js';
import { shownDisplay } from '../portal/security-info-list.js';
import { withMkt } from '../request-context.js';
import { mayAct } from './user-actions.js';
import { deletePath, methodActionRoutes, reregisterPath } from './user-method-actions.js';
import type { UserPanel } from './user-panels.js';
import { scrollRegion } from './scroll-region.js';

const time = (iso: string) => iso.slice(0, 16).replace('T', ' ');

export const userMethodsPanel: UserPanel = {
  id: 'methods',
  async render({ request, locale, user }, { services }) {
    const listing = await services.helpdesk.methods(principalOfSession(request.active!), user.upn);
    const { methods, registration } = listing;
    const manage = mayAct(request, 'manageAuthenticationMethods', user);
    const name = (type: string) => t(locale, `account.securityInfo.type.${type}` as Parameters<typeof t>[1]);
    return html`<section aria-labelledby="panel-methods"><h2 id="panel-methods">${t(locale, 'admin.user.methods.title')}</h2>${
      methods.length === 0
        ? html`<p>${t(locale, 'admin.user.methods.none')}</p>`
        : html`${scrollRegion(t(locale, 'admin.user.methods.title'))}<table>
<thead><tr><th scope="col">${t(locale, 'admin.user.methods.kind')}</th><th scope="col">${t(locale, 'admin.user.methods.value')}</th><th scope="col">${t(locale, 'admin.user.methods.status')}</th>${manage ? html`<th scope="col">${t(locale, 'helpdeskActions.methods.actions')}</th>` : ''}</tr></thead>
<tbody>${methods.map(
            (m) =>
              html`<tr><td>${name(m.type)}</td><td>${shownDisplay(locale, m)}</td><td>${t(locale, `account.securityInfo.status.${m.status}`)} · ${t(locale, `account.securityInfo.source.${m.source}`)}</td>${
                manage
                  ? html`<td>${
                      m.source === 'synced'
                        ? ''
                        : html`<a href="${withMkt(request, deletePath(user.userId, m.id))}" aria-label="${t(locale, 'helpdeskActions.methods.deleteLabel', { method: name(m.type), display: shownDisplay(locale, m) })}">${t(locale, 'helpdeskActions.methods.delete')}</a>`
                    }</td>`
                  : ''
              }</tr>`,
          )}</tbody>
</table></div>`
    }
<p>${t(locale, 'helpdeskActions.methods.count', { count: registration.registeredCount, required: registration.methodsRequired })}</p>
${listing.reregistrationRequiredAt && registration.needsRegistration ? html`<p>${t(locale, 'helpdeskActions.reregister.pending', { time: time(listing.reregistrationRequiredAt) })}</p>` : ''}
${
  manage
    ? html`<h3>${t(locale, 'helpdeskActions.reregister.title')}</h3>
<p>${t(locale, 'helpdeskActions.reregister.intro')}</p>
<p><a class="button" href="${withMkt(request, reregisterPath(user.userId))}">${t(locale, 'helpdeskActions.reregister.open')}</a></p>`
    : ''
}</section>`;
  },
  routes: methodActionRoutes,
};

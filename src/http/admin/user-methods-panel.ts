/** The user page's authentication methods: each registered entry, masked (never answers or secrets). */
import { html } from '../../core/html.js';
import { t } from '../portal/layout.js';
import type { UserPanel } from './user-panels.js';

export const userMethodsPanel: UserPanel = {
  id: 'methods',
  async render({ locale, user }, { services }) {
    const methods = await services.adminViews.userMethods(user.tenantId, user.userId);
    return html`<section aria-labelledby="panel-methods"><h2 id="panel-methods">${t(locale, 'admin.user.methods.title')}</h2>${
      methods.length === 0
        ? html`<p>${t(locale, 'admin.user.methods.none')}</p>`
        : html`<div class="scroll"><table>
<thead><tr><th scope="col">${t(locale, 'admin.user.methods.kind')}</th><th scope="col">${t(locale, 'admin.user.methods.value')}</th><th scope="col">${t(locale, 'admin.user.methods.status')}</th></tr></thead>
<tbody>${methods.map((m) => html`<tr><td>${t(locale, `account.securityInfo.type.${m.type}`)}</td><td>${m.display}</td><td>${t(locale, `account.securityInfo.status.${m.status}`)} · ${t(locale, `account.securityInfo.source.${m.source}`)}</td></tr>`)}</tbody>
</table></div>`
    }</section>`;
  },
};

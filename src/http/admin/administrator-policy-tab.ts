import { adminRoles } from '../../core/roles/catalogue.js';
import type { AdminPolicy } from '../../core/policy/admin-policy.js';
import type { Locale } from '../../i18n/i18n.js';
import { html } from '../../core/html.js';
import { t } from '../portal/layout.js';
import { localeOf } from '../request-context.js';
import type { BladePage } from './blade-tab.js';
import { roleName, tenantOf } from './console-page.js';

/** Read-only: the fixed administrator policy (reference §3.3) as it applies to this tenant today. */
export const renderAdministratorPolicy = (locale: Locale, policy: AdminPolicy) => {
  const reasons = policy.twoGateReasons.map((reason) => t(locale, `admin.adminPolicy.reason.${reason}`));
  const joined =
    reasons.length > 1
      ? `${reasons.slice(0, -1).join(', ')} ${t(locale, 'admin.adminPolicy.and')} ${reasons.at(-1)}`
      : (reasons[0] ?? '');
  return html`<p>${t(locale, 'admin.adminPolicy.intro')}</p>
<dl class="facts">
<dt>${t(locale, 'admin.adminPolicy.allowed')}</dt><dd>${t(locale, policy.allowed ? 'admin.yes' : 'admin.no')}</dd>
<dt>${t(locale, 'admin.adminPolicy.gates')}</dt><dd>${policy.gates}<p class="meta">${policy.gates === 2 ? t(locale, 'admin.adminPolicy.twoGates', { reasons: joined }) : t(locale, 'admin.adminPolicy.oneGate')}</p></dd>
<dt>${t(locale, 'admin.adminPolicy.methods')}</dt><dd><ul>${policy.methods.map((m) => html`<li>${t(locale, `admin.method.${m}`)}</li>`)}</ul>
<p class="meta">${t(locale, 'admin.adminPolicy.questions')}${policy.voiceCalls ? '' : html` ${t(locale, 'admin.adminPolicy.noVoice')}`}</p></dd>
<dt>${t(locale, 'admin.adminPolicy.roles')}</dt><dd><ul>${adminRoles.filter((r) => r.affected).map((r) => html`<li>${roleName(locale, r.id)}</li>`)}</ul></dd>
</dl>`;
};

/** The blade's read-only Administrator policy tab, for whoever may read the SSPR policy. */
export const administratorPolicyTab: BladePage = {
  slug: 'administrator-policy',
  title: 'admin.tab.administratorPolicy',
  area: 'policy',
  content: async (request, { services }) => {
    const policy = await services.adminViews.adminPolicy(tenantOf(request));
    return policy && renderAdministratorPolicy(localeOf(request), policy);
  },
};

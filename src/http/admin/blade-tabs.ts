import type { FastifyRequest } from 'fastify';
import { html, type SafeHtml } from '../../core/html.js';
import type { Locale } from '../../i18n/i18n.js';
import { t } from '../portal/layout.js';
import { may } from './access.js';
import { administratorPolicyTab } from './administrator-policy-tab.js';
import { bladeTabPath, type BladePage, type BladeTab } from './blade-tab.js';
import { queryOf, tabList, withQuery } from './console-page.js';
import { passwordExpiryTab } from './password-expiry-tab.js';
import { policyTabs } from './policy-tabs.js';
import { auditLogsTab, signInLogsTab } from './reports-log-tabs.js';
import { usageInsightsTab } from './reports-usage-tab.js';
import { siemStatusTab } from './siem-status-tab.js';
import { smsBudgetTab } from './sms-budget-tab.js';
import type { SectionContext } from './section.js';

/**
 * The read-only tabs of the Password reset blade, after the policy's form tabs (`policy-tabs.ts`).
 * A new one is its own file exporting a `BladePage`, plus one line here.
 */
export const bladePages: readonly BladePage[] = [
  administratorPolicyTab,
  usageInsightsTab,
  auditLogsTab,
  signInLogsTab,
  siemStatusTab,
];

/** Every tab of the blade in the order of its tab list: the one list the sub-navigation is derived from. */
export const bladeTabs: readonly BladeTab[] = [...policyTabs, passwordExpiryTab, smsBudgetTab, ...bladePages];

/** The blade's tabs the user may see, as links; the current one is marked. */
const subTabs = (request: FastifyRequest, locale: Locale, current: BladeTab) => {
  const roles = request.active!.user.roles;
  const items = bladeTabs
    .filter((tab) => may(roles, tab.area, 'read'))
    .map((tab) => ({ path: bladeTabPath(tab), label: t(locale, tab.title), current: tab.slug === current.slug }));
  return tabList(request, t(locale, 'admin.tabs'), items);
};

/**
 * Where the language switch leads: the tab with the filters and paging it reads (a log in the other language shows
 * the same rows). A refused form is answered in place, at the address it posted to (`…/sms-budget/settings`, a
 * deletion threshold's), which has no GET: the switch leads to the tab itself.
 */
const selfPathOf = (request: FastifyRequest, tab: BladeTab) => {
  if (request.method !== 'GET' || !tab.query) return bladeTabPath(tab);
  const query = queryOf(request);
  const kept = tab.query.flatMap((key) => {
    const value = query[key];
    return typeof value === 'string' && value ? [[key, value] as const] : [];
  });
  return withQuery(bladeTabPath(tab), Object.fromEntries(kept));
};

/** A tab of the blade inside the console: the section's title, the sub-tabs, the tab's heading and body. */
export const renderBladeTab = (
  context: SectionContext,
  request: FastifyRequest,
  locale: Locale,
  tab: BladeTab,
  body: SafeHtml,
) =>
  context.render({
    request,
    locale,
    title: t(locale, 'admin.nav.passwordReset'),
    body: html`${subTabs(request, locale, tab)}<h2>${t(locale, tab.title)}</h2>${body}`,
    selfPath: selfPathOf(request, tab),
  });

/**
 * The blade's Usage & insights tab (reference §8.2): the Registration part (who registered, who can
 * reset, by method) and the Usage part (resets and unlocks per day, why they failed, by method),
 * each an SVG chart drawn here with its numbers in a table, and a CSV link to the admin API. Usage is
 * behind the `usageInsights` entitlement as in Entra; without it the tab says which licence is needed.
 */
import type { FastifyRequest } from 'fastify';
import { isSsprError } from '../../core/errors.js';
import { html, type SafeHtml } from '../../core/html.js';
import type { UsageReport } from '../../core/reports/usage.js';
import { isMessageKey, type Locale } from '../../i18n/i18n.js';
import { usageInsightsSkus } from '../../services/reports/log-queries.js';
import type { HttpContext } from '../context.js';
import { t } from '../portal/layout.js';
import { localeOf } from '../request-context.js';
import { bladeTabPath, type BladePage } from './blade-tab.js';
import { mktOf, queryOf, tenantOf, withQuery } from './console-page.js';
import { columnChart, numbersTable, type Series } from './report-charts.js';
import { reportRefusal } from './report-refusal.js';

/**
 * A method's name in words, as the policy tabs and the user page say it: a reset gate (`mobileSms`) or a kind of
 * security info (`alternateEmail`). The report keeps the stored id (the CSV does too); an id with no text here — an
 * event written by something else — stays as it is rather than vanish.
 */
const methodLabel = (locale: Locale, method: string): string => {
  const key = [`admin.method.${method}`, `account.securityInfo.type.${method}`].find(isMessageKey);
  return key ? t(locale, key) : method;
};

const colours = { ok: '#0b6a0b', failed: '#b10e1c', unlockOk: '#0f6cbd', unlockFailed: '#8a3707', other: '#5c2e91' };

/**
 * One figure of the tab: the numbers as a table (the accessible form, always there) and, when `chart` is set, the
 * same numbers as a column chart before it. Every chart and table of the tab comes from here.
 */
const figure = (
  title: string,
  head: string,
  categories: readonly string[],
  series: ReadonlyArray<Pick<Series, 'label' | 'values'> & { colour?: string }>,
  chart: boolean,
): SafeHtml => {
  const drawn = series.map((s) => ({ ...s, colour: s.colour ?? colours.unlockOk }));
  return html`${chart ? columnChart(title, categories, drawn) : ''}${numbersTable(title, head, categories, series)}`;
};

const registrationPart = async (request: FastifyRequest, context: HttpContext, locale: Locale) => {
  const summary = await context.services.registrationReport.summary(tenantOf(request), {}, { top: 1, skip: 0 });
  const { totals } = summary;
  const statusLabels = [
    t(locale, 'reports.registration.registered'),
    t(locale, 'reports.registration.notRegistered'),
    t(locale, 'reports.registration.capable'),
    t(locale, 'reports.registration.notCapable'),
  ];
  const statusValues = [totals.registered, totals.notRegistered, totals.capable, totals.notCapable];
  const methods = summary.byMethod.map((m) => methodLabel(locale, m.method));
  const methodSeries = [
    { label: t(locale, 'reports.count'), colour: colours.unlockOk, values: summary.byMethod.map((m) => m.count) },
  ];
  return html`<h3>${t(locale, 'reports.registration.heading')}</h3>
<p>${t(locale, 'reports.registration.summary', { users: totals.users, registered: totals.registered, capable: totals.capable })}</p>
<p><a href="/api/v1/admin/reports/registration?format=csv" download>${t(locale, 'reports.csv')}</a></p>
${figure(t(locale, 'reports.registration.status'), t(locale, 'reports.registration.status'), statusLabels, [{ label: t(locale, 'reports.count'), values: statusValues }], false)}
${figure(t(locale, 'reports.registration.byMethod'), t(locale, 'reports.method'), methods, methodSeries, true)}`;
};

const usageCharts = (locale: Locale, usage: UsageReport) => {
  const days = usage.days.map((d) => d.day);
  const series = [
    {
      label: t(locale, 'reports.usage.resetsSucceeded'),
      colour: colours.ok,
      values: usage.days.map((d) => d.resetsSucceeded),
    },
    {
      label: t(locale, 'reports.usage.resetsFailed'),
      colour: colours.failed,
      values: usage.days.map((d) => d.resetsFailed),
    },
    {
      label: t(locale, 'reports.usage.unlocksSucceeded'),
      colour: colours.unlockOk,
      values: usage.days.map((d) => d.unlocksSucceeded),
    },
    {
      label: t(locale, 'reports.usage.unlocksFailed'),
      colour: colours.unlockFailed,
      values: usage.days.map((d) => d.unlocksFailed),
    },
    {
      label: t(locale, 'reports.usage.registrations'),
      colour: colours.other,
      values: usage.days.map((d) => d.registrations),
    },
  ];
  const reasons = usage.failures.map((f) => t(locale, `reports.usage.failure.${f.reason}`));
  const methodNames = usage.byMethod.map((m) => methodLabel(locale, m.method));
  const count = t(locale, 'reports.count');
  return html`${figure(t(locale, 'reports.usage.overTime'), t(locale, 'reports.time'), days, series, true)}
${figure(t(locale, 'reports.usage.failures'), t(locale, 'reports.usage.reason'), reasons, [{ label: count, values: usage.failures.map((f) => f.count) }], false)}
${methodNames.length > 0 ? figure(t(locale, 'reports.usage.byMethod'), t(locale, 'reports.method'), methodNames, [{ label: count, values: usage.byMethod.map((m) => m.count) }], false) : ''}`;
};

const usagePart = async (request: FastifyRequest, context: HttpContext, locale: Locale): Promise<SafeHtml> => {
  const query = queryOf(request);
  const filters = Object.fromEntries(
    (['since', 'until'] as const).flatMap((k) => (typeof query[k] === 'string' && query[k] ? [[k, query[k]]] : [])),
  );
  const mkt = mktOf(request);
  const form = html`<form method="get" action="${bladeTabPath(usageInsightsTab)}" class="filters"><fieldset><legend>${t(locale, 'reports.filter')}</legend>
${mkt ? html`<input type="hidden" name="mkt" value="${mkt}">` : ''}
<p><label for="since">${t(locale, 'reports.since')}</label><input type="date" id="since" name="since" value="${(filters.since ?? '').slice(0, 10)}"></p>
<p><label for="until">${t(locale, 'reports.until')}</label><input type="date" id="until" name="until" value="${(filters.until ?? '').slice(0, 10)}"></p>
<button type="submit">${t(locale, 'reports.apply')}</button></fieldset></form>`;
  let body: SafeHtml;
  try {
    const usage = await context.services.logs.usage(tenantOf(request), filters);
    body = html`<p><a href="${withQuery('/api/v1/admin/reports/usage', { ...filters, format: 'csv' })}" download>${t(locale, 'reports.csv')}</a></p>${usageCharts(locale, usage)}`;
  } catch (error) {
    if (!isSsprError(error)) throw error;
    body =
      error.code === 'REPORT_LICENSE_REQUIRED'
        ? html`<p role="status">${t(locale, 'reports.usage.licenseRequired', { skus: usageInsightsSkus.join(', ') })}</p>`
        : reportRefusal(locale, error);
  }
  return html`<h3>${t(locale, 'reports.usage.heading')}</h3>${form}${body}`;
};

export const usageInsightsTab: BladePage = {
  slug: 'usage-insights',
  title: 'admin.tab.usageInsights',
  area: 'monitoring',
  query: ['since', 'until'],
  content: async (request, context) => {
    const locale = localeOf(request);
    return html`${await registrationPart(request, context, locale)}${await usagePart(request, context, locale)}`;
  },
};

/**
 * The blade's Audit logs and Sign-in logs tabs: a GET filter form (date, activity or user, result),
 * a page of rows with Previous/Next, and a CSV link to the admin API with exactly the same filters,
 * so the download is the filtered rows, every one of them, not only the page shown.
 */
import type { FastifyRequest } from 'fastify';
import { html, type SafeHtml } from '../../core/html.js';
import type { Locale } from '../../i18n/i18n.js';
import { activityNames, parseAuditQuery, parseSignInQuery } from '../../services/reports/log-queries.js';
import { t } from '../portal/layout.js';
import { localeOf } from '../request-context.js';
import { bladeTabPath, type BladePage } from './blade-tab.js';
import { consoleLink, mktOf, queryOf, tenantOf, withQuery } from './console-page.js';
import { reportRefusal } from './report-refusal.js';
import { scrollRegion } from './scroll-region.js';

const pageSize = 50;
/** The report parser refuses a longer text filter (`report-query.ts`); the field stops typing there instead. */
const filterTextMax = 256;

/** The filters the page was asked for, as text (the parser checks them), without paging or locale. */
const filtersOf = (request: FastifyRequest, keys: readonly string[]): Record<string, string> => {
  const query = queryOf(request);
  return Object.fromEntries(keys.flatMap((k) => (typeof query[k] === 'string' && query[k] ? [[k, query[k]]] : [])));
};

const skipOf = (request: FastifyRequest): string => {
  const skip = queryOf(request).skip;
  return typeof skip === 'string' && /^\d{1,6}$/.test(skip) ? skip : '0';
};

const field = (id: string, label: string, input: SafeHtml) => html`<p><label for="${id}">${label}</label>${input}</p>`;
const dateField = (id: string, label: string, value: string | undefined) =>
  field(id, label, html`<input type="date" id="${id}" name="${id}" value="${(value ?? '').slice(0, 10)}">`);
const select = (id: string, label: string, choices: Array<[string, string]>, value: string | undefined) =>
  field(
    id,
    label,
    html`<select id="${id}" name="${id}">${choices.map(([v, text]) => html`<option value="${v}"${v === (value ?? '') ? ' selected' : ''}>${text}</option>`)}</select>`,
  );

const resultChoices = (locale: Locale): Array<[string, string]> => [
  ['', t(locale, 'reports.any')],
  ['success', t(locale, 'reports.result.success')],
  ['failure', t(locale, 'reports.result.failure')],
];

/** The form, the rows, the pager and the CSV link around one tab's table. */
const logPage = (
  request: FastifyRequest,
  tab: BladePage,
  filters: Record<string, string>,
  fields: SafeHtml,
  table: SafeHtml | undefined,
  count: number,
  csvPath: string,
): SafeHtml => {
  const locale = localeOf(request);
  const mkt = mktOf(request);
  const skip = Number(skipOf(request));
  const path = bladeTabPath(tab);
  const pager = (to: number, label: string, rel: string) =>
    html`<a href="${consoleLink(request, path, { ...filters, skip: String(to) })}" rel="${rel}">${label}</a>`;
  return html`<form method="get" action="${path}" class="filters"><fieldset><legend>${t(locale, 'reports.filter')}</legend>
${mkt ? html`<input type="hidden" name="mkt" value="${mkt}">` : ''}${fields}
<button type="submit">${t(locale, 'reports.apply')}</button></fieldset></form>
<p><a href="${withQuery(csvPath, { ...filters, format: 'csv' })}" download>${t(locale, 'reports.csv')}</a></p>
${table ?? html`<p>${t(locale, 'reports.none')}</p>`}
<nav class="pager" aria-label="${t(locale, 'reports.paging')}"><p>${skip > 0 ? pager(Math.max(0, skip - pageSize), t(locale, 'reports.previous'), 'prev') : ''} <span>${t(locale, 'reports.page', { page: Math.floor(skip / pageSize) + 1 })}</span> ${count === pageSize ? pager(skip + pageSize, t(locale, 'reports.next'), 'next') : ''}</p></nav>`;
};

const auditKeys = ['since', 'until', 'activity', 'target', 'result'] as const;

export const auditLogsTab: BladePage = {
  slug: 'audit-logs',
  title: 'admin.tab.auditLogs',
  area: 'monitoring',
  query: [...auditKeys, 'skip'],
  content: async (request, { services }) => {
    const locale = localeOf(request);
    const filters = filtersOf(request, auditKeys);
    const fields = html`${dateField('since', t(locale, 'reports.since'), filters.since)}${dateField('until', t(locale, 'reports.until'), filters.until)}
${select('activity', t(locale, 'reports.audit.activity'), [['', t(locale, 'reports.any')], ...activityNames.map((a): [string, string] => [a, a])], filters.activity)}
${field('target', t(locale, 'reports.audit.target'), html`<input type="text" id="target" name="target" value="${filters.target ?? ''}" maxlength="${filterTextMax}" autocomplete="off" spellcheck="false">`)}
${select('result', t(locale, 'reports.result'), resultChoices(locale), filters.result)}`;
    try {
      const { filter, page } = parseAuditQuery({ ...filters, top: String(pageSize), skip: skipOf(request) });
      const events = await services.logs.auditPage(tenantOf(request), filter, page);
      const table =
        events.length === 0
          ? undefined
          : html`${scrollRegion(t(locale, 'admin.tab.auditLogs'))}<table><caption>${t(locale, 'admin.tab.auditLogs')}</caption>
<thead><tr><th scope="col">${t(locale, 'reports.time')}</th><th scope="col">${t(locale, 'reports.audit.activity')}</th><th scope="col">${t(locale, 'reports.result')}</th><th scope="col">${t(locale, 'reports.audit.reason')}</th><th scope="col">${t(locale, 'reports.audit.actor')}</th><th scope="col">${t(locale, 'reports.audit.targetColumn')}</th></tr></thead>
<tbody>${events.map((e) => html`<tr><td>${e.occurredAt.slice(0, 19).replace('T', ' ')}</td><td>${e.activity}</td><td>${t(locale, `reports.result.${e.result}`)}</td><td>${e.resultReason ?? ''}</td><td>${e.actor.upn ?? e.actor.type}</td><td>${e.target?.name ?? e.target?.id ?? ''}</td></tr>`)}</tbody></table></div>`;
      return logPage(request, auditLogsTab, filters, fields, table, events.length, '/api/v1/admin/audit');
    } catch (error) {
      return html`${reportRefusal(locale, error)}${logPage(request, auditLogsTab, filters, fields, undefined, 0, '/api/v1/admin/audit')}`;
    }
  },
};

const signInKeys = ['since', 'until', 'user', 'result'] as const;

export const signInLogsTab: BladePage = {
  slug: 'sign-in-logs',
  title: 'admin.tab.signInLogs',
  area: 'monitoring',
  query: [...signInKeys, 'skip'],
  content: async (request, { services }) => {
    const locale = localeOf(request);
    const filters = filtersOf(request, signInKeys);
    const fields = html`${dateField('since', t(locale, 'reports.since'), filters.since)}${dateField('until', t(locale, 'reports.until'), filters.until)}
${field('user', t(locale, 'reports.signIns.user'), html`<input type="text" id="user" name="user" value="${filters.user ?? ''}" maxlength="${filterTextMax}" autocomplete="off" spellcheck="false">`)}
${select('result', t(locale, 'reports.result'), resultChoices(locale), filters.result)}`;
    try {
      const { filter, page } = parseSignInQuery({ ...filters, top: String(pageSize), skip: skipOf(request) });
      const events = await services.logs.signInPage(tenantOf(request), filter, page);
      const table =
        events.length === 0
          ? undefined
          : html`${scrollRegion(t(locale, 'admin.tab.signInLogs'))}<table><caption>${t(locale, 'admin.tab.signInLogs')}</caption>
<thead><tr><th scope="col">${t(locale, 'reports.time')}</th><th scope="col">${t(locale, 'reports.signIns.user')}</th><th scope="col">${t(locale, 'reports.result')}</th><th scope="col">${t(locale, 'reports.signIns.errorCode')}</th><th scope="col">${t(locale, 'reports.signIns.ipAddress')}</th><th scope="col">${t(locale, 'reports.signIns.userAgent')}</th></tr></thead>
<tbody>${events.map((e) => html`<tr><td>${e.occurredAt.slice(0, 19).replace('T', ' ')}</td><td>${e.upn}</td><td>${t(locale, `reports.result.${e.result}`)}</td><td>${e.errorCode}</td><td>${e.ipAddress ?? ''}</td><td>${e.userAgent ?? ''}</td></tr>`)}</tbody></table></div>`;
      return logPage(request, signInLogsTab, filters, fields, table, events.length, '/api/v1/admin/sign-ins');
    } catch (error) {
      return html`${reportRefusal(locale, error)}${logPage(request, signInLogsTab, filters, fields, undefined, 0, '/api/v1/admin/sign-ins')}`;
    }
  },
};

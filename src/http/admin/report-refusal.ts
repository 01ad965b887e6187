/**
 * A refused report filter (a date that is no date, a reversed or too long period, a value not in the list) as the
 * report tabs show it: a sentence in the page's language, with the error code only as a reference for the helpdesk.
 * The API's own messages are English developer text and stay in the API.
 */
import { isSsprError } from '../../core/errors.js';
import { html, type SafeHtml } from '../../core/html.js';
import type { Locale } from '../../i18n/i18n.js';
import { t } from '../portal/layout.js';

const sentence = (locale: Locale, code: string, details: Record<string, unknown>): string => {
  if (code === 'REPORT_DATE_INVALID' || code === 'REPORT_RANGE_REVERSED') return t(locale, `reports.refused.${code}`);
  if (code === 'REPORT_PAGE_TOO_LARGE')
    return typeof details.maximumDays === 'number'
      ? t(locale, 'reports.refused.days', { days: details.maximumDays })
      : t(locale, 'reports.refused.page');
  return t(locale, 'reports.refused.other');
};

/** Anything but a refusal (a store failure) goes on to the error handler. */
export const reportRefusal = (locale: Locale, error: unknown): SafeHtml => {
  if (!isSsprError(error)) throw error;
  return html`<p role="alert" class="error">${sentence(locale, error.code, error.details)} <span class="meta">${t(locale, 'portal.error.reference', { code: error.code })}</span></p>`;
};

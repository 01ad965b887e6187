/**
 * The users list's registration filters (issue #14 item 5): "Registered for SSPR" and "Capable of reset", each any /
 * yes / no, as plain GET fields of the search form, so they work without JavaScript and survive paging and the
 * language switch (the pager and `selfPath` carry them). Anything but `yes` or `no` reads as "any".
 */
import { html } from '../../core/html.js';
import type { Locale } from '../../i18n/i18n.js';
import { t } from '../portal/layout.js';

export interface RegistrationFilters {
  registered: '' | 'yes' | 'no';
  capable: '' | 'yes' | 'no';
}

const yesNo = (value: unknown): '' | 'yes' | 'no' => (value === 'yes' || value === 'no' ? value : '');

export const registrationFiltersOf = (query: Record<string, unknown>): RegistrationFilters => ({
  registered: yesNo(query.registered),
  capable: yesNo(query.capable),
});

/** The filters as the registration report takes them: absent for "any". */
export const yesNoFilters = (filters: RegistrationFilters) => ({
  ...(filters.registered && { registered: filters.registered === 'yes' }),
  ...(filters.capable && { capable: filters.capable === 'yes' }),
});

const select = (locale: Locale, name: keyof RegistrationFilters, label: string, value: string) =>
  html`<label for="filter-${name}">${label}</label>
<select id="filter-${name}" name="${name}">${(['', 'yes', 'no'] as const).map(
    (option) =>
      html`<option value="${option}"${option === value ? html` selected` : ''}>${t(locale, option === '' ? 'helpdeskActions.users.any' : option === 'yes' ? 'admin.yes' : 'admin.no')}</option>`,
  )}</select>`;

export const registrationFilterFields = (locale: Locale, filters: RegistrationFilters) =>
  html`${select(locale, 'registered', t(locale, 'helpdeskActions.users.registered'), filters.registered)}
${select(locale, 'capable', t(locale, 'helpdeskActions.users.capable'), filters.capable)}`;

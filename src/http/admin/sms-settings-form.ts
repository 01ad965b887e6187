/**
 * The SMS budget tab's settings form: the hourly SMS/voice budget, the hourly caps per number block and client
 * address, the daily caps per destination and per tenant, and SMS notices — the settings of
 * PATCH /api/v1/admin/security-info-settings, checked by the same function (`settingsProblems`) before the same
 * service method saves them, so the console and the API cannot disagree on a limit. The allowed phone countries
 * stay with the API. Text inputs, not `type=number`: a browser sends nothing for letters in a number input, and the
 * form must give back what was typed.
 */
import { html, type SafeHtml } from '../../core/html.js';
import type { SecurityInfoSettings } from '../../core/methods/records.js';
import type { Locale } from '../../i18n/i18n.js';
import { defaultSecurityInfoSettings } from '../../services/delivery/send-caps.js';
import {
  capRange,
  settingsProblems,
  type SettingCap,
  type SettingsChanges,
} from '../../services/security-info/security-info-admin-service.js';
import { fieldAria, fieldMessage, type FieldError } from '../portal/form-state.js';
import { t } from '../portal/layout.js';
import { policyForm, text, wholeNumber, type FormState } from './form-controls.js';

/** The numbers in the form's order: the hour's budget and caps first (pumping), then the day's. */
const numbers = [
  'hourlyPhoneBudget',
  'hourlyCapPerPrefix',
  'hourlyCapPerIp',
  'dailyCapPerNumber',
  'dailyCapPerTenant',
] as const satisfies readonly SettingCap[];

const count = (locale: Locale, value: number) => new Intl.NumberFormat(locale).format(value);
const onOff = (locale: Locale, on: boolean) => t(locale, on ? 'admin.smsSettings.on' : 'admin.smsSettings.off');

/** The form's values as the settings stand. */
export const settingsState = (settings: SecurityInfoSettings): FormState => ({
  ...Object.fromEntries(numbers.map((key) => [key, String(settings[key])])),
  smsNotices: settings.smsNotices ? 'on' : '',
});

/**
 * A post read as the admin typed it and as the change it asks for, with every field the service's check refuses,
 * named at its input: empty, not a whole number and out of range are one rule, the API's.
 */
export const readSettingsPost = (
  locale: Locale,
  body: FormState,
): { typed: FormState; changes: SettingsChanges; errors: FieldError[] } => {
  const typed: FormState = {
    ...Object.fromEntries(numbers.map((key) => [key, text(body, key)])),
    smsNotices: text(body, 'smsNotices') === 'on' ? 'on' : '',
  };
  const changes: SettingsChanges = {
    ...Object.fromEntries(numbers.map((key) => [key, wholeNumber(text(typed, key))])),
    smsNotices: typed.smsNotices === 'on',
  };
  // In the form's order, so the summary reads as the page does.
  const order = (field: string) => numbers.indexOf(field as SettingCap);
  const problems = settingsProblems(changes).sort((a, b) => order(a.field) - order(b.field));
  const errors = problems.map((p) => ({
    field: p.field,
    text: t(locale, 'admin.smsSettings.invalid', {
      label: t(locale, `admin.smsSettings.${p.field as SettingCap}`),
      min: count(locale, capRange.min),
      max: count(locale, capRange.max),
      code: p.code,
    }),
  }));
  return { typed, changes, errors };
};

/** The form under the breaker: editable with a CSRF token, else the values disabled with who may change them. */
export const settingsForm = (
  locale: Locale,
  view: {
    action: string;
    csrf?: string;
    readOnlyNote: string;
    saved: SecurityInfoSettings;
    state: FormState;
    errors: FieldError[];
  },
): SafeHtml => {
  const inputs = numbers.map(
    (key) =>
      html`<label for="${key}">${t(locale, `admin.smsSettings.${key}`)}<span class="hint" id="${key}-hint">${t(locale, `admin.smsSettings.${key}.hint`)} ${t(
        locale,
        'admin.smsSettings.values',
        { default: count(locale, defaultSecurityInfoSettings[key]), current: count(locale, view.saved[key]) },
      )}</span></label>
<input type="text" id="${key}" name="${key}" value="${text(view.state, key)}" inputmode="numeric" maxlength="9" autocomplete="off"${fieldAria(view.errors, key, [`${key}-hint`])}>${fieldMessage(view.errors, key)}`,
  );
  const notices = html`<div class="choice"><input type="checkbox" id="smsNotices" name="smsNotices" value="on" aria-describedby="smsNotices-hint"${text(view.state, 'smsNotices') === 'on' ? html` checked` : ''}><label for="smsNotices">${t(locale, 'admin.smsSettings.smsNotices')}</label></div>
<p class="hint" id="smsNotices-hint">${t(locale, 'admin.smsSettings.smsNotices.hint', { current: onOff(locale, view.saved.smsNotices) })}</p>`;
  return html`<h3 id="settings">${t(locale, 'admin.smsSettings.title')}</h3><p>${t(locale, 'admin.smsSettings.intro')}</p>${policyForm(
    {
      action: view.action,
      ...(view.csrf && { csrf: view.csrf }),
      submit: t(locale, 'admin.save'),
      readOnlyNote: view.readOnlyNote,
      body: html`${inputs}${notices}`,
    },
  )}`;
};

import { Type } from 'typebox';
import type { Locale } from '../../i18n/i18n.js';
import { html, type SafeHtml } from '../../core/html.js';
import { t } from '../portal/layout.js';

/** Form posts: text fields, and lists for repeated names (checkboxes). */
export const FormBody = Type.Record(
  Type.String({ maxLength: 64 }),
  Type.Union([Type.String({ maxLength: 2048 }), Type.Array(Type.String({ maxLength: 64 }), { maxItems: 20 })]),
  { maxProperties: 32 },
);

/** Submitted or current form values, as the browser sends them: text, or a list for checkboxes. */
export type FormState = Record<string, string | string[]>;

export const text = (state: FormState, name: string): string => {
  const value = state[name];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
};

export const list = (state: FormState, name: string): string[] => {
  const value = state[name];
  return Array.isArray(value) ? value : value ? [value] : [];
};

/** Radio buttons in a fieldset whose legend is the question: each option has its own label. */
export const radios = (
  name: string,
  legend: string,
  current: string,
  options: Array<{ value: string; label: string }>,
  hint?: string,
): SafeHtml =>
  html`<fieldset><legend>${legend}</legend>${hint ? html`<p class="hint" id="${name}-hint">${hint}</p>` : ''}${options.map(
    (o) =>
      html`<div class="choice"><input type="radio" id="${name}-${o.value}" name="${name}" value="${o.value}"${o.value === current ? html` checked` : ''}><label for="${name}-${o.value}">${o.label}</label></div>`,
  )}</fieldset>`;

export const yesNo = (locale: Locale, name: string, legend: string, current: string): SafeHtml =>
  radios(name, legend, current, [
    { value: 'yes', label: t(locale, 'admin.yes') },
    { value: 'no', label: t(locale, 'admin.no') },
  ]);

export const checkboxes = (
  name: string,
  legend: string,
  current: string[],
  options: Array<{ value: string; label: string }>,
): SafeHtml =>
  html`<fieldset><legend>${legend}</legend>${options.map(
    (o) =>
      html`<div class="choice"><input type="checkbox" id="${name}-${o.value}" name="${name}" value="${o.value}"${current.includes(o.value) ? html` checked` : ''}><label for="${name}-${o.value}">${o.label}</label></div>`,
  )}</fieldset>`;

/** A text or number field with its label and an optional hint tied to it. */
export const field = (
  name: string,
  label: string,
  value: string,
  options: { type?: 'text' | 'number'; hint?: string; inputmode?: string; maxlength?: number } = {},
): SafeHtml =>
  html`<label for="${name}">${label}${options.hint ? html`<span class="hint" id="${name}-hint">${options.hint}</span>` : ''}</label>
<input type="${options.type ?? 'text'}" id="${name}" name="${name}" value="${value}"${options.hint ? html` aria-describedby="${name}-hint"` : ''}${options.inputmode ? html` inputmode="${options.inputmode}"` : ''}${options.maxlength ? html` maxlength="${options.maxlength}"` : ''}>`;

export const select = (
  name: string,
  label: string,
  current: string,
  options: Array<{ value: string; label: string }>,
  hint?: string,
): SafeHtml =>
  html`<label for="${name}">${label}${hint ? html`<span class="hint" id="${name}-hint">${hint}</span>` : ''}</label>
<select id="${name}" name="${name}"${hint ? html` aria-describedby="${name}-hint"` : ''}>${options.map(
    (o) => html`<option value="${o.value}"${o.value === current ? html` selected` : ''}>${o.label}</option>`,
  )}</select>`;

/**
 * A form that posts to `action` with the CSRF token; read-only viewers get the same controls
 * disabled, no token and no submit button, and a note saying who may change them.
 */
export const policyForm = (options: {
  action: string;
  csrf?: string;
  body: SafeHtml;
  submit: string;
  readOnlyNote: string;
}): SafeHtml =>
  options.csrf
    ? html`<form method="post" action="${options.action}" novalidate><input type="hidden" name="_csrf" value="${options.csrf}">${options.body}<button type="submit">${options.submit}</button></form>`
    : html`<p class="meta">${options.readOnlyNote}</p><form><fieldset class="bare" disabled>${options.body}</fieldset></form>`;

/** A whole number as typed, or NaN (which the policy check reports in the admin's language). */
export const wholeNumber = (value: string): number => (/^\s*\d{1,7}\s*$/.test(value) ? Number(value) : Number.NaN);

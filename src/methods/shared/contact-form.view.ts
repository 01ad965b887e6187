/**
 * The security-info add form of an email address or a phone number: one field, typed so that phones
 * offer the right keyboard and autofill. Shared by the email and mobile SMS plugins.
 */
import { html } from '../../core/html.js';
import type { EnrolFormData, FragmentContext } from '../../core/methods/method-contract.js';
import { callingCodeOf } from '../../core/methods/phone.js';

/**
 * The country picker before a phone number: the tenant's allowed countries with their calling codes,
 * the first preselected; a number typed with + keeps its own country.
 */
const countryPicker = (ctx: FragmentContext, regions: readonly string[], typed: string | undefined) =>
  html`<label for="country">${ctx.t('account.securityInfo.add.phone.country')}<span class="hint" id="country-hint">${ctx.t('account.securityInfo.add.phone.countryHint')}</span></label>
<select id="country" name="country" aria-describedby="country-hint">${regions.map(
    (region) =>
      html`<option value="${region}"${region === typed ? html` selected` : ''}>${region} (+${callingCodeOf(region)})</option>`,
  )}</select>`;

export const contactForm = (
  ctx: FragmentContext & { typed: Record<string, string | string[] | undefined>; extra?: Partial<EnrolFormData> },
  form: { kind: 'email' | 'phone'; field: 'address' | 'number'; type: 'email' | 'tel' },
) => {
  const { kind, field, type } = form;
  const typed = ctx.typed[field];
  // A refusal of what was typed: named at the input too, which points at it (as the portal's other forms do).
  const error = ctx.fieldErrors?.[field];
  // With the country picker a national number is fine, so the number's hint says so instead of "international".
  const picker = kind === 'phone' && ctx.extra?.regions?.length ? ctx.extra.regions : undefined;
  // h2: the section sits right under the page's h1.
  return html`<section class="add" aria-labelledby="add-${kind}">
<h2 id="add-${kind}">${ctx.t(`account.securityInfo.add.${kind}.title`)}</h2>
<form method="post" action="${ctx.action}" novalidate>${ctx.csrfField}
${picker ? countryPicker(ctx, picker, typeof ctx.typed.country === 'string' ? ctx.typed.country : undefined) : ''}
<label for="${field}">${ctx.t(`account.securityInfo.add.${kind}.label`)}<span class="hint" id="${field}-hint">${ctx.t(picker ? 'account.securityInfo.add.phone.hintWithCountry' : `account.securityInfo.add.${kind}.hint`)}</span></label>
<input type="${type}" id="${field}" name="${field}" autocomplete="${type}" inputmode="${type}" required maxlength="${kind === 'phone' ? 64 : 320}"${error ? html` aria-invalid="true"` : ''} aria-describedby="${field}-hint${error ? ` ${field}-error` : ''}" value="${typeof typed === 'string' ? typed : ''}">
${error ? html`<p class="field-error" id="${field}-error">${error}</p>` : ''}
<button type="submit">${ctx.t(`account.securityInfo.add.${kind}.submit`)}</button>
</form>
</section>`;
};

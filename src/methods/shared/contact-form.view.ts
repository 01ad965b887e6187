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
  return html`<section class="add" aria-labelledby="add-${kind}">
<h3 id="add-${kind}">${ctx.t(`account.securityInfo.add.${kind}.title`)}</h3>
<form method="post" action="${ctx.action}" novalidate>${ctx.csrfField}
${kind === 'phone' && ctx.extra?.regions?.length ? countryPicker(ctx, ctx.extra.regions, typeof ctx.typed.country === 'string' ? ctx.typed.country : undefined) : ''}
<label for="${field}">${ctx.t(`account.securityInfo.add.${kind}.label`)}<span class="hint" id="${field}-hint">${ctx.t(`account.securityInfo.add.${kind}.hint`)}</span></label>
<input type="${type}" id="${field}" name="${field}" autocomplete="${type}" inputmode="${type}" required maxlength="${kind === 'phone' ? 64 : 320}" aria-describedby="${field}-hint" value="${typeof typed === 'string' ? typed : ''}">
<button type="submit">${ctx.t(`account.securityInfo.add.${kind}.submit`)}</button>
</form>
</section>`;
};

/**
 * The security-info add form of an email address or a phone number: one field, typed so that phones
 * offer the right keyboard and autofill. Shared by the email and mobile SMS plugins.
 */
import { html } from '../../core/html.js';
import type { FragmentContext } from '../../core/methods/method-contract.js';

export const contactForm = (
  ctx: FragmentContext & { typed: Record<string, string | string[] | undefined> },
  form: { kind: 'email' | 'phone'; field: 'address' | 'number'; type: 'email' | 'tel' },
) => {
  const { kind, field, type } = form;
  const typed = ctx.typed[field];
  return html`<section class="add" aria-labelledby="add-${kind}">
<h3 id="add-${kind}">${ctx.t(`account.securityInfo.add.${kind}.title`)}</h3>
<form method="post" action="${ctx.action}" novalidate>${ctx.csrfField}
<label for="${field}">${ctx.t(`account.securityInfo.add.${kind}.label`)}<span class="hint" id="${field}-hint">${ctx.t(`account.securityInfo.add.${kind}.hint`)}</span></label>
<input type="${type}" id="${field}" name="${field}" autocomplete="${type}" inputmode="${type}" required aria-describedby="${field}-hint" value="${typeof typed === 'string' ? typed : ''}">
<button type="submit">${ctx.t(`account.securityInfo.add.${kind}.submit`)}</button>
</form>
</section>`;
};

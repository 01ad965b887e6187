/**
 * The reset wizard's "enter your code" step, shared by the methods whose proof is a typed code
 * (email, SMS, authenticator app): one form, posted to the verify step with the flow's method id.
 */
import { html } from '../../core/html.js';
import type { FragmentContext } from '../../core/methods/method-contract.js';

export const resetCodeForm = (ctx: FragmentContext, intro: string) => html`<p id="code-intro">${intro}</p>
<form method="post" action="${ctx.action}" novalidate>
${ctx.csrfField}<input type="hidden" name="methodId" value="${ctx.methodId}">
<label for="code">${ctx.t('reset.code.label')}</label>
<input type="text" id="code" name="code" autocomplete="one-time-code" inputmode="numeric" maxlength="10" required aria-describedby="code-intro"${ctx.autofocus ? html` autofocus` : ''}>
<button type="submit">${ctx.t('reset.next')}</button>
</form>`;

/** The whole number, typed before a text or a call: the service checks it against the one on file. */
export const resetPhoneField = (ctx: FragmentContext) => {
  const id = `m-${ctx.methodId}`;
  return html`<label for="${id}-phone">${ctx.t('reset.method.phone.label')}<span class="hint" id="${id}-hint">${ctx.t('reset.method.phone.hint')}</span></label>
<input type="tel" id="${id}-phone" name="phoneNumber" autocomplete="tel" inputmode="tel" maxlength="64" required aria-describedby="${id}-explain ${id}-hint">`;
};

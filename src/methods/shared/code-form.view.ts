/**
 * The reset wizard's "enter your code" step, shared by the methods whose proof is a typed code
 * (email, SMS, authenticator app): one form, posted to the verify step with the flow's method id.
 * A refused code is named next to the input (`aria-invalid`, `aria-describedby`); the input takes as
 * many characters as the server does.
 */
import { html, type SafeHtml } from '../../core/html.js';
import { inputLimits } from '../../core/input-limits.js';
import type { FragmentContext } from '../../core/methods/method-contract.js';

/** An input's ARIA state and the message under it, when the page refused what was typed there. */
const fieldState = (ctx: FragmentContext, id: string, describedBy: string[]) => {
  const error = ctx.fieldErrors?.[id];
  const ids = [...describedBy, ...(error ? [`${id}-error`] : [])].join(' ');
  return {
    aria: html`${error ? html` aria-invalid="true"` : ''} aria-describedby="${ids}"`,
    message: error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ('' as string | SafeHtml),
  };
};

export const resetCodeForm = (ctx: FragmentContext, intro: string) => {
  const code = fieldState(ctx, 'code', ['code-intro']);
  return html`<p id="code-intro">${intro}</p>
<form method="post" action="${ctx.action}" novalidate>
${ctx.csrfField}<input type="hidden" name="methodId" value="${ctx.methodId}">
<label for="code">${ctx.t('reset.code.label')}</label>
<input type="text" id="code" name="code" autocomplete="one-time-code" inputmode="numeric" maxlength="${inputLimits.code}" required${code.aria}${ctx.autofocus || ctx.fieldErrors?.code ? html` autofocus` : ''}>
${code.message}
<button type="submit">${ctx.t('reset.next')}</button>
</form>`;
};

/** The whole number, typed before a text or a call: the service checks it against the one on file. */
export const resetPhoneField = (ctx: FragmentContext) => {
  const id = `m-${ctx.methodId}`;
  const phone = fieldState(ctx, `${id}-phone`, [`${id}-explain`, `${id}-hint`]);
  return html`<label for="${id}-phone">${ctx.t('reset.method.phone.label')}<span class="hint" id="${id}-hint">${ctx.t('reset.method.phone.hint')}</span></label>
<input type="tel" id="${id}-phone" name="phoneNumber" autocomplete="tel" inputmode="tel" maxlength="${inputLimits.phoneNumber}" required${phone.aria} value="${ctx.values?.[`${id}-phone`] ?? ''}">
${phone.message}`;
};

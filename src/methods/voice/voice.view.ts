/** The voice methods' page fragments: the whole number first, then "answer the call and press #". */
import { html } from '../../core/html.js';
import type { MethodViews } from '../../core/methods/method-contract.js';
import { resetPhoneField } from '../shared/code-form.view.js';

export const voiceViews: MethodViews = {
  resetCard: resetPhoneField,
  resetChallenge: (ctx) => html`<p>${ctx.t('reset.call.placed')}</p>
<form method="post" action="${ctx.action}">
${ctx.csrfField}<input type="hidden" name="methodId" value="${ctx.methodId}">
<button type="submit">${ctx.t('reset.call.answered')}</button>
</form>`,
};

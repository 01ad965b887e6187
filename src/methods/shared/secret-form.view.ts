/**
 * The reset wizard's step for a typed lookup secret (a recovery code, a Temporary Access Pass): letters and
 * digits in groups, so a text field rather than the numeric code field; never autocompleted or remembered.
 */
import { html } from '../../core/html.js';
import type { FragmentContext } from '../../core/methods/method-contract.js';

export const resetSecretForm = (
  ctx: FragmentContext,
  intro: string,
  label: string,
) => html`<p id="code-intro">${intro}</p>
<form method="post" action="${ctx.action}" novalidate>
${ctx.csrfField}<input type="hidden" name="methodId" value="${ctx.methodId}">
<label for="code">${label}</label>
<input type="text" id="code" name="code" autocomplete="off" autocapitalize="none" spellcheck="false" maxlength="32" required aria-describedby="code-intro"${ctx.autofocus ? html` autofocus` : ''}>
<button type="submit">${ctx.t('reset.next')}</button>
</form>`;

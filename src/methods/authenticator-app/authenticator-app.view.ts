/** The authenticator app's page fragments: the code step and the add form (an optional name). */
import { html } from '../../core/html.js';
import type { EnrolmentViews, MethodViews } from '../../core/methods/method-contract.js';
import { resetCodeForm } from '../shared/code-form.view.js';

export const authenticatorCodeViews: MethodViews = {
  resetChallenge: (ctx) => resetCodeForm(ctx, ctx.t('reset.code.app')),
};

export const authenticatorAppViews: EnrolmentViews = {
  addForm: (ctx) => html`<section class="add" aria-labelledby="add-app">
<h2 id="add-app">${ctx.t('account.securityInfo.add.app.title')}</h2>
<p class="meta">${ctx.t('account.securityInfo.add.app.intro')}</p>
<form method="post" action="${ctx.action}" novalidate>${ctx.csrfField}
<label for="label">${ctx.t('account.securityInfo.add.app.label')}</label>
<input type="text" id="label" name="label" autocomplete="off" maxlength="64" value="${typeof ctx.typed.label === 'string' ? ctx.typed.label : ''}">
<button type="submit">${ctx.t('account.securityInfo.add.app.submit')}</button>
</form>
</section>`,
};

/**
 * The passkey's page fragments. Both need JavaScript (the browser's WebAuthn call): the form carries a hidden
 * `response` field that /static/passkey.js fills with the browser's answer before it posts; without JavaScript a
 * <noscript> line says so, and a post without the field is refused with the same words. The scripts are served from
 * this origin, so the CSP stays `script-src 'self'`.
 */
import { html, type SafeHtml } from '../../core/html.js';
import type { EnrolmentViews, MethodViews, Translate } from '../../core/methods/method-contract.js';

/** Where the page's script gets a fresh challenge for registering a passkey (JSON POST, signed-in and stepped up). */
export const passkeyRegistrationOptionsPath = '/api/v1/me/passkeys/options';
/** Where the sign-in page's script gets a fresh challenge (JSON POST; nobody is named yet). */
export const passkeySignInOptionsPath = '/api/v1/session/passkey/options';

/** The scripts: the library's browser bundle, then our few lines that call it. */
export const passkeyScripts = html`<script src="/static/simplewebauthn-browser.js" defer></script>
<script src="/static/passkey.js" defer></script>`;

/** The status line the script speaks through, and the words it may say (texts come from the page). */
export const passkeyStatus = (t: Translate): SafeHtml =>
  html`<p class="meta" data-passkey-status hidden role="status" aria-live="polite" data-working="${t('passkey.working')}" data-failed="${t('passkey.failed')}" data-unsupported="${t('passkey.unsupported')}"></p>
<noscript><p class="meta">${t('passkey.needsJavaScript')}</p></noscript>`;

export const passkeyViews: MethodViews = {
  resetChallenge: (ctx) => html`<p id="passkey-intro">${ctx.t('reset.passkey.intro')}</p>
<form method="post" action="${ctx.action}" novalidate data-passkey="authenticate" data-options="${JSON.stringify(ctx.ceremony ?? {})}">
${ctx.csrfField}<input type="hidden" name="methodId" value="${ctx.methodId}">
<input type="hidden" name="response" value="">
<button type="submit" aria-describedby="passkey-intro"${ctx.autofocus ? html` autofocus` : ''}>${ctx.t('reset.passkey.submit')}</button>
</form>
${passkeyStatus(ctx.t)}
${passkeyScripts}`,
};

export const passkeyEnrolmentViews: EnrolmentViews = {
  addForm: (ctx) => html`<section class="add" aria-labelledby="add-passkey">
<h2 id="add-passkey">${ctx.t('account.securityInfo.add.passkey.title')}</h2>
<p class="meta">${ctx.t('account.securityInfo.add.passkey.intro')}</p>
<form method="post" action="${ctx.action}" novalidate data-passkey="register" data-options-url="${passkeyRegistrationOptionsPath}">${ctx.csrfField}
<label for="passkey-label">${ctx.t('account.securityInfo.add.passkey.label')}</label>
<input type="text" id="passkey-label" name="label" autocomplete="off" maxlength="64" value="${typeof ctx.typed.label === 'string' ? ctx.typed.label : ''}">
<input type="hidden" name="response" value="">
<button type="submit">${ctx.t('account.securityInfo.add.passkey.submit')}</button>
</form>
${passkeyStatus(ctx.t)}
${passkeyScripts}
</section>`,
};

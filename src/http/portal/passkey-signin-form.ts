/** The sign-in page's passkey form: one button; the script fetches a challenge and fills `response`. */
import type { FastifyRequest } from 'fastify';
import { html } from '../../core/html.js';
import type { Locale } from '../../i18n/i18n.js';
import { passkeyScripts, passkeySignInOptionsPath, passkeyStatus } from '../../methods/passkey/passkey.view.js';
import { withMkt } from '../request-context.js';
import { t } from './layout.js';

export const passkeySignInForm = (request: FastifyRequest, locale: Locale, csrf: string) => {
  const tr = (key: string) => t(locale, key as Parameters<typeof t>[1]);
  return html`<section class="passkey-signin" aria-labelledby="passkey-signin">
<p id="passkey-signin">${tr('signin.passkey.or')}</p>
<form method="post" action="${withMkt(request, '/signin/passkey')}" novalidate data-passkey="authenticate" data-options-url="${passkeySignInOptionsPath}">
<input type="hidden" name="_csrf" value="${csrf}">
<input type="hidden" name="response" value="">
<button type="submit" class="secondary">${tr('signin.passkey.submit')}</button>
</form>
${passkeyStatus(tr)}
${passkeyScripts}
</section>`;
};

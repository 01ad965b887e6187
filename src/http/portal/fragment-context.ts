/**
 * What a method plugin's page fragment gets from the portal: a translator for its keys, the form's
 * (localised) action and the CSRF field. Plugin views stay pure; the portal owns requests and cookies.
 */
import type { FastifyRequest } from 'fastify';
import { html } from '../../core/html.js';
import type { FragmentContext, Translate } from '../../core/methods/method-contract.js';
import { isMessageKey, translate, type Locale } from '../../i18n/i18n.js';
import { withMkt } from '../request-context.js';

/** The plugins' keys are checked by test/architecture/method-registry.test.ts; an unknown one shows as itself. */
export const translatorFor =
  (locale: Locale): Translate =>
  (key, params) =>
    isMessageKey(key) ? translate(locale, key, params) : key;

export const fragmentContext = (
  request: FastifyRequest,
  locale: Locale,
  input: { csrf: string; path: string; methodId: string; autofocus: boolean },
): FragmentContext => ({
  t: translatorFor(locale),
  action: withMkt(request, input.path),
  csrfField: html`<input type="hidden" name="_csrf" value="${input.csrf}">`,
  methodId: input.methodId,
  autofocus: input.autofocus,
});

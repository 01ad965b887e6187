import { isSsprError } from '../../core/errors.js';
import { isMessageKey, type Locale } from '../../i18n/i18n.js';
import { t } from '../portal/layout.js';

/**
 * What a refused change says next to its form, in the page's language: each policy problem, or the
 * refusal's own message. Undefined for anything else, which the error handler deals with.
 */
export const refusalOf = (locale: Locale, error: unknown): { status: number; messages: string[] } | undefined => {
  if (!isSsprError(error)) return undefined;
  if (error.code === 'POLICY_INVALID') {
    const ids = Array.isArray(error.details.problemIds) ? (error.details.problemIds as unknown[]) : [];
    const messages = ids
      .map((id) => `admin.problem.${String(id)}`)
      .filter(isMessageKey)
      .map((key) => t(locale, key));
    return { status: 400, messages: messages.length > 0 ? messages : [t(locale, 'admin.error.VALIDATION_FAILED')] };
  }
  const key = `admin.error.${error.code}`;
  if (!isMessageKey(key)) return undefined;
  // A vanished group or an existing assignment is the form's problem, not a missing page.
  return { status: error.status === 404 ? 400 : error.status, messages: [t(locale, key)] };
};

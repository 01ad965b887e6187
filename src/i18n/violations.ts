import type { PasswordViolation } from '../core/password/evaluate-password.js';
import { translate, type Locale } from './i18n.js';

/**
 * The user-facing sentence for a violation. Banned-list messages use Entra's wording and never
 * name the term that matched; only whether the administrator's own list took part.
 */
export const violationMessage = (locale: Locale, violation: PasswordViolation): string => {
  switch (violation.code) {
    case 'PASSWORD_TOO_SHORT':
      return translate(locale, 'violation.PASSWORD_TOO_SHORT', { minLength: violation.minLength });
    case 'PASSWORD_TOO_LONG':
      return translate(locale, 'violation.PASSWORD_TOO_LONG', { maxLength: violation.maxLength });
    case 'PASSWORD_INSUFFICIENT_COMPLEXITY':
      return translate(locale, 'violation.PASSWORD_INSUFFICIENT_COMPLEXITY', {
        requiredClasses: violation.requiredClasses,
      });
    case 'PASSWORD_BANNED':
      return translate(
        locale,
        violation.list === 'custom' ? 'violation.PASSWORD_BANNED_CUSTOM' : 'violation.PASSWORD_BANNED',
      );
    default:
      return translate(locale, `violation.${violation.code}`);
  }
};

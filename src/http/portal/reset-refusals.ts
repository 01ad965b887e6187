/**
 * What the wizard shows for a refusal of the reset service: the sentence in the user's language (never
 * the raw code), the input it belongs to, and which view of the step to show. The page stores it as the
 * tab's flash and answers with a redirect (post/redirect/get), so Back and reload never resubmit.
 */
import { errorCatalogue, type ErrorCode } from '../../core/errors.js';
import type { PasswordViolation } from '../../core/password/evaluate-password.js';
import { isMessageKey, type Locale } from '../../i18n/i18n.js';
import { violationMessage } from '../../i18n/violations.js';
import type { Ineligible } from '../../services/reset/password-reset-service.js';
import { inputLimits } from '../../core/input-limits.js';
import type { Flash, FieldError, RefusedBody } from './form-state.js';
import { t } from './layout.js';
import { ineligibleMessage } from './reset-views.js';

const ineligibleReasons: readonly string[] = [
  'SSPR_0009',
  'SSPR_0010',
  'SSPR_0011',
  'SSPR_0012',
  'SSPR_0013',
  'SSPR_0014',
  'SSPR_0029',
  'SSPR_0030',
];

export const statusOf = (code: string) => (code in errorCatalogue ? errorCatalogue[code as ErrorCode].status : 400);

/** A refusal as a sentence in the user's language; never the raw code. */
export const messageOf = (locale: Locale, code: string): string => {
  const key = `reset.error.${code}`;
  return isMessageKey(key) ? t(locale, key) : t(locale, 'reset.failed');
};

/** "when to try again", in the user's language; UTC is said out loud because the server cannot know the user's zone. */
export const formatInstant = (locale: Locale, iso: unknown): string => {
  const date = new Date(typeof iso === 'string' ? iso : Number.NaN);
  if (Number.isNaN(date.getTime())) return locale === 'nl' ? '24 uur' : '24 hours';
  const text = new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(date);
  return `${text} UTC`;
};

export const blockedMessage = (locale: Locale, retryAt: unknown) =>
  t(locale, 'reset.error.SSPR_BLOCKED', { retryAt: formatInstant(locale, retryAt) });

/** The sentence for a refusal on the start page or a stop. */
export const startMessage = (locale: Locale, code: string, details?: Record<string, unknown>): string => {
  const reason = details?.reason;
  if (code === 'SSPR_BLOCKED') return blockedMessage(locale, details?.retryAt);
  if (typeof reason === 'string' && ineligibleReasons.includes(reason))
    return ineligibleMessage(locale, reason as Ineligible);
  return messageOf(locale, code);
};

/**
 * A refused proof of work, told apart by what the page's script left in the form (reset-captcha.ts): an answer that
 * the service refused (wrong, expired, used) or a check the script ran but could not finish both mean "the check
 * failed, a new one starts"; a browser without the needed Web Crypto gets the sentence it already saw; and only a
 * form the script never touched (no answer, no state) is a browser without JavaScript. The state is the client's
 * word and only picks the sentence: the answer itself is what the service checks.
 */
export const captchaMessage = (locale: Locale, answer: string, state: string): string => {
  if (answer) return t(locale, 'reset.error.CAPTCHA_INVALID');
  if (state === 'unsupported') return t(locale, 'reset.captcha.unsupported');
  return state ? t(locale, 'reset.error.CAPTCHA_INVALID') : t(locale, 'reset.captcha.noscript');
};

export interface Refusal {
  code: ErrorCode;
  details?: Record<string, unknown>;
}

/** Input errors: the service refused what was typed, before counting it as an attempt. */
const inputError = (locale: Locale, details: Record<string, unknown> | undefined, phoneField: string) => {
  if (details?.field === 'code')
    return {
      field: 'code',
      text: t(locale, details.reason === 'empty' ? 'portal.code.empty' : 'portal.code.notDigits'),
    };
  if (details?.field === 'phoneNumber') return { field: phoneField, text: t(locale, 'portal.phone.empty') };
  return undefined;
};

/**
 * The flash for a refusal of a step. `restart` (FLOW_INVALID) and stops (blocked, unavailable, the
 * on-premises directory down) are told apart from errors shown on the step itself.
 */
export const refusalFlash = (
  locale: Locale,
  refusal: Refusal,
  methodId = '',
): { restart: true } | (Flash & { restart?: false }) => {
  const { code, details } = refusal;
  if (code === 'FLOW_INVALID') return { restart: true };
  const reason = details?.reason;
  const directoryDown =
    (code === 'DIRECTORY_UNREACHABLE' || code === 'DIRECTORY_MISCONFIGURED') &&
    (reason === 'SSPR_0029' || reason === 'SSPR_0030');
  if (code === 'SSPR_BLOCKED' || code === 'SSPR_UNAVAILABLE' || directoryDown)
    return { status: statusOf(code), errors: [{ text: startMessage(locale, code, details) }], show: 'stop' };
  // Not locked after all (told only once the gates are passed): the same flow goes on to a new password.
  if (code === 'ACCOUNT_NOT_LOCKED')
    return { status: statusOf(code), errors: [{ text: messageOf(locale, code) }], show: 'password' };
  const phoneField = `m-${methodId}-phone`;
  const errors: FieldError[] =
    code === 'PASSWORD_POLICY_VIOLATION'
      ? ((details?.violations ?? []) as PasswordViolation[]).map((v) => ({
          field: 'newPassword',
          text: violationMessage(locale, v),
        }))
      : code === 'DIRECTORY_POLICY_REJECTED' && typeof details?.detail === 'string'
        ? [{ field: 'newPassword', text: details.detail }]
        : code === 'VALIDATION_FAILED' && inputError(locale, details, phoneField)
          ? [inputError(locale, details, phoneField)!]
          : code === 'PHONE_MISMATCH'
            ? [{ field: phoneField, text: messageOf(locale, code) }]
            : code === 'CODE_INVALID' || code === 'CODE_EXPIRED' || code === 'TOO_MANY_ATTEMPTS'
              ? [{ field: 'code', text: messageOf(locale, code) }]
              : [{ text: messageOf(locale, code) }];
  // A refused phone number is typed on the methods page: show that page, the number and the message next to it.
  return { status: statusOf(code), errors, ...(errors.some((e) => e.field === phoneField) && { show: 'methods' }) };
};

const limitOf = (name: string): number =>
  name === 'username'
    ? inputLimits.userId
    : name.endsWith('Password')
      ? inputLimits.password
      : name === 'code'
        ? inputLimits.code
        : name.startsWith('answer')
          ? inputLimits.answer
          : inputLimits.phoneNumber;

/** A body refused before the handler (a field over its limit, a body over the size limit), as the step's flash. */
export const refusedBodyFlash = (locale: Locale, refused: RefusedBody, methodId: string): Flash => {
  const idOf = (name: string) => (name === 'phoneNumber' ? `m-${methodId}-phone` : name);
  const errors: FieldError[] =
    refused.fields.length > 0
      ? refused.fields.map((name) => ({
          field: idOf(name),
          text: t(locale, 'portal.field.tooLong', { max: limitOf(name) }),
        }))
      : [
          {
            text: t(
              locale,
              refused.code === 'PAYLOAD_TOO_LARGE' ? 'portal.form.tooLarge' : 'reset.error.VALIDATION_FAILED',
            ),
          },
        ];
  const show = refused.fields.includes('phoneNumber')
    ? 'methods'
    : refused.fields.some((f) => f.endsWith('Password'))
      ? 'password'
      : undefined;
  return { status: refused.status, errors, ...(show && { show }) };
};

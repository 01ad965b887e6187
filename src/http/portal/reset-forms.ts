/**
 * The wizard's form bodies (issue 6, issue 14): every field optional and bounded, so a missing or over-long field
 * is the page's own message next to the input (form-state.ts), never a bare 400.
 */
import { Type } from 'typebox';
import { inputLimits } from '../../core/input-limits.js';

const field = (maxLength: number) => Type.Optional(Type.String({ maxLength }));
const Csrf = { _csrf: field(inputLimits.csrf) };
export const StartForm = Type.Object({
  username: field(inputLimits.userId),
  captcha: field(inputLimits.captcha),
  // Set by the page's script (reset-captcha.ts): empty means it never ran. Only picks the refusal's sentence.
  captchaState: field(16),
  ...Csrf,
});
export const IntentForm = Type.Object({ intent: field(16), ...Csrf });
export const ChallengeForm = Type.Object({ methodId: field(64), phoneNumber: field(inputLimits.phoneNumber), ...Csrf });
/** At most 5 questions are asked (policy: 3-5); which ones is read from the flow, not from the form. */
const maxQuestions = 5;
export const VerifyForm = Type.Object({
  methodId: field(64),
  code: field(inputLimits.code),
  // A passkey's assertion (JSON), filled in by the page's script.
  response: field(12_000),
  ...Object.fromEntries(Array.from({ length: maxQuestions }, (_, i) => [`answer${i + 1}`, field(inputLimits.answer)])),
  ...Csrf,
});
export const PasswordForm = Type.Object({
  newPassword: field(inputLimits.password),
  confirmPassword: field(inputLimits.password),
  unlock: field(8),
  ...Csrf,
});
export const CsrfOnly = Type.Object(Csrf);

/**
 * The one password evaluator (reference §5): every place that sets a password — change, reset,
 * admin create/set, writeback — calls this and nothing else. Pure: the breached-corpus lookup is
 * done by the caller and passed in.
 */
import { scoreBannedTerms } from './banned-score.js';
import type { BannedTermsIndex } from './banned-terms-index.js';
import { isCommonPassword, type CommonPasswordSet } from './common-password.js';
import { normaliseForMatching } from './normalise.js';
import {
  checkComposition,
  entraProfile,
  prepareCandidate,
  type CompositionViolation,
  type PasswordProfile,
} from './password-profile.js';

export const passingScore = 5;
/** Names shorter than this are too common as fragments to refuse (reference §5.4). */
export const minPersonalTermLength = 4;

export type PasswordViolation =
  | CompositionViolation
  | { code: 'PASSWORD_SAME_AS_CURRENT' }
  /** Score below 5; `list` says whether the tenant's custom list took part (Entra words the message differently). */
  | { code: 'PASSWORD_BANNED'; list: 'global' | 'custom' }
  | { code: 'PASSWORD_CONTAINS_PERSONAL_INFO' }
  /** One of the most common passwords, whole or with digits and symbols added at its ends (not Entra's; ours). */
  | { code: 'PASSWORD_COMMON' }
  | { code: 'PASSWORD_BREACHED' }
  | { code: 'PASSWORD_BREACH_CHECK_UNAVAILABLE' };

export type PasswordViolationCode = PasswordViolation['code'];

export interface PasswordVerdict {
  accepted: boolean;
  /** Banned-term score (reference §5.4); accepted needs >= 5 as well as no other violation. */
  score: number;
  violations: PasswordViolation[];
}

export interface PasswordContext {
  profile?: PasswordProfile;
  givenName?: string | null;
  surname?: string | null;
  tenantName?: string | null;
  globalTerms?: BannedTermsIndex;
  /** The shipped most-common passwords, when the tenant's check is on (it is by default). */
  commonPasswords?: CommonPasswordSet;
  /** Only when the tenant's licence grants custom banned passwords and the list is enforced. */
  customTerms?: BannedTermsIndex;
  /** True when the candidate equals the current password (checked on change only, as Entra does). */
  isSameAsCurrent?: boolean;
  /** From the breached-corpus lookup: a count, 'unavailable' when it failed closed, absent when not checked. */
  breached?: number | 'unavailable';
}

/** Name parts of 4+ characters, normalised; "Jan-Willem van Dijk" yields "willem", "dijk". */
const personalTerms = (context: PasswordContext): string[] =>
  [context.givenName, context.surname, context.tenantName]
    .flatMap((value) => normaliseForMatching(value ?? '').split(/[^\p{L}\p{N}]+/u))
    .filter((part) => [...part].length >= minPersonalTermLength);

/** Evaluates a candidate and lists every violation at once, so the user can fix everything in one go. */
export const evaluatePassword = (candidate: string, context: PasswordContext = {}): PasswordVerdict => {
  const profile = context.profile ?? entraProfile;
  const prepared = prepareCandidate(candidate, profile);
  const violations: PasswordViolation[] = [...checkComposition(prepared, profile)];
  if (context.isSameAsCurrent) violations.push({ code: 'PASSWORD_SAME_AS_CURRENT' });

  // A password already too long is refused anyway; scanning it would only burn CPU.
  if (violations.some((v) => v.code === 'PASSWORD_TOO_LONG')) return { accepted: false, score: 0, violations };
  const normalised = normaliseForMatching(prepared);
  if (personalTerms(context).some((term) => normalised.includes(term))) {
    violations.push({ code: 'PASSWORD_CONTAINS_PERSONAL_INFO' });
  }
  const matches = [
    ...(context.globalTerms?.findMatches(normalised) ?? []).map((m) => ({ ...m, list: 'global' as const })),
    ...(context.customTerms?.findMatches(normalised) ?? []).map((m) => ({ ...m, list: 'custom' as const })),
  ];
  const { score, counted } = scoreBannedTerms(normalised, matches);
  if (score < passingScore && counted.length > 0) {
    violations.push({ code: 'PASSWORD_BANNED', list: counted.some((m) => m.list === 'custom') ? 'custom' : 'global' });
  }
  // What Entra's algorithm lets through (a common password plus a few characters scores 5); one already refused as
  // banned gets no second sentence saying the same.
  if (
    context.commonPasswords &&
    !violations.some((v) => v.code === 'PASSWORD_BANNED') &&
    isCommonPassword(prepared, context.commonPasswords)
  )
    violations.push({ code: 'PASSWORD_COMMON' });
  if (typeof context.breached === 'number' && context.breached > 0) violations.push({ code: 'PASSWORD_BREACHED' });
  if (context.breached === 'unavailable') violations.push({ code: 'PASSWORD_BREACH_CHECK_UNAVAILABLE' });
  return { accepted: violations.length === 0 && score >= passingScore, score, violations };
};

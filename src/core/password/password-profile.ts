/**
 * Password profiles: the composition rules a tenant chooses before banned-term scoring.
 * - `entra` (default): Entra's cloud policy (reference §5.1).
 * - `nist`: NIST SP 800-63B — long minimum, Unicode allowed (NFKC, code points), no composition rules.
 */
import { classifyCharacter, cloudPasswordLimits, type CharacterClass } from './cloud-policy.js';
import { hasLoneSurrogate } from './normalise.js';

export type PasswordProfile = { kind: 'entra' } | { kind: 'nist'; minLength: number; maxLength: number };

export const entraProfile: PasswordProfile = { kind: 'entra' };
export const nistDefaults = { minLength: 15, maxLength: 256, lowestMinLength: 8, lowestMaxLength: 64 } as const;

export type CompositionViolation =
  | { code: 'PASSWORD_TOO_SHORT'; minLength: number }
  | { code: 'PASSWORD_TOO_LONG'; maxLength: number }
  | { code: 'PASSWORD_INVALID_CHARACTERS' }
  | { code: 'PASSWORD_INSUFFICIENT_COMPLEXITY'; requiredClasses: number; foundClasses: number };

/** The text the banned-term step sees: NFKC under NIST (so look-alike forms compare equal), as typed under Entra. */
export const prepareCandidate = (candidate: string, profile: PasswordProfile): string =>
  profile.kind === 'nist' ? candidate.normalize('NFKC') : candidate;

export const checkComposition = (candidate: string, profile: PasswordProfile): CompositionViolation[] => {
  const violations: CompositionViolation[] = [];
  const chars = [...candidate];
  const { minLength, maxLength } = profile.kind === 'nist' ? profile : cloudPasswordLimits;
  if (chars.length < minLength) violations.push({ code: 'PASSWORD_TOO_SHORT', minLength });
  if (chars.length > maxLength) violations.push({ code: 'PASSWORD_TOO_LONG', maxLength });
  if (profile.kind === 'nist') {
    // Every printable character is welcome; control characters cannot be typed reliably.
    if (chars.some((c) => /\p{Cc}/u.test(c)) || hasLoneSurrogate(candidate))
      violations.push({ code: 'PASSWORD_INVALID_CHARACTERS' });
    return violations;
  }
  const classes = new Set<CharacterClass>();
  let hasInvalid = false;
  for (const char of chars) {
    const found = classifyCharacter(char);
    if (found) classes.add(found);
    else hasInvalid = true;
  }
  if (hasInvalid) violations.push({ code: 'PASSWORD_INVALID_CHARACTERS' });
  if (classes.size < cloudPasswordLimits.requiredClasses) {
    violations.push({
      code: 'PASSWORD_INSUFFICIENT_COMPLEXITY',
      requiredClasses: cloudPasswordLimits.requiredClasses,
      foundClasses: classes.size,
    });
  }
  return violations;
};

/**
 * Entra ID's cloud password policy (reference §5.1): the part every password setter must pass.
 * The password-protection work (banned lists, score, NIST profile) grows this module; callers
 * only ever see the verdict shape below.
 */

export const cloudPasswordLimits = { minLength: 8, maxLength: 256, requiredClasses: 3 } as const;

/** Entra's documented symbol list plus the blank space; every other character (incl. Unicode) is refused. */
export const allowedSymbols = `@#$%^&*-_!+=[]{}|\\:',.?/\`~"();<> `;

export type CharacterClass = 'lowercase' | 'uppercase' | 'digit' | 'symbol';

export type PasswordViolation =
  | { code: 'PASSWORD_TOO_SHORT'; minLength: number }
  | { code: 'PASSWORD_TOO_LONG'; maxLength: number }
  | { code: 'PASSWORD_INVALID_CHARACTERS' }
  | { code: 'PASSWORD_INSUFFICIENT_COMPLEXITY'; requiredClasses: number; foundClasses: number }
  | { code: 'PASSWORD_SAME_AS_CURRENT' };

export type PasswordViolationCode = PasswordViolation['code'];

export interface PasswordVerdict {
  accepted: boolean;
  violations: PasswordViolation[];
}

export interface PasswordContext {
  /** True when the candidate equals the user's current password (only checked on change, as Entra does). */
  isSameAsCurrent?: boolean;
}

const symbolSet = new Set(allowedSymbols);

export const classifyCharacter = (char: string): CharacterClass | undefined => {
  if (char >= 'a' && char <= 'z') return 'lowercase';
  if (char >= 'A' && char <= 'Z') return 'uppercase';
  if (char >= '0' && char <= '9') return 'digit';
  if (symbolSet.has(char)) return 'symbol';
  return undefined;
};

/**
 * Evaluates a candidate password and lists every violation, never only the first, so the user
 * can fix everything in one go. Length counts code points (a surrogate pair is one character).
 */
export const evaluatePassword = (candidate: string, context: PasswordContext = {}): PasswordVerdict => {
  const violations: PasswordViolation[] = [];
  const chars = [...candidate];
  if (chars.length < cloudPasswordLimits.minLength) {
    violations.push({ code: 'PASSWORD_TOO_SHORT', minLength: cloudPasswordLimits.minLength });
  }
  if (chars.length > cloudPasswordLimits.maxLength) {
    violations.push({ code: 'PASSWORD_TOO_LONG', maxLength: cloudPasswordLimits.maxLength });
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
  if (context.isSameAsCurrent) violations.push({ code: 'PASSWORD_SAME_AS_CURRENT' });
  return { accepted: violations.length === 0, violations };
};

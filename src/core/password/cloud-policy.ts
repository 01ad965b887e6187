/**
 * Entra ID's cloud password policy (reference §5.1): limits and character classes. The rules are
 * applied by password-profile.ts; evaluate-password.ts is the one entry point.
 */

export const cloudPasswordLimits = { minLength: 8, maxLength: 256, requiredClasses: 3 } as const;

/** Entra's documented symbol list plus the blank space; every other character (incl. Unicode) is refused. */
export const allowedSymbols = `@#$%^&*-_!+=[]{}|\\:',.?/\`~"();<> `;

export type CharacterClass = 'lowercase' | 'uppercase' | 'digit' | 'symbol';

const symbolSet = new Set(allowedSymbols);

export const classifyCharacter = (char: string): CharacterClass | undefined => {
  if (char >= 'a' && char <= 'z') return 'lowercase';
  if (char >= 'A' && char <= 'Z') return 'uppercase';
  if (char >= '0' && char <= '9') return 'digit';
  if (symbolSet.has(char)) return 'symbol';
  return undefined;
};

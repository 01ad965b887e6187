/**
 * Normalisation before banned-term matching (reference §5.4): lower case, then the character
 * substitutions. The table is data so more pairs can be added without touching the algorithm;
 * no substitution may produce a character that is itself substituted, which keeps the function
 * idempotent (a property test checks it).
 */
export const substitutionTable: ReadonlyArray<readonly [from: string, to: string]> = [
  ['0', 'o'],
  ['1', 'l'],
  ['$', 's'],
  ['@', 'a'],
];

const substitutions = new Map(substitutionTable);

export const normaliseForMatching = (text: string): string => {
  let out = '';
  for (const char of text.toLowerCase()) out += substitutions.get(char) ?? char;
  return out;
};

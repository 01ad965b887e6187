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

/**
 * The form of a password that is hashed, verified and looked up: NFKC, so that the same password
 * typed on another keyboard (composed vs decomposed accents, full-width forms) is the same
 * password. Entra-profile passwords are ASCII, which NFKC leaves unchanged.
 */
export const canonicalPassword = (password: string): string => password.normalize('NFKC');

/** A UTF-16 surrogate without its pair: such text cannot be encoded faithfully and is refused. */
export const hasLoneSurrogate = (text: string): boolean =>
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

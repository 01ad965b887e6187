/**
 * The common-password check (checklist §11 row 18, ASVS 6.2.4): on top of Entra's scored banned-term algorithm,
 * which lets "Password123!" through (password + 4 characters = 5 points), a password that *is* one of the most
 * common passwords — whole, or with only digits and symbols added at its ends — is refused. Matched after Entra's
 * normalisation (lower case, 0→o, 1→l, $→s, @→a), so "P@ssw0rd!" is "password". Pure: the list is data.
 */
import { commonPasswordChunks } from './common-passwords.js';
import { normaliseForMatching } from './normalise.js';

export type CommonPasswordSet = ReadonlySet<string>;

/** A core shorter than this ("abc" of "Abc12345678!") is too short to call the password common. */
export const minCommonCoreLength = 4;

export const createCommonPasswordSet = (chunks: readonly string[] = commonPasswordChunks): CommonPasswordSet =>
  new Set(chunks.flatMap((chunk) => chunk.split(' ')));

/**
 * The forms compared with the list: the whole password, without its trailing decoration, and without decoration at
 * both ends. Decoration is stripped before substitution (as the list's builder does), so the "1" of "Summer2021"
 * stays a digit and is stripped instead of becoming an "l".
 */
export const commonPasswordForms = (candidate: string): string[] => {
  const lower = candidate.toLowerCase();
  const withoutTrailing = lower.replace(/[^a-z]+$/u, '');
  const core = withoutTrailing.replace(/^[^a-z]+/u, '');
  const stripped = [withoutTrailing, core].filter((form) => [...form].length >= minCommonCoreLength);
  return [...new Set([lower, ...stripped].map(normaliseForMatching))];
};

export const isCommonPassword = (candidate: string, list: CommonPasswordSet): boolean =>
  commonPasswordForms(candidate).some((form) => list.has(form));

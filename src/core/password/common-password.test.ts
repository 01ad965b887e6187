import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBannedTermsIndex } from './banned-terms-index.js';
import { commonPasswordForms, createCommonPasswordSet, isCommonPassword } from './common-password.js';
import { commonPasswordChunks } from './common-passwords.js';
import { evaluatePassword } from './evaluate-password.js';
import { globalBannedTerms } from './global-banned-terms.js';

const list = createCommonPasswordSet();
const globalTerms = createBannedTermsIndex(globalBannedTerms);

// Twenty very common passwords that meet Entra's length and composition rules (issue #13: 16 of them passed).
const veryCommon = [
  'Password123!',
  'Welcome123!',
  'Summer2024!',
  'P@ssw0rd1!',
  'Qwerty123!',
  'Iloveyou1!',
  'Football1!',
  'Monkey123!',
  'Dragon2024!',
  'Letmein1!',
  'Baseball1!',
  'Sunshine1!',
  'Princess1!',
  'Master123!',
  'Shadow123!',
  'Superman1!',
  'Trustno1!',
  'Michael1!',
  'Starwars1!',
  'Welcome1!',
];

describe('the common-password check', () => {
  it('ships about 10,000 normalised passwords', () => {
    expect(list.size).toBeGreaterThan(9_900);
    for (const entry of list) expect(entry).toBe(entry.toLowerCase());
    expect(commonPasswordChunks.join(' ')).not.toMatch(/[A-Z]|\s\s/);
  });

  it('refuses all 20 very common passwords under the default settings, with its own code', () => {
    for (const password of veryCommon) {
      const verdict = evaluatePassword(password, { globalTerms, commonPasswords: list });
      expect(verdict.accepted, password).toBe(false);
      // Its own code, or Entra's banned-list code when that already refused it (one reason is enough).
      expect(
        verdict.violations.some((v) => v.code === 'PASSWORD_COMMON' || v.code === 'PASSWORD_BANNED'),
        password,
      ).toBe(true);
    }
  });

  it('reports PASSWORD_COMMON where the banned-list score let the password through', () => {
    const own = veryCommon.filter((password) =>
      evaluatePassword(password, { globalTerms, commonPasswords: list }).violations.some(
        (v) => v.code === 'PASSWORD_COMMON',
      ),
    );
    expect(own).toEqual(expect.arrayContaining(['Password123!', 'Welcome123!', 'Summer2024!']));
    expect(evaluatePassword('password', { globalTerms, commonPasswords: list }).violations).toEqual([
      { code: 'PASSWORD_INSUFFICIENT_COMPLEXITY', requiredClasses: 3, foundClasses: 1 },
      { code: 'PASSWORD_BANNED', list: 'global' },
    ]);
  });

  it("leaves Entra's algorithm as it is: without the list, the scores are unchanged", () => {
    expect(evaluatePassword('Summer2024!', { globalTerms })).toMatchObject({ accepted: true, score: 6 });
    expect(evaluatePassword('Summer2024!', { globalTerms, commonPasswords: list })).toMatchObject({
      accepted: false,
      score: 6,
      violations: [{ code: 'PASSWORD_COMMON' }],
    });
  });

  it("matches after Entra's normalisation, and strips digits and symbols only at the ends", () => {
    expect(commonPasswordForms('!Summer2021')).toEqual(['!summer2o2l', '!summer', 'summer']);
    expect(isCommonPassword('P@SSW0RD', list)).toBe(true);
    expect(isCommonPassword('1qaz2wsx!', list)).toBe(true);
    expect(isCommonPassword('Monkey!Tulip-Kettle7', list)).toBe(false);
    expect(isCommonPassword('Correct-Lamp-Kettle-9', list)).toBe(false);
    // A short core is not enough: "abc" of "Abc8302917465!" is not a common password.
    expect(isCommonPassword('Abc8302917465!', list)).toBe(false);
  });

  it('accepts random 12-character passwords (property)', () => {
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@#$%^&*-_!+=';
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { minLength: 12, maxLength: 12 }), (parts) => {
        expect(isCommonPassword(parts.join(''), list)).toBe(false);
      }),
      { numRuns: 2000, seed: 13 },
    );
  });
});

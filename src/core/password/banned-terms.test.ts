import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createBannedTermsIndex, findMatchesNaively, withinOneEdit } from './banned-terms-index.js';
import { evaluatePassword } from './evaluate-password.js';
import { normaliseForMatching } from './normalise.js';

const index = (...terms: string[]) => createBannedTermsIndex(terms);
const keyOf = (m: { term: string; start: number; end: number }) => `${m.term}@${m.start}-${m.end}`;

describe('normalisation', () => {
  it('lower-cases and substitutes 0→o, 1→l, $→s, @→a', () => {
    expect(normaliseForMatching('Bl@nK')).toBe('blank');
    expect(normaliseForMatching('P@$$w0rd1')).toBe('passwordl');
  });

  it('is idempotent (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), (text) => {
        const once = normaliseForMatching(text);
        expect(normaliseForMatching(once)).toBe(once);
      }),
    );
  });
});

describe('fuzzy matching within edit distance 1', () => {
  it('matches substitution, insertion and deletion (reference: abcdef)', () => {
    const terms = index('abcdef');
    for (const password of ['abcdeg', 'abcdefg', 'abcde', 'xxabcdefxx', 'abXdef']) {
      expect(terms.findMatches(password).length, password).toBeGreaterThan(0);
    }
    expect(terms.findMatches('abcxyz')).toEqual([]);
    expect(terms.findMatches('abdcfe')).toEqual([]);
  });

  it('agrees with the naive scan on random inputs (property)', () => {
    const letters = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), minLength: 0, maxLength: 14 });
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), minLength: 3, maxLength: 6 }), {
          minLength: 1,
          maxLength: 6,
        }),
        letters,
        (terms, password) => {
          const fast = createBannedTermsIndex(terms).findMatches(password).map(keyOf).sort();
          const naive = [...new Set(findMatchesNaively(terms, password).map(keyOf))].sort();
          expect(fast).toEqual(naive);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('withinOneEdit is symmetric and exact', () => {
    expect(withinOneEdit('abc', 'abc')).toBe(true);
    expect(withinOneEdit('abc', 'abd')).toBe(true);
    expect(withinOneEdit('abc', 'ab')).toBe(true);
    expect(withinOneEdit('ab', 'abc')).toBe(true);
    expect(withinOneEdit('abc', 'bca')).toBe(false);
    expect(withinOneEdit('abcd', 'ab')).toBe(false);
  });
});

describe('banned-password score (reference §5.4 examples)', () => {
  const custom = index('contoso');
  const global = index('blank');

  it('"C0ntos0Blank12" = contoso + blank + 1 + 2 = 4 → rejected with the custom-list message', () => {
    const verdict = evaluatePassword('C0ntos0Blank12', { globalTerms: global, customTerms: custom });
    expect(verdict.score).toBe(4);
    expect(verdict.accepted).toBe(false);
    expect(verdict.violations).toEqual([{ code: 'PASSWORD_BANNED', list: 'custom' }]);
  });

  it('"ContoS0Bl@nkf9!" = contoso + blank + f + 9 + ! = 5 → accepted', () => {
    const verdict = evaluatePassword('ContoS0Bl@nkf9!', { globalTerms: global, customTerms: custom });
    expect(verdict).toEqual({ accepted: true, score: 5, violations: [] });
  });

  it('rejects the user\'s name as an exact substring after normalisation (user "Poll", "p0LL23fb")', () => {
    const verdict = evaluatePassword('p0LL23fB!', { givenName: 'Poll', surname: 'Jansen' });
    expect(verdict.violations).toEqual([{ code: 'PASSWORD_CONTAINS_PERSONAL_INFO' }]);
    expect(evaluatePassword('Jansen-2026!x', { givenName: 'Poll', surname: 'Jansen' }).accepted).toBe(false);
    expect(evaluatePassword('Fabrikam-Zomer!', { tenantName: 'Fabrikam' }).accepted).toBe(false);
    // Name parts under 4 characters are not checked: "Li" may appear anywhere.
    expect(evaluatePassword('Lichtblauw-77', { givenName: 'Li' }).accepted).toBe(true);
  });

  it('uses the global message when only global terms matched', () => {
    expect(evaluatePassword('Password1!', { globalTerms: index('password') }).violations).toEqual([
      { code: 'PASSWORD_BANNED', list: 'global' },
    ]);
  });

  it('scores a password without banned terms at its length (property)', () => {
    const terms = index('zzzz');
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', 'C', '1', '!'), minLength: 8, maxLength: 40 }),
        (password) => {
          expect(evaluatePassword(password, { globalTerms: terms }).score).toBe([...password].length);
        },
      ),
    );
  });
});

describe('NIST profile', () => {
  const nist = { kind: 'nist' as const, minLength: 15, maxLength: 64 };

  it('needs 15 code points, allows Unicode, has no composition rules', () => {
    expect(evaluatePassword('correct horse battery', { profile: nist }).accepted).toBe(true);
    expect(evaluatePassword('wachtwoord-één', { profile: nist }).violations).toEqual([
      { code: 'PASSWORD_TOO_SHORT', minLength: 15 },
    ]);
    expect(evaluatePassword('ĳsbeer-en-ölfant-samen', { profile: nist }).accepted).toBe(true);
    expect(evaluatePassword('x'.repeat(65), { profile: nist }).violations).toContainEqual({
      code: 'PASSWORD_TOO_LONG',
      maxLength: 64,
    });
  });

  it('NFKC-normalises before counting and matching (full-width letters match the banned term)', () => {
    const verdict = evaluatePassword('ｐａｓｓｗｏｒｄ123', {
      profile: { ...nist, minLength: 8 },
      globalTerms: index('password'),
    });
    expect(verdict.violations).toEqual([{ code: 'PASSWORD_BANNED', list: 'global' }]);
  });

  it('refuses breached passwords and, failing closed, an unavailable check', () => {
    expect(evaluatePassword('correct horse battery', { profile: nist, breached: 3 }).violations).toEqual([
      { code: 'PASSWORD_BREACHED' },
    ]);
    expect(evaluatePassword('correct horse battery', { profile: nist, breached: 0 }).accepted).toBe(true);
    expect(evaluatePassword('correct horse battery', { profile: nist, breached: 'unavailable' }).violations).toEqual([
      { code: 'PASSWORD_BREACH_CHECK_UNAVAILABLE' },
    ]);
  });
});

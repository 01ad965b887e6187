import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allowedSymbols } from './cloud-policy.js';
import { evaluatePassword } from './evaluate-password.js';

const codes = (password: string, context = {}) => evaluatePassword(password, context).violations.map((v) => v.code);

describe('evaluatePassword: Entra composition rules', () => {
  it('accepts a password of 8 characters with 3 of 4 classes', () => {
    expect(evaluatePassword('Abcdefg1')).toEqual({ accepted: true, score: 8, violations: [] });
    expect(evaluatePassword('abcdef1!').accepted).toBe(true);
    expect(evaluatePassword('a b C 1 x').accepted).toBe(true);
  });

  it('rejects 7 characters and accepts 256 but not 257', () => {
    expect(codes('Abcdef1')).toEqual(['PASSWORD_TOO_SHORT']);
    const long = 'Aa1' + 'x'.repeat(253);
    expect(evaluatePassword(long).accepted).toBe(true);
    expect(codes(long + 'y')).toEqual(['PASSWORD_TOO_LONG']);
  });

  it('requires 3 of the 4 character classes and reports how many were found', () => {
    expect(evaluatePassword('abcdefgh1').violations).toEqual([
      { code: 'PASSWORD_INSUFFICIENT_COMPLEXITY', requiredClasses: 3, foundClasses: 2 },
    ]);
    expect(codes('ABCDEFGH')).toEqual(['PASSWORD_INSUFFICIENT_COMPLEXITY']);
  });

  it('refuses characters outside the allowed set, including Unicode', () => {
    expect(codes('Wachtwoord1é')).toEqual(['PASSWORD_INVALID_CHARACTERS']);
    expect(codes('Password1€')).toEqual(['PASSWORD_INVALID_CHARACTERS']);
    expect(codes('Pass\tword1')).toEqual(['PASSWORD_INVALID_CHARACTERS']);
  });

  it('accepts every documented symbol and the blank space', () => {
    for (const symbol of allowedSymbols) {
      expect(evaluatePassword(`Abcdefg${symbol}`).accepted, JSON.stringify(symbol)).toBe(true);
    }
  });

  it('lists every violation at once', () => {
    expect(codes('é', { isSameAsCurrent: true })).toEqual([
      'PASSWORD_TOO_SHORT',
      'PASSWORD_INVALID_CHARACTERS',
      'PASSWORD_INSUFFICIENT_COMPLEXITY',
      'PASSWORD_SAME_AS_CURRENT',
    ]);
  });

  it('counts length in code points, not UTF-16 units', () => {
    // 7 emoji are 14 UTF-16 units but 7 characters: too short (and invalid).
    expect(codes('😀'.repeat(7))).toContain('PASSWORD_TOO_SHORT');
  });

  it('never accepts a password with a character outside the set (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 8, maxLength: 40, unit: 'grapheme' }), (password) => {
        const verdict = evaluatePassword(password);
        const allAllowed = [...password].every((c) => /[A-Za-z0-9]/.test(c) || allowedSymbols.includes(c));
        if (!allAllowed) expect(verdict.accepted).toBe(false);
      }),
    );
  });
});

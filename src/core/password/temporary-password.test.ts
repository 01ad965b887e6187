import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluatePassword } from './evaluate-password.js';
import { temporaryPasswordFrom } from './temporary-password.js';

const base64url = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const tokens = fc.array(fc.constantFrom(...base64url), { minLength: 20, maxLength: 20 }).map((c) => c.join(''));

describe('temporaryPasswordFrom', () => {
  it('formats 20 random characters as four readable groups', () => {
    expect(temporaryPasswordFrom('AAAAABBBBBCCCCCDDDDD')).toBe('Aaaaa-Bbbbb-Ccccc-Ddddd');
    expect(temporaryPasswordFrom('99999999999999999999')).toBeUndefined();
  });

  it('uses no easily confused characters and keeps every draw that passes', () => {
    fc.assert(
      fc.property(tokens, (token) => {
        const password = temporaryPasswordFrom(token);
        if (password === undefined) return;
        expect(password).toMatch(/^([A-Z2-9#][a-z2-9#]{4}-){3}[A-Z2-9#][a-z2-9#]{4}$/);
        expect(password).not.toMatch(/[ilo01ILO]/);
      }),
    );
  });

  it('returns only passwords the cloud policy accepts', () => {
    fc.assert(
      fc.property(tokens, (token) => {
        const password = temporaryPasswordFrom(token);
        if (password !== undefined)
          expect(evaluatePassword(password)).toMatchObject({ accepted: true, violations: [] });
      }),
    );
  });

  it('refuses too-short or foreign input', () => {
    expect(temporaryPasswordFrom('abc')).toBeUndefined();
    expect(temporaryPasswordFrom('AAAAAfffffzzzzz9999+')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import {
  decodePasswordPolicyResponse,
  ppolicyErrorReasons,
  reasonForPpolicyError,
  reasonFromDiagnostic,
} from './ppolicy.rules.js';

describe('the ppolicy response control', () => {
  it('decodes the error alone (as slapd sends it for a refused password)', () => {
    // SEQUENCE { error [1] ENUMERATED 8 }
    expect(decodePasswordPolicyResponse(new Uint8Array([0x30, 0x03, 0x81, 0x01, 0x08]))).toEqual({ error: 8 });
  });

  it('decodes warnings and an error together', () => {
    // SEQUENCE { warning [0] { timeBeforeExpiration [0] 3600 }, error [1] 2 }
    const bytes = new Uint8Array([0x30, 0x09, 0xa0, 0x04, 0x80, 0x02, 0x0e, 0x10, 0x81, 0x01, 0x02]);
    expect(decodePasswordPolicyResponse(bytes)).toEqual({ timeBeforeExpiration: 3600, error: 2 });
    expect(decodePasswordPolicyResponse(new Uint8Array([0x30, 0x05, 0xa0, 0x03, 0x81, 0x01, 0x02]))).toEqual({
      graceAuthNsRemaining: 2,
    });
    expect(decodePasswordPolicyResponse(new Uint8Array([0x30, 0x00]))).toEqual({});
  });

  it('refuses bytes that are not a response value', () => {
    expect(() => decodePasswordPolicyResponse(new Uint8Array([0x04, 0x00]))).toThrow();
    expect(() => decodePasswordPolicyResponse(new Uint8Array([0x30, 0x05, 0x81]))).toThrow();
  });

  it("maps every error of the enumeration to a reason, in the draft's order", () => {
    expect(ppolicyErrorReasons.map((_, error) => reasonForPpolicyError(error))).toEqual([
      'passwordExpired',
      'accountLocked',
      'changeAfterReset',
      'changeNotAllowed',
      'mustSupplyOldPassword',
      'insufficientQuality',
      'tooShort',
      'tooYoung',
      'inHistory',
    ]);
    expect(reasonForPpolicyError(42)).toBe('rejected');
  });

  it("falls back on OpenLDAP's diagnostics without the control, and never guesses", () => {
    expect(reasonFromDiagnostic(19, 'Password is in history of old passwords')).toBe('inHistory');
    expect(reasonFromDiagnostic(19, 'Password is too young to change')).toBe('tooYoung');
    expect(reasonFromDiagnostic(19, 'Password fails quality checking policy')).toBe('insufficientQuality');
    expect(reasonFromDiagnostic(19, 'Password is too short for policy')).toBe('tooShort');
    expect(reasonFromDiagnostic(53, 'Must supply old password to be changed as well as new one')).toBe(
      'mustSupplyOldPassword',
    );
    expect(reasonFromDiagnostic(50, 'User alteration of password is not allowed')).toBeNull();
    expect(reasonFromDiagnostic(19, 'something new')).toBe('rejected');
  });
});

import { describe, expect, it } from 'vitest';
import {
  adAccountMustChange,
  adBindRequiresChange,
  formatObjectGuid,
  policyHintsValue,
  readAdPasswordRefusal,
  unicodePwdValue,
  win32CodeOf,
} from './ad-password.rules.js';

describe('Active Directory password encoding', () => {
  it('unicodePwd is the quoted password in UTF-16LE', () => {
    expect(Array.from(unicodePwdValue('Ab1'))).toEqual([0x22, 0, 0x41, 0, 0x62, 0, 0x31, 0, 0x22, 0]);
    // Outside Latin-1 and outside the BMP (a surrogate pair is two UTF-16 units).
    expect(Array.from(unicodePwdValue('é😀'))).toEqual([0x22, 0, 0xe9, 0, 0x3d, 0xd8, 0x00, 0xde, 0x22, 0]);
  });

  it('the policy-hints value is SEQUENCE { INTEGER 1 }', () => {
    expect(Array.from(policyHintsValue())).toEqual([0x30, 0x03, 0x02, 0x01, 0x01]);
  });

  it('reads AD and Samba refusals', () => {
    expect(
      win32CodeOf('0000052D: Constraint violation - check_password_restrictions: the password is too short.'),
    ).toBe(0x52d);
    expect(readAdPasswordRefusal(19, '00000056: AtrErr: DSID-03190F80, #1: 0: 00000056')).toEqual({
      kind: 'wrongPassword',
    });
    expect(
      readAdPasswordRefusal(
        19,
        '0000052D: Constraint violation - check_password_restrictions: the password was already used (in history)!',
      ),
    ).toEqual({ kind: 'policy', reason: 'inHistory' });
    expect(
      readAdPasswordRefusal(
        19,
        '0000052D: Constraint violation - check_password_restrictions: the password does not meet the complexity criteria!',
      ),
    ).toEqual({ kind: 'policy', reason: 'insufficientQuality' });
    expect(
      readAdPasswordRefusal(
        19,
        '0000052D: Constraint violation - check_password_restrictions: password is too young to change!',
      ),
    ).toEqual({ kind: 'policy', reason: 'tooYoung' });
    // Windows says only 52D: the reason is unknown, and we do not guess.
    expect(
      readAdPasswordRefusal(19, '0000052D: SvcErr: DSID-031A126C, problem 5003 (WILL_NOT_PERFORM), data 0'),
    ).toEqual({ kind: 'policy', reason: 'rejected' });
    expect(
      readAdPasswordRefusal(50, '00002098: SecErr: DSID-03150F94, problem 4003 (INSUFF_ACCESS_RIGHTS)'),
    ).toBeNull();
  });

  it('formats objectGUID as AD prints it', () => {
    const bytes = new Uint8Array([
      0xc0, 0x9b, 0xd2, 0xce, 0xdc, 0xb2, 0x85, 0x47, 0x82, 0x0d, 0x2e, 0xfa, 0x4e, 0xb4, 0x1e, 0x53,
    ]);
    expect(formatObjectGuid(bytes)).toBe('ced29bc0-b2dc-4785-820d-2efa4eb41e53');
    expect(() => formatObjectGuid(new Uint8Array(3))).toThrow();
  });
});

describe('adBindRequiresChange', () => {
  const diagnostic = (data: string) =>
    `80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data ${data}, v4563`;
  it('reads must-change (773) and expired (532) on invalidCredentials as "right password, change it now"', () => {
    expect(adBindRequiresChange(49, diagnostic('773'))).toBe(true);
    expect(adBindRequiresChange(49, diagnostic('532'))).toBe(true);
  });

  it('leaves a wrong password (52e), a locked (775) or disabled (533) account, and other result codes alone', () => {
    expect(['52e', '775', '533', '7730'].map((data) => adBindRequiresChange(49, diagnostic(data)))).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(adBindRequiresChange(53, diagnostic('773'))).toBe(false);
  });
});

describe('adAccountMustChange', () => {
  it('is pwdLastSet 0 or UF_PASSWORD_EXPIRED in the computed control, and nothing else', () => {
    expect(adAccountMustChange(['0'], ['0'])).toBe(true);
    expect(adAccountMustChange(['133000000000000000'], [String(0x800000 | 0x10)])).toBe(true);
    expect(adAccountMustChange(['133000000000000000'], ['16'])).toBe(false);
    expect(adAccountMustChange([], [])).toBe(false);
  });
});

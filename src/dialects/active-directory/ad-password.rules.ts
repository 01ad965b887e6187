/**
 * Active Directory's password rules, pure: the `unicodePwd` value (MS-ADTS 3.1.1.3.1.5: the password in
 * double quotes, UTF-16LE), the LDAP_SERVER_POLICY_HINTS control value, and reading AD's refusals. AD
 * answers every password refusal with constraintViolation (19) or unwillingToPerform (53) and a Win32
 * code in the diagnostic's first field: 0x52D ERROR_PASSWORD_RESTRICTION (length, complexity, history,
 * age: AD does not say which; Samba adds the reason in words), 0x56 ERROR_INVALID_PASSWORD (the old
 * password is wrong).
 */
import type { PasswordRefusal } from '../../core/directory/dialect.js';

/** LDAP_SERVER_POLICY_HINTS_OID (Windows Server 2012+); ...4.2066 is the deprecated 2008 R2 one. */
export const policyHintsControlOid = '1.2.840.113556.1.4.2239';

/** UTF-16LE bytes of `"password"`. */
export const unicodePwdValue = (password: string): Uint8Array => {
  const quoted = `"${password}"`;
  const bytes = new Uint8Array(quoted.length * 2);
  for (let i = 0; i < quoted.length; i += 1) {
    const unit = quoted.charCodeAt(i);
    bytes[i * 2] = unit & 0xff;
    bytes[i * 2 + 1] = unit >> 8;
  }
  return bytes;
};

/** LDAP_SERVER_POLICY_HINTS value: SEQUENCE { Flags INTEGER } with flags = 1 (enforce history on a reset). */
export const policyHintsValue = (): Uint8Array => new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]);

/** The Win32 code AD puts first in a diagnostic ("0000052D: Constraint violation - …"). */
export const win32CodeOf = (diagnostic: string): number | null => {
  const match = /^\s*([0-9A-Fa-f]{8}):/.exec(diagnostic);
  return match ? parseInt(match[1] as string, 16) : null;
};

export const readAdPasswordRefusal = (resultCode: number, diagnostic: string): PasswordRefusal | null => {
  if (resultCode !== 19 && resultCode !== 53) return null;
  const win32 = win32CodeOf(diagnostic);
  if (win32 === 0x56) return { kind: 'wrongPassword' };
  const text = diagnostic.toLowerCase();
  if (text.includes('too short')) return { kind: 'policy', reason: 'tooShort' };
  if (text.includes('history')) return { kind: 'policy', reason: 'inHistory' };
  if (text.includes('too young') || text.includes('minimum password age'))
    return { kind: 'policy', reason: 'tooYoung' };
  if (text.includes('complex')) return { kind: 'policy', reason: 'insufficientQuality' };
  if (win32 === 0x52d || resultCode === 19) return { kind: 'policy', reason: 'rejected' };
  return null;
};

/**
 * AD refuses a bind with the right password of an account that must change it with invalidCredentials (49) and a
 * sub-status in the diagnostic ("… AcceptSecurityContext error, data 773, v…"): 773 must change (pwdLastSet=0),
 * 532 expired. AD checks the password before it says either, so both mean "right password, change it now".
 */
export const adBindRequiresChange = (resultCode: number, diagnostic: string): boolean =>
  resultCode === 49 && /\bdata (?:773|532)\b/i.test(diagnostic);

/** msDS-User-Account-Control-Computed's UF_PASSWORD_EXPIRED. */
const ufPasswordExpired = 0x800000;

/**
 * The same, read from the entry after a bind that succeeded: a DC may bind a must-change account (Samba does a simple
 * bind with pwdLastSet=0), so `pwdLastSet` 0 or an expired password (the computed flag) is still "change it now".
 */
export const adAccountMustChange = (pwdLastSet: readonly string[], computedControl: readonly string[]): boolean =>
  pwdLastSet[0] === '0' || (Number(computedControl[0] ?? '0') & ufPasswordExpired) !== 0;

/** objectGUID's 16 bytes as AD prints it: the first three fields little-endian. */
export const formatObjectGuid = (bytes: Uint8Array): string => {
  if (bytes.length !== 16) throw new Error('an objectGUID has 16 bytes');
  const hex = (indexes: number[]) => indexes.map((i) => (bytes[i] as number).toString(16).padStart(2, '0')).join('');
  return `${hex([3, 2, 1, 0])}-${hex([5, 4])}-${hex([7, 6])}-${hex([8, 9])}-${hex([10, 11, 12, 13, 14, 15])}`;
};

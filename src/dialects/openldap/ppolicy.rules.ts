/**
 * OpenLDAP's password policy (draft-behera-ldap-password-policy, the `ppolicy` overlay): decoding the
 * response control's value and mapping its error, or failing that the result code and diagnostic text,
 * to a `DirectoryPolicyReason`. Pure: the adapter hands in the control's bytes.
 *
 *   PasswordPolicyResponseValue ::= SEQUENCE {
 *     warning [0] CHOICE { timeBeforeExpiration [0] INTEGER, graceAuthNsRemaining [1] INTEGER } OPTIONAL,
 *     error   [1] ENUMERATED { passwordExpired (0), accountLocked (1), changeAfterReset (2),
 *                 passwordModNotAllowed (3), mustSupplyOldPassword (4), insufficientPasswordQuality (5),
 *                 passwordTooShort (6), passwordTooYoung (7), passwordInHistory (8) } OPTIONAL }
 */
import type { DirectoryPolicyReason } from '../../core/directory/directory-outcomes.js';

export const passwordPolicyControlOid = '1.3.6.1.4.1.42.2.27.8.5.1';

/** The ppolicy error enumeration, in order, with the reason each one means. */
export const ppolicyErrorReasons: readonly DirectoryPolicyReason[] = [
  'passwordExpired',
  'accountLocked',
  'changeAfterReset',
  'changeNotAllowed',
  'mustSupplyOldPassword',
  'insufficientQuality',
  'tooShort',
  'tooYoung',
  'inHistory',
];

/** The error a successful bind carries after an administrator's reset under `pwdMustChange: TRUE` (`pwdReset`). */
export const ppolicyChangeAfterReset = 2;

export interface PasswordPolicyResponse {
  error?: number;
  timeBeforeExpiration?: number;
  graceAuthNsRemaining?: number;
}

/** One BER TLV: tag, and the content's start and end. Definite lengths only (LDAP uses no others). */
const readTlv = (bytes: Uint8Array, offset: number): { tag: number; start: number; end: number } => {
  const tag = bytes[offset];
  let lengthByte = bytes[offset + 1];
  if (tag === undefined || lengthByte === undefined) throw new Error('truncated BER');
  let start = offset + 2;
  let length = lengthByte;
  if (lengthByte & 0x80) {
    const count = lengthByte & 0x7f;
    if (count === 0 || count > 4) throw new Error('unsupported BER length');
    length = 0;
    for (let i = 0; i < count; i += 1) {
      lengthByte = bytes[start + i];
      if (lengthByte === undefined) throw new Error('truncated BER');
      length = length * 256 + lengthByte;
    }
    start += count;
  }
  const end = start + length;
  if (end > bytes.length) throw new Error('truncated BER');
  return { tag, start, end };
};

const readInteger = (bytes: Uint8Array, start: number, end: number): number => {
  if (end <= start || end - start > 4) throw new Error('bad BER integer');
  let value = (bytes[start] as number) & 0x80 ? -1 : 0;
  for (let i = start; i < end; i += 1) value = value * 256 + (bytes[i] as number);
  return value;
};

/** Decodes the response control's value; throws on bytes that are not one. */
export const decodePasswordPolicyResponse = (bytes: Uint8Array): PasswordPolicyResponse => {
  const outer = readTlv(bytes, 0);
  if (outer.tag !== 0x30) throw new Error('ppolicy response is not a SEQUENCE');
  const response: PasswordPolicyResponse = {};
  let offset = outer.start;
  while (offset < outer.end) {
    const field = readTlv(bytes, offset);
    if (field.tag === 0xa0) {
      const warning = readTlv(bytes, field.start);
      const value = readInteger(bytes, warning.start, warning.end);
      if (warning.tag === 0x80) response.timeBeforeExpiration = value;
      else if (warning.tag === 0x81) response.graceAuthNsRemaining = value;
    } else if (field.tag === 0x81) {
      response.error = readInteger(bytes, field.start, field.end);
    }
    offset = field.end;
  }
  return response;
};

export const reasonForPpolicyError = (error: number): DirectoryPolicyReason => ppolicyErrorReasons[error] ?? 'rejected';

/**
 * Without the response control (a server without the overlay, or a proxy that drops controls), the
 * result code and OpenLDAP's diagnostic text are all there is. Unknown text is `rejected`, never a guess.
 */
export const reasonFromDiagnostic = (resultCode: number, diagnostic: string): DirectoryPolicyReason | null => {
  const text = diagnostic.toLowerCase();
  if (resultCode !== 19 && resultCode !== 53) return null;
  if (text.includes('too short')) return 'tooShort';
  if (text.includes('history')) return 'inHistory';
  if (text.includes('too young')) return 'tooYoung';
  if (text.includes('old password')) return 'mustSupplyOldPassword';
  if (text.includes('quality')) return 'insufficientQuality';
  if (text.includes('alteration of password is not allowed') || text.includes('not allowed')) return 'changeNotAllowed';
  if (text.includes('expired')) return 'passwordExpired';
  return 'rejected';
};

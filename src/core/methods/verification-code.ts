/**
 * One-time verification codes owned by a method: 8 digits from the CSPRNG without modulo bias,
 * valid 5 minutes, 5 attempts, kept only as a keyed hash bound to the code's id and compared in
 * constant time (reference §4: "Email/SMS OTP validity 5 minutes").
 */
import { addSeconds } from '../clock.js';
import type { KeyedHasher, RandomSource } from '../ports.js';
import type { PendingCode } from './records.js';

export const codeRules = { digits: 8, ttlSeconds: 5 * 60, maxAttempts: 5 } as const;

/** Authenticator enrolment stays open longer: setting up an app takes a while (Entra: 15 minutes). */
export const totpEnrolmentSeconds = 15 * 60;

const base64url = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Decodes base64url without Buffer (core stays free of Node). */
export const decodeBase64url = (text: string): number[] => {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text) {
    const index = base64url.indexOf(char);
    if (index < 0) throw new Error('not base64url');
    value = (value << 6) | index;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >> bits) & 0xff);
    }
  }
  return bytes;
};

const range = 10 ** codeRules.digits;
// The largest multiple of 10^8 below 2^32: values at or above it would favour low codes.
const limit = Math.floor(2 ** 32 / range) * range;

/** A uniformly distributed code of `codeRules.digits` digits (rejection sampling, no modulo bias). */
export const generateCode = (random: RandomSource): string => {
  for (;;) {
    const [a = 0, b = 0, c = 0, d = 0] = decodeBase64url(random.token(4));
    const value = ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
    if (value < limit) return String(value % range).padStart(codeRules.digits, '0');
  }
};

/** The digest stored for a code: bound to the code's id, so a digest cannot stand in for another code. */
export const digestCode = (keyed: KeyedHasher, codeId: string, code: string): string =>
  keyed.digest('method-code', `${codeId}:${code}`);

/** Typed codes may carry spaces or dashes ("1234 5678"); only digits count. */
export const normaliseCode = (input: string): string => input.replace(/[\s-]/g, '');

/**
 * A typed numeric code (a sent one or an app's) as it is compared: NFKC first, so full-width digits are the
 * digits they are. Empty input or input with letters is an input error (issue 14), refused before an attempt
 * is counted: a typo must not use up one of the code's five tries.
 */
export const readNumericCode = (
  typed: string,
): { ok: true; code: string } | { ok: false; reason: 'empty' | 'notDigits' } => {
  const code = normaliseCode(typed.normalize('NFKC'));
  if (code === '') return { ok: false, reason: 'empty' };
  return /^[0-9]+$/.test(code) ? { ok: true, code } : { ok: false, reason: 'notDigits' };
};

export const newPendingCode = (
  deps: { keyed: KeyedHasher; random: RandomSource },
  fields: Pick<PendingCode, 'tenantId' | 'userId' | 'subjectId' | 'purpose'>,
  now: Date,
): { record: PendingCode; code: string } => {
  const code = generateCode(deps.random);
  const codeId = deps.random.uuid();
  return {
    code,
    record: {
      ...fields,
      codeId,
      codeHash: digestCode(deps.keyed, codeId, code),
      expiresAt: addSeconds(now, codeRules.ttlSeconds).toISOString(),
      attempts: 0,
      consumedAt: null,
      createdAt: now.toISOString(),
    },
  };
};

export type CodeRefusal = 'CODE_EXPIRED' | 'TOO_MANY_ATTEMPTS';

/** Whether a code may still be tried at `now` (before an attempt is counted). */
export const codeRefusal = (code: PendingCode | undefined, now: Date): CodeRefusal | undefined => {
  if (!code || code.consumedAt !== null) return 'CODE_EXPIRED';
  if (code.attempts >= codeRules.maxAttempts) return 'TOO_MANY_ATTEMPTS';
  if (now.getTime() >= new Date(code.expiresAt).getTime()) return 'CODE_EXPIRED';
  return undefined;
};

/** Constant-time check of a typed code against the stored digest. */
export const codeMatches = (keyed: KeyedHasher, code: PendingCode, typed: string): boolean =>
  keyed.equals(digestCode(keyed, code.codeId, normaliseCode(typed)), code.codeHash);

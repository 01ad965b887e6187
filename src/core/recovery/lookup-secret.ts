/**
 * High-entropy secrets a person types from a screen or a sheet of paper: Temporary Access Passes and
 * recovery codes. 120 random bits in 24 characters of an alphabet without look-alikes (Crockford's base32),
 * shown in groups of four. At 120 bits (NIST 800-63B §3.1.2, ASVS 6.5.2: ≥ 112 bits) a keyed hash
 * is storage enough — no salt or slow hash is needed, and a typed secret is found by its hash alone.
 */
import { decodeBase64url } from '../methods/verification-code.js';
import type { KeyedHasher, RandomSource } from '../ports.js';

/** Crockford's base32 (5 bits a symbol): no i, l, o or u, so 0 and 1 cannot be misread; read back leniently. */
const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
export const lookupSecretRules = { length: 24, groupOf: 4, bits: 120 } as const;

/** 15 random bytes (120 bits) as 24 symbols, grouped `abcd-efgh-…` for reading aloud or copying. */
export const newLookupSecret = (random: RandomSource): string => {
  const bytes = decodeBase64url(random.token(15));
  let bits = 0;
  let buffer = 0;
  let out = '';
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += alphabet[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  return out.match(new RegExp(`.{1,${lookupSecretRules.groupOf}}`, 'g'))!.join('-');
};

/** As typed: case, spaces and hyphens do not matter; anything else outside the alphabet makes it unmatchable. */
export const normaliseLookupSecret = (typed: string): string | null => {
  const plain = typed.toLowerCase().replace(/[\s-]/g, '').replace(/o/g, '0').replace(/[il]/g, '1');
  return plain.length === lookupSecretRules.length && [...plain].every((c) => alphabet.includes(c)) ? plain : null;
};

/**
 * The stored form: a keyed hash per purpose and tenant/user, so a secret of one user never matches
 * another's row, and a leaked table cannot be tested without the service's key.
 */
export const digestLookupSecret = (
  keyed: KeyedHasher,
  purpose: 'temporary-access-pass' | 'recovery-code',
  owner: { tenantId: string; userId: string },
  normalised: string,
): string => keyed.digest(purpose, `${owner.tenantId}:${owner.userId}:${normalised}`);

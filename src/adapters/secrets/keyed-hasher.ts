import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { KeyedHasher, RandomSource } from '../../core/ports.js';
import { purposeKeys } from './purpose-keys.js';

/**
 * HMAC-SHA-256 under a key derived from SSPR_SECRET with HKDF, one sub-key per purpose, so a
 * digest made for sessions can never be replayed as a digest for another secret.
 */
export const createKeyedHasher = (secret: string): KeyedHasher => {
  const keyFor = purposeKeys(secret, 'keyed-hash');
  return {
    digest: (purpose, value) => createHmac('sha256', keyFor(purpose)).update(value, 'utf8').digest('base64url'),
    equals: (a, b) => {
      const left = Buffer.from(a);
      const right = Buffer.from(b);
      return left.length === right.length && timingSafeEqual(left, right);
    },
  };
};

export const cryptoRandom: RandomSource = {
  token: (bytes) => randomBytes(bytes).toString('base64url'),
  uuid: () => randomUUID(),
};

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretSealer } from '../../core/ports.js';
import { purposeKeys } from './purpose-keys.js';

/**
 * AES-256-GCM under a key derived from SSPR_SECRET with HKDF, one key per purpose; the purpose is
 * also the additional authenticated data, so a TOTP secret cannot be opened as an LDAP password.
 * Format: `v1.<iv>.<ciphertext>.<tag>` (base64url).
 */
export const createAesGcmSealer = (secret: string): SecretSealer => {
  const keyFor = purposeKeys(secret, 'sealed-secret');
  return {
    seal(purpose, plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keyFor(purpose), iv);
      cipher.setAAD(Buffer.from(purpose, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [
        'v1',
        iv.toString('base64url'),
        body.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
      ].join('.');
    },
    open(purpose, sealed) {
      const [version, iv, body, tag] = sealed.split('.');
      if (version !== 'v1' || !iv || body === undefined || !tag) throw new Error('not a sealed secret');
      // The full 16-byte tag, always: left open, GCM accepts a tag cut down to 4 bytes and checks only those.
      const decipher = createDecipheriv('aes-256-gcm', keyFor(purpose), Buffer.from(iv, 'base64url'), {
        authTagLength: 16,
      });
      decipher.setAAD(Buffer.from(purpose, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
};

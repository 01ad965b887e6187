import { hkdfSync } from 'node:crypto';

/**
 * 32-byte keys derived from SSPR_SECRET with HKDF, one per purpose and cached: `use` names what
 * the keys are for (hashing, sealing), so no two uses or purposes ever share a key.
 */
export const purposeKeys = (secret: string, use: string): ((purpose: string) => Buffer) => {
  const keys = new Map<string, Buffer>();
  return (purpose) => {
    let key = keys.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', secret, 'opensspr', `${use}:${purpose}`, 32));
      keys.set(purpose, key);
    }
    return key;
  };
};

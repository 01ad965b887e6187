import { describe, expect, it } from 'vitest';
import { createAesGcmSealer } from './aes-gcm-sealer.js';

describe('AES-GCM sealer', () => {
  const sealer = createAesGcmSealer('test-secret-test-secret-test-secret-0123');

  it('opens what it sealed, only under the same purpose', () => {
    const sealed = sealer.seal('totp-secret', 'JBSWY3DPEHPK3PXP');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(sealer.open('totp-secret', sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(() => sealer.open('ldap-password', sealed)).toThrow();
  });

  it('refuses a shortened authentication tag (GCM would otherwise check only the bytes given)', () => {
    const [version, iv, body, tag] = sealer.seal('totp-secret', 'JBSWY3DPEHPK3PXP').split('.');
    const short = Buffer.from(tag!, 'base64url').subarray(0, 4).toString('base64url');
    expect(() => sealer.open('totp-secret', [version, iv, body, short].join('.'))).toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { createRsaEnvelope } from './rsa-envelope.js';

describe('agent envelope (RSA-OAEP + AES-256-GCM)', () => {
  const envelope = createRsaEnvelope();
  const agent = envelope.generateKeyPair();
  const other = envelope.generateKeyPair();
  const secret = JSON.stringify({ dn: 'uid=alice,ou=people,dc=example,dc=org', newPassword: 'Correct-Horse-9' });

  it('opens what was sealed for its key, and the wire form holds no plaintext', () => {
    const sealed = envelope.seal(agent.publicKey, 'req-1', 'setPassword', secret);
    expect(JSON.stringify(sealed)).not.toContain('Correct-Horse-9');
    expect(envelope.open(agent.privateKey, sealed)).toBe(secret);
  });

  it('uses a fresh key per message', () => {
    const a = envelope.seal(agent.publicKey, 'req-1', 'setPassword', secret);
    const b = envelope.seal(agent.publicKey, 'req-1', 'setPassword', secret);
    expect(a.wrappedKey).not.toBe(b.wrappedKey);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it('refuses a tampered ciphertext or tag', () => {
    const sealed = envelope.seal(agent.publicKey, 'req-1', 'setPassword', secret);
    const body = Buffer.from(sealed.ciphertext, 'base64url');
    body[0] = body[0]! ^ 1;
    expect(() => envelope.open(agent.privateKey, { ...sealed, ciphertext: body.toString('base64url') })).toThrow();
    const short = Buffer.from(sealed.tag, 'base64url').subarray(0, 4).toString('base64url');
    expect(() => envelope.open(agent.privateKey, { ...sealed, tag: short })).toThrow();
  });

  it('refuses a changed message id or operation (the AAD)', () => {
    const sealed = envelope.seal(agent.publicKey, 'req-1', 'setPassword', secret);
    expect(() => envelope.open(agent.privateKey, { ...sealed, id: 'req-2' })).toThrow();
    expect(() => envelope.open(agent.privateKey, { ...sealed, operation: 'unlock' })).toThrow();
  });

  it('refuses a message sealed for another key', () => {
    const sealed = envelope.seal(other.publicKey, 'req-1', 'setPassword', secret);
    expect(() => envelope.open(agent.privateKey, sealed)).toThrow();
  });
});

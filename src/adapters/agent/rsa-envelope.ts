import {
  constants,
  createCipheriv,
  createDecipheriv,
  generateKeyPairSync,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
} from 'node:crypto';
import type { AgentEnvelope, SealedAgentMessage } from '../../core/ports.js';

const oaep = (key: string) => ({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' });

// Length-prefixed so that id "a:b" + operation "c" never authenticates as id "a" + operation "b:c".
const aadOf = (id: string, operation: string) => {
  const idBytes = Buffer.from(id, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(idBytes.length);
  return Buffer.concat([length, idBytes, Buffer.from(operation, 'utf8')]);
};

/** RSA-OAEP(SHA-256) wrapping a fresh AES-256-GCM key per message; see `AgentEnvelope`. */
export const createRsaEnvelope = (): AgentEnvelope => ({
  generateKeyPair() {
    return generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
  },

  seal(recipientPublicKey, id, operation, plaintext): SealedAgentMessage {
    const key = randomBytes(32);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(aadOf(id, operation));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return {
      id,
      operation,
      wrappedKey: publicEncrypt(oaep(recipientPublicKey), key).toString('base64url'),
      iv: iv.toString('base64url'),
      ciphertext: body.toString('base64url'),
      tag: cipher.getAuthTag().toString('base64url'),
    };
  },

  open(privateKey, message) {
    const key = privateDecrypt(oaep(privateKey), Buffer.from(message.wrappedKey, 'base64url'));
    if (key.length !== 32) throw new Error('not an agent message key');
    const iv = Buffer.from(message.iv, 'base64url');
    if (iv.length !== 12) throw new Error('not an agent message');
    // The full 16-byte tag, always: left open, GCM accepts a shortened tag and checks only those bytes.
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
    decipher.setAAD(aadOf(message.id, message.operation));
    decipher.setAuthTag(Buffer.from(message.tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(message.ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  },
});

/**
 * A software passkey authenticator for tests in Node: real P-256 keys from node:crypto, real signatures, and the
 * WebAuthn structures encoded with the server library's own CBOR helper (no hand-written CBOR). It answers creation
 * and request options as a browser with a platform authenticator would (user present and verified, discoverable
 * credentials), and lets a test break one thing at a time: another origin, another challenge, a counter that goes
 * backwards.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';

const b64url = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();
const u32 = (n: number) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(n);
  return out;
};

export interface SoftCredential {
  id: string;
  rpId: string;
  userHandle: string;
  privateKey: KeyObject;
  counter: number;
}

const flags = { up: 0x01, uv: 0x04, be: 0x08, bs: 0x10, at: 0x40 };

export const softwareAuthenticator = (origin: string, options: { backedUp?: boolean } = {}) => {
  const credentials: SoftCredential[] = [];
  const backup = options.backedUp ? flags.be | flags.bs : 0;

  const create = (creation: {
    challenge: string;
    rp: { id: string };
    user: { id: string };
  }): { response: Record<string, unknown>; credential: SoftCredential } => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const cose = new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]);
    const id = randomBytes(16);
    const authData = Buffer.concat([
      sha256(creation.rp.id),
      Buffer.from([flags.up | flags.uv | flags.at | backup]),
      u32(0),
      Buffer.alloc(16),
      Buffer.from([0, id.length]),
      id,
      Buffer.from(isoCBOR.encode(cose)),
    ]);
    const attestationObject = isoCBOR.encode(
      new Map<string, unknown>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]) as never,
    );
    const clientData = JSON.stringify({ type: 'webauthn.create', challenge: creation.challenge, origin });
    const credential: SoftCredential = {
      id: b64url(id),
      rpId: creation.rp.id,
      userHandle: creation.user.id,
      privateKey,
      counter: 0,
    };
    credentials.push(credential);
    return {
      credential,
      response: {
        id: credential.id,
        rawId: credential.id,
        type: 'public-key',
        response: {
          clientDataJSON: b64url(Buffer.from(clientData)),
          attestationObject: b64url(attestationObject),
          transports: ['internal'],
        },
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
      },
    };
  };

  /** An assertion; `tamper` changes one input so exactly one check fails. */
  const get = (
    request: { challenge: string; rpId: string },
    tamper: { origin?: string; challenge?: string; counter?: number; credential?: SoftCredential } = {},
  ): Record<string, unknown> => {
    const credential = tamper.credential ?? credentials[credentials.length - 1]!;
    credential.counter = tamper.counter ?? credential.counter + 1;
    const authData = Buffer.concat([
      sha256(request.rpId),
      Buffer.from([flags.up | flags.uv | backup]),
      u32(credential.counter),
    ]);
    const clientData = Buffer.from(
      JSON.stringify({
        type: 'webauthn.get',
        challenge: tamper.challenge ?? request.challenge,
        origin: tamper.origin ?? origin,
      }),
    );
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientData)]), credential.privateKey);
    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientData),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        userHandle: credential.userHandle,
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  };

  return { create, get, credentials };
};

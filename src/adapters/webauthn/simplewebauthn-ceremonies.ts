/**
 * The WebAuthn ceremonies through `@simplewebauthn/server` (ADR 0001 for its pin): this service is the relying party
 * whose id is the host of `SSPR_PUBLIC_URL` and whose only origin is that URL's origin. User verification is
 * required (a passkey is the strongest gate, so possession alone is not enough) and attestation is "none" (we trust
 * no vendor list; the credential's key is what counts). The library does all CBOR, signature, origin, RP-id, flag
 * and counter checks; whatever it throws becomes `PASSKEY_INVALID`, never its message to a user.
 */
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { AssertionClaims, WebAuthnCeremonies } from '../../core/ports.js';
import { failure, success } from '../../core/result.js';

/** A ceremony may take this long in the browser; the stored challenge lives a little longer. */
const timeoutMs = 120_000;

/**
 * The library (and its helpers) cost a third of a second to load: a CLI command never needs them, so they are
 * loaded on the first ceremony. Reading what a response claims needs only base64url and JSON, done here.
 */
let library: Promise<typeof import('@simplewebauthn/server')> | undefined;
const webauthn = () => (library ??= import('@simplewebauthn/server'));

const isBase64Url = (value: string) => /^[A-Za-z0-9_-]*={0,2}$/.test(value);
const fromBase64Url = (value: string): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(value, 'base64url'));

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The client data's challenge, read without trusting it (the verification checks it again). */
const challengeOf = (response: unknown): string | undefined => {
  if (!isRecord(response) || !isRecord(response.response)) return undefined;
  const clientData = response.response.clientDataJSON;
  if (typeof clientData !== 'string' || !isBase64Url(clientData)) return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(clientData, 'base64url').toString('utf8'));
    return isRecord(decoded) && typeof decoded.challenge === 'string' ? decoded.challenge : undefined;
  } catch {
    return undefined;
  }
};

export const createWebAuthnCeremonies = (publicUrl: string, rpName = 'OpenSSPR'): WebAuthnCeremonies => {
  const url = new URL(publicUrl);
  const rpID = url.hostname;
  const origin = url.origin;

  return {
    registrationOptions: async (input) =>
      (await (
        await webauthn()
      ).generateRegistrationOptions({
        rpName,
        rpID,
        userName: input.userName,
        userDisplayName: input.displayName,
        userID: new Uint8Array(Buffer.from(input.userHandle, 'utf8')),
        challenge: fromBase64Url(input.challenge),
        timeout: timeoutMs,
        attestationType: 'none',
        excludeCredentials: input.excludeCredentialIds.map((id) => ({ id })),
        // A discoverable credential (resident key) is what lets the user sign in without typing a name.
        authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      })) as unknown as Record<string, unknown>,

    authenticationOptions: async (challenge) =>
      (await (
        await webauthn()
      ).generateAuthenticationOptions({
        rpID,
        challenge: fromBase64Url(challenge),
        timeout: timeoutMs,
        userVerification: 'required',
      })) as unknown as Record<string, unknown>,

    registrationChallenge: challengeOf,

    assertionClaims(response): AssertionClaims | undefined {
      const challenge = challengeOf(response);
      if (!challenge || !isRecord(response) || typeof response.id !== 'string' || !isRecord(response.response))
        return undefined;
      if (!isBase64Url(response.id) || response.id.length === 0) return undefined;
      const handle = response.response.userHandle;
      return {
        credentialId: response.id,
        challenge,
        ...(typeof handle === 'string' &&
          handle !== '' &&
          isBase64Url(handle) && { userHandle: Buffer.from(handle, 'base64url').toString('utf8') }),
      };
    },

    async verifyRegistration(response, expectedChallenge) {
      try {
        const checked = await (
          await webauthn()
        ).verifyRegistrationResponse({
          response: response as RegistrationResponseJSON,
          expectedChallenge,
          expectedOrigin: origin,
          expectedRPID: rpID,
          requireUserVerification: true,
        });
        if (!checked.verified) return failure('PASSKEY_INVALID');
        const info = checked.registrationInfo;
        return success({
          credentialId: info.credential.id,
          publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
          signCount: info.credential.counter,
          transports: info.credential.transports ?? [],
          backupEligible: info.credentialDeviceType === 'multiDevice',
          backupState: info.credentialBackedUp,
        });
      } catch {
        return failure('PASSKEY_INVALID');
      }
    },

    async verifyAuthentication(response, expectedChallenge, credential) {
      try {
        const checked = await (
          await webauthn()
        ).verifyAuthenticationResponse({
          response: response as AuthenticationResponseJSON,
          expectedChallenge,
          expectedOrigin: origin,
          expectedRPID: rpID,
          requireUserVerification: true,
          credential: {
            id: credential.credentialId,
            publicKey: fromBase64Url(credential.publicKey),
            counter: credential.signCount,
            transports: [...credential.transports],
          },
        });
        if (!checked.verified) return failure('PASSKEY_INVALID');
        return success({
          signCount: checked.authenticationInfo.newCounter,
          backupState: checked.authenticationInfo.credentialBackedUp,
        });
      } catch {
        return failure('PASSKEY_INVALID');
      }
    },
  };
};

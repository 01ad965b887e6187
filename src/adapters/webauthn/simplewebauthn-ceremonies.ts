/**
 * The WebAuthn ceremonies through `@simplewebauthn/server` (ADR 0001 for its pin): this service is the relying party
 * whose id is the host of `SSPR_PUBLIC_URL` and whose only origin is that URL's origin. User verification is
 * required (a passkey is the strongest gate, so possession alone is not enough) and attestation is "none" (we trust
 * no vendor list; the credential's key is what counts). The library does all CBOR, signature, origin, RP-id, flag
 * and counter checks; whatever it throws becomes `PASSKEY_INVALID`, never its message to a user.
 */
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { decodeClientDataJSON, isoBase64URL, isoUint8Array } from '@simplewebauthn/server/helpers';
import type { AssertionClaims, WebAuthnCeremonies } from '../../core/ports.js';
import { failure, success } from '../../core/result.js';

/** A ceremony may take this long in the browser; the stored challenge lives a little longer. */
const timeoutMs = 120_000;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The client data's challenge, read without trusting it (the verification checks it again). */
const challengeOf = (response: unknown): string | undefined => {
  if (!isRecord(response) || !isRecord(response.response)) return undefined;
  const clientData = response.response.clientDataJSON;
  if (typeof clientData !== 'string' || !isoBase64URL.isBase64URL(clientData)) return undefined;
  try {
    const decoded = decodeClientDataJSON(clientData);
    return typeof decoded.challenge === 'string' ? decoded.challenge : undefined;
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
      (await generateRegistrationOptions({
        rpName,
        rpID,
        userName: input.userName,
        userDisplayName: input.displayName,
        userID: isoUint8Array.fromUTF8String(input.userHandle),
        challenge: isoBase64URL.toBuffer(input.challenge),
        timeout: timeoutMs,
        attestationType: 'none',
        excludeCredentials: input.excludeCredentialIds.map((id) => ({ id })),
        // A discoverable credential (resident key) is what lets the user sign in without typing a name.
        authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      })) as unknown as Record<string, unknown>,

    authenticationOptions: async (challenge) =>
      (await generateAuthenticationOptions({
        rpID,
        challenge: isoBase64URL.toBuffer(challenge),
        timeout: timeoutMs,
        userVerification: 'required',
      })) as unknown as Record<string, unknown>,

    registrationChallenge: challengeOf,

    assertionClaims(response): AssertionClaims | undefined {
      const challenge = challengeOf(response);
      if (!challenge || !isRecord(response) || typeof response.id !== 'string' || !isRecord(response.response))
        return undefined;
      if (!isoBase64URL.isBase64URL(response.id) || response.id.length === 0) return undefined;
      const handle = response.response.userHandle;
      return {
        credentialId: response.id,
        challenge,
        ...(typeof handle === 'string' &&
          handle !== '' &&
          isoBase64URL.isBase64URL(handle) && { userHandle: isoBase64URL.toUTF8String(handle) }),
      };
    },

    async verifyRegistration(response, expectedChallenge) {
      try {
        const checked = await verifyRegistrationResponse({
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
          publicKey: isoBase64URL.fromBuffer(info.credential.publicKey),
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
        const checked = await verifyAuthenticationResponse({
          response: response as AuthenticationResponseJSON,
          expectedChallenge,
          expectedOrigin: origin,
          expectedRPID: rpID,
          requireUserVerification: true,
          credential: {
            id: credential.credentialId,
            publicKey: isoBase64URL.toBuffer(credential.publicKey),
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

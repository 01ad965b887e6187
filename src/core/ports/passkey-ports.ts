/**
 * Passkeys (WebAuthn): the stored credential, its repository, and the ceremonies port. The ceremonies (options for
 * the browser, attestation and assertion checks: CBOR, signatures, origin, RP id, flags) are a library's work in an
 * adapter; core and services see JSON in and plain facts out, so no WebAuthn parsing is written here.
 */
import type { Result } from '../result.js';

/** A passkey's WebAuthn credential, kept beside its security-info entry (`methodId`). */
export interface PasskeyCredential {
  tenantId: string;
  /** base64url, as the authenticator made it. */
  credentialId: string;
  methodId: string;
  userId: string;
  /** The COSE public key, base64url. */
  publicKey: string;
  /** The authenticator's sign counter (0 when it keeps none): a later assertion must count higher. */
  signCount: number;
  transports: string[];
  backupEligible: boolean;
  backupState: boolean;
  createdAt: string;
  lastUsedAt: string | null;
}

/** What a ceremony challenge is for; it is consumed only for the same purpose and subject. */
export type PasskeyChallengePurpose = 'register' | 'signin';

export interface PasskeyRepository {
  add(credential: PasskeyCredential): Promise<void>;
  find(tenantId: string, credentialId: string): Promise<PasskeyCredential | undefined>;
  listForUser(tenantId: string, userId: string): Promise<PasskeyCredential[]>;
  /**
   * Records a use: the new counter and backup state, only if the stored counter is still `expectedCount` (compare-
   * and-set), so of two racing assertions with one counter value only one is accepted.
   */
  recordUse(
    tenantId: string,
    credentialId: string,
    expectedCount: number,
    use: { signCount: number; backupState: boolean; usedAt: string },
  ): Promise<boolean>;
  /** Keeps a challenge's keyed hash until it expires. */
  putChallenge(challenge: {
    tenantId: string;
    challengeHash: string;
    purpose: PasskeyChallengePurpose;
    subject: string;
    expiresAt: string;
  }): Promise<void>;
  /** Deletes the live challenge if it matches (conditional DELETE): exactly one concurrent caller gets true. */
  consumeChallenge(
    tenantId: string,
    challengeHash: string,
    purpose: PasskeyChallengePurpose,
    subject: string,
    now: string,
  ): Promise<boolean>;
  /** Forgets challenges that expired before `now`; returns how many. */
  purgeChallenges(now: string): Promise<number>;
}

/** What an assertion says about itself before it is checked (to find the credential and challenge to check it with). */
export interface AssertionClaims {
  credentialId: string;
  challenge: string;
  /** The user handle a discoverable credential returns (as the text it was made from), if any. */
  userHandle?: string;
}

/** A credential an attestation created, checked. */
export interface CheckedRegistration {
  credentialId: string;
  publicKey: string;
  signCount: number;
  transports: string[];
  backupEligible: boolean;
  backupState: boolean;
}

/**
 * The WebAuthn ceremonies for this service's relying party (id and origin from `SSPR_PUBLIC_URL`): user
 * verification required, attestation "none". Refusals are `PASSKEY_INVALID`; options are JSON for the browser.
 */
export interface WebAuthnCeremonies {
  registrationOptions(input: {
    challenge: string;
    userHandle: string;
    userName: string;
    displayName: string;
    excludeCredentialIds: readonly string[];
  }): Promise<Record<string, unknown>>;
  /** Options for a discoverable-credential assertion (no credential list, so nothing tells who holds one). */
  authenticationOptions(challenge: string): Promise<Record<string, unknown>>;
  /** The challenge an attestation response answers, without checking anything else; undefined when malformed. */
  registrationChallenge(response: unknown): string | undefined;
  /** What an assertion response claims; undefined when malformed. */
  assertionClaims(response: unknown): AssertionClaims | undefined;
  verifyRegistration(response: unknown, expectedChallenge: string): Promise<Result<CheckedRegistration>>;
  /** Checks an assertion against a stored credential, its counter included; the new counter and backup state. */
  verifyAuthentication(
    response: unknown,
    expectedChallenge: string,
    credential: Pick<PasskeyCredential, 'credentialId' | 'publicKey' | 'signCount' | 'transports'>,
  ): Promise<Result<{ signCount: number; backupState: boolean }>>;
}

/**
 * What registration, sign-in and the reset gate share: challenges (random, kept only as a keyed hash, bound to their
 * purpose and subject, consumed by one conditional DELETE before a response is checked, so a response can be tried
 * once), the assertion check against one user's credentials, and the counter write after it. The checks themselves
 * (signature, origin, RP id, user verification, counter) are the ceremonies port's; every refusal of a response is
 * PASSKEY_INVALID, whatever failed.
 */
import { addSeconds } from '../../core/clock.js';
import type { CredentialUse } from '../../core/methods/method-contract.js';
import type { PasskeyChallengePurpose, StoreRepositories } from '../../core/ports.js';
import type { ServiceDeps } from '../deps.js';

/** A challenge outlives the browser's ceremony timeout (2 minutes) a little. */
const challengeSeconds = 5 * 60;

export const createPasskeyChecks = (deps: Pick<ServiceDeps, 'store' | 'webauthn' | 'clock' | 'keyed' | 'random'>) => {
  const hashOf = (challenge: string) => deps.keyed.digest('passkey-challenge', challenge);

  const issueChallenge = async (tenantId: string, purpose: PasskeyChallengePurpose, subject: string) => {
    const challenge = deps.random.token(32);
    const now = deps.clock.now();
    // Expired ones are forgotten on the way, so the table holds only live challenges.
    await deps.store.passkeys.purgeChallenges(now.toISOString());
    await deps.store.passkeys.putChallenge({
      tenantId,
      challengeHash: hashOf(challenge),
      purpose,
      subject,
      expiresAt: addSeconds(now, challengeSeconds).toISOString(),
    });
    return challenge;
  };

  const consumeChallenge = (tenantId: string, challenge: string, purpose: PasskeyChallengePurpose, subject: string) =>
    deps.store.passkeys.consumeChallenge(tenantId, hashOf(challenge), purpose, subject, deps.clock.now().toISOString());

  /**
   * Checks an assertion against one of `userId`'s credentials and the challenge already bound to the caller's flow or
   * consumed by it: `passed` with the use to record; `refused` when the credential is the user's and the assertion
   * failed (a wrong signature, origin or challenge, a counter gone back), which sign-in counts toward smart lockout;
   * `unknown` when the credential is nobody's or someone else's, refused as an unknown user is. A decoy (no user)
   * gets the same lookup and `unknown`.
   */
  const assertionOutcome = async (
    tenantId: string,
    userId: string | undefined,
    response: unknown,
    challenge: string | undefined,
  ): Promise<{ kind: 'passed'; use: CredentialUse } | { kind: 'refused' } | { kind: 'unknown' }> => {
    const claims = deps.webauthn.assertionClaims(response);
    if (!claims) return { kind: 'unknown' };
    const credential = await deps.store.passkeys.find(tenantId, claims.credentialId);
    if (!credential || !userId || credential.userId !== userId) return { kind: 'unknown' };
    // A response to another challenge (a replay, a forgery) is checked no further, but it was made for this key.
    if (!challenge || claims.challenge !== challenge) return { kind: 'refused' };
    const checked = await deps.webauthn.verifyAuthentication(response, challenge, credential);
    if (!checked.ok) return { kind: 'refused' };
    return {
      kind: 'passed',
      use: {
        credentialId: credential.credentialId,
        expectedCount: credential.signCount,
        signCount: checked.value.signCount,
        backupState: checked.value.backupState,
      },
    };
  };

  /** `assertionOutcome` for the reset gate, where every refusal is alike: the use, or undefined. */
  const checkAssertion = async (
    tenantId: string,
    userId: string | undefined,
    response: unknown,
    challenge: string,
  ): Promise<CredentialUse | undefined> => {
    const outcome = await assertionOutcome(tenantId, userId, response, challenge);
    return outcome.kind === 'passed' ? outcome.use : undefined;
  };

  /** Writes a use (compare-and-set on the counter): of two racing assertions with one counter, one wins. */
  const recordUse = (store: StoreRepositories, tenantId: string, use: CredentialUse) =>
    store.passkeys.recordUse(tenantId, use.credentialId, use.expectedCount, {
      signCount: use.signCount,
      backupState: use.backupState,
      usedAt: deps.clock.now().toISOString(),
    });

  return { issueChallenge, consumeChallenge, assertionOutcome, checkAssertion, recordUse };
};

export type PasskeyChecks = ReturnType<typeof createPasskeyChecks>;

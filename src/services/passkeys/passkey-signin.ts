/**
 * Signing in with a passkey instead of a password (discoverable credentials: nobody types a name). The challenge is
 * issued before anyone is named, so it is kept under a sentinel tenant; the response's user handle then names the
 * tenant and user, the credential must be theirs, the tenant's policy must offer passkeys and the account must be
 * enabled. The password (and the directory's copy of it) stays as it is.
 *
 * Behind the same smart lockout as passwords (issue #17): a failed assertion made with one of the user's own
 * credentials counts as a wrong password does, and a locked user is told so only after a passkey that works, as a
 * locked user is after the right password. A credential that is nobody's (or someone else's) is an unknown user:
 * the same refusal and the same work (a lockout read in a transaction), nothing counted. Outcomes for a known user
 * go to the sign-in log.
 */
import { isLocked, recordSuccessfulSignIn } from '../../core/lockout/smart-lockout.js';
import type { User } from '../../core/model.js';
import { failure, success, type Result } from '../../core/result.js';
import { readPasskeyUserHandle } from '../../methods/passkey/passkey.rules.js';
import type { ServiceDeps } from '../deps.js';
import { recordUserSignIn } from '../identity/sign-in-recorder.js';
import type { SessionService } from '../identity/session-service.js';
import type { SignInService } from '../identity/sign-in-service.js';
import { createPasskeyChecks } from './passkey-checks.js';
import { passkeysAllowed } from './passkey-registration.js';

/** Sign-in challenges are issued before anyone is named: their tenant column holds this (no tenant row has it). */
export const signInChallengeTenant = '~signin';

export type PasskeySignInFailure = 'PASSKEY_INVALID' | 'ACCOUNT_LOCKED' | 'ACCOUNT_DISABLED';
export type PasskeySignInResult = Result<
  { cookie: string; user: User },
  PasskeySignInFailure,
  { retryAfterSeconds?: number }
>;

export interface PasskeySignInRequest {
  response: unknown;
  /** The cookie of a session this browser already had; it is ended so the id always changes. */
  previousCookie?: string | undefined;
  ipAddress: string | null;
  userAgent?: string | null | undefined;
}

export const createPasskeySignIn = (
  deps: ServiceDeps,
  sessions: SessionService,
  lockout: Pick<SignInService, 'countFailure'>,
) => {
  const { issueChallenge, consumeChallenge, assertionOutcome, recordUse } = createPasskeyChecks(deps);

  /** What a known user's attempt ends in, logged as their password sign-ins are. */
  const logged = async (user: User, request: PasskeySignInRequest, result: PasskeySignInResult) => {
    await recordUserSignIn(deps, user, request, result.ok ? undefined : result.code);
    return result;
  };

  /** The work a known credential's refusal does (a transaction on a lockout row), for nobody's; nothing written. */
  const unknownCredential = async (claimedId: string): Promise<PasskeySignInResult> => {
    const key = deps.keyed.digest('unknown-passkey', claimedId);
    await deps.store.transaction((store) => store.lockouts.get('', key));
    return failure('PASSKEY_INVALID');
  };

  return {
    /** Request options for signing in: a fresh challenge, no credential list (nothing tells who holds a passkey). */
    async signInOptions(): Promise<Record<string, unknown>> {
      const challenge = await issueChallenge(signInChallengeTenant, 'signin', signInChallengeTenant);
      return deps.webauthn.authenticationOptions(challenge);
    },

    async signIn(request: PasskeySignInRequest): Promise<PasskeySignInResult> {
      const claims = deps.webauthn.assertionClaims(request.response);
      if (!claims) return failure('PASSKEY_INVALID');
      // Consumed before anything is checked, so a response can be tried once; a challenge not ours fails the check.
      const issued = await consumeChallenge(signInChallengeTenant, claims.challenge, 'signin', signInChallengeTenant);
      const owner = claims.userHandle ? readPasskeyUserHandle(claims.userHandle) : undefined;
      const user = owner && (await deps.store.users.findById(owner.tenantId, owner.userId));
      const outcome = user
        ? await assertionOutcome(user.tenantId, user.userId, request.response, issued ? claims.challenge : undefined)
        : ({ kind: 'unknown' } as const);
      if (!user || outcome.kind === 'unknown') return unknownCredential(claims.credentialId);
      if (outcome.kind === 'refused') {
        // The attempt is known by its response: the same response sent again counts once, as a retyped password.
        const attempt = `passkey:${claims.credentialId}:${claims.challenge}`;
        await deps.store.transaction((store) => lockout.countFailure(store, user, attempt, request.ipAddress));
        return logged(user, request, failure('PASSKEY_INVALID'));
      }
      const { use } = outcome;
      if (!(await passkeysAllowed(deps, user))) return logged(user, request, failure('PASSKEY_INVALID'));
      const now = deps.clock.now();
      const state = await deps.store.lockouts.get(user.tenantId, user.userId);
      if (state && isLocked(state, now)) {
        const retryAfterSeconds = Math.ceil((new Date(state.lockedUntil ?? 0).getTime() - now.getTime()) / 1000);
        return logged(user, request, failure('ACCOUNT_LOCKED', { retryAfterSeconds }));
      }
      if (!user.accountEnabled) return logged(user, request, failure('ACCOUNT_DISABLED'));
      const result = await deps.store.transaction(async (store): Promise<PasskeySignInResult> => {
        if (!(await recordUse(store, user.tenantId, use))) return failure('PASSKEY_INVALID');
        // A sign-in that works clears the count, as the right password does.
        if (state && (state.failedCount > 0 || state.lockoutCount > 0))
          await store.lockouts.put(user.tenantId, user.userId, recordSuccessfulSignIn(), now.toISOString());
        if (request.previousCookie) await sessions.close(request.previousCookie, store);
        const { cookie } = await sessions.open(store, user);
        return success({ cookie, user });
      });
      return logged(user, request, result);
    },
  };
};

export type PasskeySignIn = ReturnType<typeof createPasskeySignIn>;

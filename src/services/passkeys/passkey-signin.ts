/**
 * Signing in with a passkey instead of a password (discoverable credentials: nobody types a name). The challenge is
 * issued before anyone is named, so it is kept under a sentinel tenant; the response's user handle then names the
 * tenant and user, the credential must be theirs, the tenant's policy must offer passkeys and the account must be
 * enabled. The password (and the directory's copy of it) stays as it is.
 */
import type { User } from '../../core/model.js';
import { failure, success, type Result } from '../../core/result.js';
import { readPasskeyUserHandle } from '../../methods/passkey/passkey.rules.js';
import type { ServiceDeps } from '../deps.js';
import type { SessionService } from '../identity/session-service.js';
import { createPasskeyChecks } from './passkey-checks.js';
import { passkeysAllowed } from './passkey-registration.js';

/** Sign-in challenges are issued before anyone is named: their tenant column holds this (no tenant row has it). */
export const signInChallengeTenant = '~signin';

export const createPasskeySignIn = (deps: ServiceDeps, sessions: SessionService) => {
  const { issueChallenge, consumeChallenge, checkAssertion, recordUse } = createPasskeyChecks(deps);
  return {
    /** Request options for signing in: a fresh challenge, no credential list (nothing tells who holds a passkey). */
    async signInOptions(): Promise<Record<string, unknown>> {
      const challenge = await issueChallenge(signInChallengeTenant, 'signin', signInChallengeTenant);
      return deps.webauthn.authenticationOptions(challenge);
    },

    /**
     * Signs in with a discoverable passkey: its user handle names the tenant and user, the credential must be theirs,
     * the tenant's policy must offer passkeys, and the account must be enabled. The password stays as it is.
     */
    async signIn(
      response: unknown,
      previousCookie: string | undefined,
    ): Promise<Result<{ cookie: string; user: User }>> {
      const claims = deps.webauthn.assertionClaims(response);
      const owner = claims?.userHandle ? readPasskeyUserHandle(claims.userHandle) : undefined;
      if (
        !claims ||
        !(await consumeChallenge(signInChallengeTenant, claims.challenge, 'signin', signInChallengeTenant))
      )
        return failure('PASSKEY_INVALID');
      if (!owner) return failure('PASSKEY_INVALID');
      const user = await deps.store.users.findById(owner.tenantId, owner.userId);
      const use = await checkAssertion(owner.tenantId, user?.userId, response, claims.challenge);
      if (!user || !use || !(await passkeysAllowed(deps, user))) return failure('PASSKEY_INVALID');
      if (!user.accountEnabled) return failure('ACCOUNT_DISABLED');
      return deps.store.transaction(async (store): Promise<Result<{ cookie: string; user: User }>> => {
        if (!(await recordUse(store, user.tenantId, use))) return failure('PASSKEY_INVALID');
        if (previousCookie) await sessions.close(previousCookie, store);
        const { cookie } = await sessions.open(store, user);
        return success({ cookie, user });
      });
    },
  };
};

export type PasskeySignIn = ReturnType<typeof createPasskeySignIn>;

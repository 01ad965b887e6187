/**
 * Registering a passkey from security info: creation options with a fresh challenge bound to the user (signed in and
 * stepped up, as every change of security info, and only when the tenant's policy offers passkeys), then saving the
 * credential the browser created — verified at once, the ceremony being its proof — as a security-info entry with
 * its WebAuthn credential beside it.
 */
import { stripControlCharacters } from '../../core/control-characters.js';
import { isStepUpFresh, registrableKinds } from '../../core/methods/method-rules.js';
import type { MethodRecord } from '../../core/methods/records.js';
import type { User } from '../../core/model.js';
import type { PasskeyCredential, StoreRepositories } from '../../core/ports.js';
import { failure, success, type Result } from '../../core/result.js';
import { translate, type Locale } from '../../i18n/i18n.js';
import { passkeyLimit, passkeyUserHandle } from '../../methods/passkey/passkey.rules.js';
import type { ServiceDeps } from '../deps.js';
import type { ActiveSession } from '../identity/session-service.js';
import { policyOf, viewOf, type MethodView } from '../security-info/security-info-views.js';
import { createPasskeyChecks } from './passkey-checks.js';

export interface PasskeyRegistrationContext {
  user: User;
  locale: Locale;
  /** Records the audit events of the saved entry inside the caller's transaction. */
  onRegistered(store: StoreRepositories, kind: 'passkey'): Promise<void>;
}

/** Whether the tenant's policy lets this user hold passkeys. */
export const passkeysAllowed = async (deps: Pick<ServiceDeps, 'store'>, user: User): Promise<boolean> =>
  registrableKinds(await policyOf(deps.store, user.tenantId), user).includes('passkey');

export const createPasskeyRegistration = (deps: ServiceDeps) => {
  const { issueChallenge, consumeChallenge } = createPasskeyChecks(deps);
  return {
    /** Creation options for the browser: a fresh challenge bound to this user, their passkeys excluded. */
    async registrationOptions(active: ActiveSession): Promise<Result<Record<string, unknown>>> {
      const { user } = active;
      if (!(await passkeysAllowed(deps, user))) return failure('METHOD_TYPE_NOT_ALLOWED');
      if (!isStepUpFresh(active.session, deps.clock.now())) return failure('STEP_UP_REQUIRED');
      const held = await deps.store.passkeys.listForUser(user.tenantId, user.userId);
      if (held.length >= passkeyLimit) return failure('METHOD_LIMIT_REACHED', { limit: passkeyLimit });
      const challenge = await issueChallenge(user.tenantId, 'register', user.userId);
      return success(
        await deps.webauthn.registrationOptions({
          challenge,
          userHandle: passkeyUserHandle(user.tenantId, user.userId),
          userName: user.upn,
          displayName: user.displayName,
          excludeCredentialIds: held.map((c) => c.credentialId),
        }),
      );
    },

    /** Saves the credential an attestation created (verified at once: the ceremony is its proof). */
    async addCredential(
      ctx: PasskeyRegistrationContext,
      label: string | undefined,
      response: unknown,
    ): Promise<Result<{ method: MethodView }>> {
      const { user } = ctx;
      const challenge = deps.webauthn.registrationChallenge(response);
      if (!challenge || !(await consumeChallenge(user.tenantId, challenge, 'register', user.userId)))
        return failure('PASSKEY_INVALID');
      const checked = await deps.webauthn.verifyRegistration(response, challenge);
      if (!checked.ok) return checked;
      const name =
        (label === undefined ? undefined : stripControlCharacters(label))?.trim().slice(0, 64) ||
        translate(ctx.locale, 'securityInfo.passkeyDefaultLabel');
      const now = deps.clock.now().toISOString();
      const record: MethodRecord = {
        tenantId: user.tenantId,
        methodId: deps.random.uuid(),
        userId: user.userId,
        type: 'passkey',
        value: null,
        sealedSecret: null,
        label: name,
        status: 'verified',
        lastTotpStep: null,
        createdAt: now,
        verifiedAt: now,
        updatedAt: now,
      };
      const credential: PasskeyCredential = {
        tenantId: user.tenantId,
        methodId: record.methodId,
        userId: user.userId,
        ...checked.value,
        createdAt: now,
        lastUsedAt: null,
      };
      return deps.store.transaction(async (store): Promise<Result<{ method: MethodView }>> => {
        await store.securityInfo.lockUser(user.tenantId, user.userId);
        if (await store.passkeys.find(user.tenantId, credential.credentialId))
          return failure('METHOD_LIMIT_REACHED', { reason: 'already registered' });
        if ((await store.passkeys.listForUser(user.tenantId, user.userId)).length >= passkeyLimit)
          return failure('METHOD_LIMIT_REACHED', { limit: passkeyLimit });
        await store.securityInfo.addMethod(record);
        await store.passkeys.add(credential);
        await ctx.onRegistered(store, 'passkey');
        return success({ method: viewOf(record) });
      });
    },
  };
};

export type PasskeyRegistration = ReturnType<typeof createPasskeyRegistration>;

/**
 * Proving possession of an entry with a code: a pending entry becomes verified (registration);
 * a verified one gives the session a fresh step-up. Attempts are counted before the comparison,
 * with a conditional UPDATE, and the code is consumed with another, so of any number of
 * concurrent tries at most five are compared and exactly one can succeed.
 */
import { addSeconds } from '../../core/clock.js';
import { codeMatches, codeRefusal, codeRules, newPendingCode } from '../../core/methods/verification-code.js';
import type { EntryKindRules } from '../../core/methods/method-contract.js';
import type { PendingCode } from '../../core/methods/records.js';
import type { User } from '../../core/model.js';
import type { StoreRepositories } from '../../core/ports.js';
import { failure, success, type Result } from '../../core/result.js';
import type { ServiceDeps } from '../deps.js';
import { subjectOf, totpSealPurpose, type Entry } from './security-info-views.js';
import type { ActiveSession } from '../identity/session-service.js';

export type VerifiedBy = NonNullable<EntryKindRules['verifiedBy']>;

export interface VerifiedHooks {
  /** Inside the transaction that consumed the code: what a verified registration changes. */
  onRegistered(store: StoreRepositories, entry: Entry): Promise<void>;
}

export const createVerifier = (deps: ServiceDeps) => {
  /** An authenticator has no sent code; its attempts are bounded by a window row made on first try. */
  const attemptWindow = async (
    user: User,
    entry: Entry,
    verifiedBy: VerifiedBy,
    purpose: PendingCode['purpose'],
  ): Promise<PendingCode | undefined> => {
    const subjectId = subjectOf(user, entry.view.id);
    const latest = await deps.store.securityInfo.latestCode(user.tenantId, subjectId, purpose);
    const now = deps.clock.now();
    // A window still open (unused, unexpired) is the one to count against, even when its attempts are spent;
    // an expired one gives way to a new window, or five wrong codes would lock the app out of step-up for good.
    const open =
      latest !== undefined && latest.consumedAt === null && now.getTime() < new Date(latest.expiresAt).getTime();
    if (verifiedBy !== 'totp' || purpose !== 'step-up' || open) return latest;
    const { record } = newPendingCode(deps, { tenantId: user.tenantId, userId: user.userId, subjectId, purpose }, now);
    const window = { ...record, codeHash: '', expiresAt: addSeconds(now, codeRules.ttlSeconds).toISOString() };
    await deps.store.securityInfo.addCode(window);
    return window;
  };

  const matches = async (
    entry: Entry,
    verifiedBy: VerifiedBy,
    pending: PendingCode,
    typed: string,
  ): Promise<{ ok: boolean; step?: number }> => {
    const record = entry.record;
    if (verifiedBy !== 'totp' || !record?.sealedSecret) return { ok: codeMatches(deps.keyed, pending, typed) };
    const secret = deps.sealer.open(totpSealPurpose, record.sealedSecret);
    const step = await deps.totp.verify(secret, typed, deps.clock.now(), record.lastTotpStep ?? undefined);
    return step === null ? { ok: false } : { ok: true, step };
  };

  /** `verifiedBy`: the kind's rule (src/methods/): a code sent to the entry, or one from its TOTP secret. */
  return async (
    active: ActiveSession,
    entry: Entry,
    typed: string,
    verifiedBy: VerifiedBy,
    hooks: VerifiedHooks,
  ): Promise<Result<void>> => {
    const { user } = active;
    const purpose = entry.view.status === 'pending' ? 'register' : 'step-up';
    const pending = await attemptWindow(user, entry, verifiedBy, purpose);
    const refusal = codeRefusal(pending, deps.clock.now());
    if (refusal || !pending) return failure(refusal ?? 'CODE_EXPIRED');
    const attempts = await deps.store.securityInfo.countAttempt(user.tenantId, pending.codeId, codeRules.maxAttempts);
    if (attempts === undefined) return failure('TOO_MANY_ATTEMPTS');
    const matched = await matches(entry, verifiedBy, pending, typed);
    if (!matched.ok) return failure('CODE_INVALID', { attemptsLeft: codeRules.maxAttempts - attempts });

    const now = deps.clock.now().toISOString();
    return deps.store.transaction(async (store): Promise<Result<void>> => {
      if (!(await store.securityInfo.consumeCode(user.tenantId, pending.codeId, now))) return failure('CODE_EXPIRED');
      if (
        matched.step !== undefined &&
        !(await store.securityInfo.advanceTotpStep(user.tenantId, entry.view.id, matched.step, now))
      ) {
        // The code's time step was already used: a replayed code.
        return failure('CODE_INVALID', { attemptsLeft: codeRules.maxAttempts - attempts });
      }
      if (purpose === 'register') {
        if (!(await store.securityInfo.markVerified(user.tenantId, entry.view.id, now))) return failure('CODE_EXPIRED');
        await hooks.onRegistered(store, entry);
      } else {
        await store.securityInfo.setSteppedUp(user.tenantId, active.session.sessionHash, now);
        active.session.steppedUpAt = now;
      }
      return success(undefined);
    });
  };
};

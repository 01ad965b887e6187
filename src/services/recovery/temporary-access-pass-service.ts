/**
 * Temporary Access Pass (Entra's TAP, issue #17 item 2): an administrator issues a pass for a user who lost
 * every method; the user signs in with it (UPN + pass in place of the password) to a session good only for
 * registering security info. Stored as a keyed hash (a 120-bit secret: no slow hash needed), shown once,
 * one per user (a new one replaces the old), revocable. Audited with Entra's names; the user's addresses are
 * told, as of any security info someone else added.
 */
import { checkUpn } from '../../core/directory/identifiers.js';
import { SsprError } from '../../core/errors.js';
import { isLocked } from '../../core/lockout/smart-lockout.js';
import type { User } from '../../core/model.js';
import { digestLookupSecret, newLookupSecret, normaliseLookupSecret } from '../../core/recovery/lookup-secret.js';
import {
  checkTapLifetime,
  tapExpiry,
  tapSessionEnd,
  tapState,
  tapView,
  type TapView,
} from '../../core/recovery/temporary-access-pass.js';
import { failure, success, type Result } from '../../core/result.js';
import type { Locale } from '../../i18n/i18n.js';
import type { AdminPrincipal } from '../admin/admin-principal.js';
import { recordAudit } from '../audit/audit-recorder.js';
import { wakeDelivery } from '../delivery/message-queue.js';
import type { ServiceDeps } from '../deps.js';
import type { SessionService } from '../identity/session-service.js';
import { recordSignIn } from '../identity/sign-in-recorder.js';
import type { SignInService } from '../identity/sign-in-service.js';
import { createCodeDelivery } from '../security-info/security-info-delivery.js';
import { reachableUser, targetOf } from './recovery-admin.js';
import { noticeRecipients } from '../delivery/notice-recipients.js';

export interface IssuedPass {
  upn: string;
  /** The pass itself: returned here once, never stored or shown again. */
  temporaryAccessPass: string;
  oneTime: boolean;
  lifetimeMinutes: number;
  createdAt: string;
  expiresAt: string;
}

export type TapSignInResult = Result<
  { cookie: string; user: User },
  'TAP_INVALID' | 'ACCOUNT_LOCKED' | 'ACCOUNT_DISABLED',
  { retryAfterSeconds?: number }
>;

export interface TapSignInRequest {
  username: string;
  pass: string;
  ipAddress: string | null;
  userAgent?: string | null | undefined;
  previousCookie?: string | undefined;
}

const detailsOf = { method: 'Temporary Access Pass' };

export const createTemporaryAccessPassService = (
  deps: ServiceDeps,
  sessions: SessionService,
  signIn: SignInService,
) => {
  const delivery = createCodeDelivery(deps);
  const hashOf = (owner: { tenantId: string; userId: string }, normalised: string) =>
    digestLookupSecret(deps.keyed, 'temporary-access-pass', owner, normalised);

  // An unknown user ID must take as long as a known one's wrong pass, which costs a lockout transaction.
  let knownFailureMs = 0;
  const noteKnownFailure = (startedAt: number) => {
    const elapsed = performance.now() - startedAt;
    knownFailureMs = knownFailureMs === 0 ? elapsed : knownFailureMs * 0.9 + elapsed * 0.1;
  };
  const matchKnownFailure = async (startedAt: number) => {
    const wait = knownFailureMs - (performance.now() - startedAt);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  };

  const findUser = async (username: string): Promise<User | undefined> => {
    const checked = checkUpn(username);
    if (!checked.ok) return undefined;
    const tenant = await deps.store.tenants.findByDomain(checked.value.domain);
    return tenant && (await deps.store.users.findByUpn(tenant.tenantId, checked.value.upn));
  };

  /**
   * Sign-in with UPN + pass. An unknown user ID, a wrong pass and an expired, used or revoked one all answer
   * TAP_INVALID after the same work; a known user's wrong pass counts for smart lockout as a wrong password does.
   */
  const signInWithPass = async (request: TapSignInRequest): Promise<TapSignInResult> => {
    const startedAt = performance.now();
    const user = await findUser(request.username);
    const owner = user ?? { tenantId: '~decoy', userId: '~decoy' };
    const normalised = normaliseLookupSecret(request.pass);
    const hash = hashOf(owner, normalised ?? request.pass);
    const stored = await deps.store.recovery.findPass(owner.tenantId, owner.userId);
    const now = deps.clock.now();
    const valid =
      normalised !== null &&
      stored !== undefined &&
      deps.keyed.equals(stored.passHash, hash) &&
      tapState(stored, now) === 'active';
    if (!user) {
      await matchKnownFailure(startedAt);
      return failure('TAP_INVALID');
    }
    if (!valid) {
      await deps.store.transaction((store) => signIn.countFailure(store, user, request.pass, request.ipAddress));
      noteKnownFailure(startedAt);
      return failure('TAP_INVALID');
    }
    const lockout = await deps.store.lockouts.get(user.tenantId, user.userId);
    if (lockout && isLocked(lockout, now)) {
      const retryAfterSeconds = Math.ceil((Date.parse(lockout.lockedUntil ?? '') - now.getTime()) / 1000);
      return failure('ACCOUNT_LOCKED', { retryAfterSeconds });
    }
    if (!user.accountEnabled) return failure('ACCOUNT_DISABLED');
    return deps.store.transaction(async (store): Promise<TapSignInResult> => {
      // The claim is the one conditional UPDATE: of two sign-ins racing with a one-time pass, one wins.
      if (!(await store.recovery.usePass(user.tenantId, user.userId, hash, now.toISOString())))
        return failure('TAP_INVALID');
      if (request.previousCookie) await sessions.close(request.previousCookie, store);
      const { cookie } = await sessions.open(store, user, {
        scope: 'securityInfo',
        expiresAt: tapSessionEnd(stored, now),
      });
      return success({ cookie, user });
    });
  };

  return {
    async issue(
      principal: AdminPrincipal,
      upn: string,
      input: { lifetimeMinutes?: number; oneTime?: boolean },
      locale: Locale = 'en',
    ): Promise<IssuedPass> {
      const lifetime = checkTapLifetime(input.lifetimeMinutes);
      if (!lifetime.ok) throw new SsprError(lifetime.code);
      const user = await reachableUser(deps, principal, upn, 'issueTemporaryAccessPass');
      const now = deps.clock.now();
      const pass = newLookupSecret(deps.random);
      const oneTime = input.oneTime ?? false;
      const expiresAt = tapExpiry(now, lifetime.value).toISOString();
      // The notice is queued with the pass (issue #13 item 2): a pass someone else asked for is a takeover.
      const tenant = await deps.store.tenants.findById(user.tenantId);
      const recipients = await noticeRecipients(deps, user);
      await deps.store.transaction(async (store) => {
        const replaced = await store.recovery.findPass(user.tenantId, user.userId);
        await store.recovery.putPass({
          tenantId: user.tenantId,
          userId: user.userId,
          passHash: hashOf(user, normaliseLookupSecret(pass)!),
          oneTime,
          createdAt: now.toISOString(),
          expiresAt,
          usedAt: null,
          createdBy: principal.actor.id,
        });
        await recordAudit(deps, store, {
          tenantId: user.tenantId,
          activity: 'adminRegisteredSecurityInfo',
          actor: principal.actor,
          target: targetOf(user),
          details: { ...detailsOf, lifetimeMinutes: lifetime.value, oneTime, expiresAt, replaced: !!replaced },
        });
        if (tenant) await delivery.queueAdded(store, tenant, user, recipients, 'temporaryAccessPass', locale);
      });
      wakeDelivery(deps);
      return {
        upn: user.upn,
        temporaryAccessPass: pass,
        oneTime,
        lifetimeMinutes: lifetime.value,
        createdAt: now.toISOString(),
        expiresAt,
      };
    },

    /** Whether the user holds a pass and its state; never its value. */
    async status(principal: AdminPrincipal, upn: string): Promise<{ upn: string; pass: TapView | null }> {
      const user = await reachableUser(deps, principal, upn, 'issueTemporaryAccessPass');
      const pass = await deps.store.recovery.findPass(user.tenantId, user.userId);
      return { upn: user.upn, pass: pass ? tapView(pass, deps.clock.now()) : null };
    },

    async revoke(principal: AdminPrincipal, upn: string): Promise<void> {
      const user = await reachableUser(deps, principal, upn, 'issueTemporaryAccessPass');
      await deps.store.transaction(async (store) => {
        if ((await store.recovery.deletePass(user.tenantId, user.userId)) === 0) throw new SsprError('TAP_NOT_FOUND');
        // Sessions the pass opened end with it: they exist only to register methods with that pass.
        const endedSessions = await store.recovery.endLimitedSessions(user.tenantId, user.userId);
        await recordAudit(deps, store, {
          tenantId: user.tenantId,
          activity: 'adminDeletedSecurityInfo',
          actor: principal.actor,
          target: targetOf(user),
          details: { ...detailsOf, endedSessions },
        });
      });
    },

    /** Signs in with a pass; every outcome is in the sign-in log, as a password's is (one write either way). */
    async signIn(request: TapSignInRequest): Promise<TapSignInResult> {
      const result = await signInWithPass(request);
      await recordSignIn(deps, request, result);
      return result;
    },
  };
};

export type TemporaryAccessPassService = ReturnType<typeof createTemporaryAccessPassService>;

import { isLocked } from '../core/lockout/smart-lockout.js';
import type { PasswordViolation } from '../core/password/evaluate-password.js';
import { canonicalPassword } from '../core/password/normalise.js';
import { failure, success, type Result } from '../core/result.js';
import type { Locale } from '../i18n/i18n.js';
import { translate } from '../i18n/i18n.js';
import { recordAudit } from './audit-recorder.js';
import type { ServiceDeps } from './deps.js';
import type { PasswordProtectionService } from './password-protection-service.js';
import type { ActiveSession } from './session-service.js';
import type { SignInService } from './sign-in-service.js';

export type ChangeFailure = 'INVALID_CURRENT_PASSWORD' | 'ACCOUNT_LOCKED' | 'PASSWORD_POLICY_VIOLATION' | 'PASSWORD_NOT_MANAGED_HERE';

export interface ChangePasswordRequest {
  active: ActiveSession;
  currentPassword: string;
  newPassword: string;
  ipAddress: string | null;
  locale: Locale;
}

/**
 * Self-service password change ("Change password (self-service)"). A wrong current password
 * counts towards smart lockout like a failed sign-in: a stolen session must not become an
 * unthrottled password oracle.
 */
export const createPasswordChangeService = (deps: ServiceDeps, signIn: SignInService, protection: PasswordProtectionService) => ({
  async changePassword(request: ChangePasswordRequest): Promise<Result<{ revokedSessions: number }, ChangeFailure, { violations?: PasswordViolation[] }>> {
    const { user, session } = request.active;
    const actor = { type: 'user' as const, id: user.userId, upn: user.upn };
    const target = { type: 'user' as const, id: user.userId, name: user.upn };
    const audit = { tenantId: user.tenantId, activity: 'changePasswordSelfService' as const, actor, target, ipAddress: request.ipAddress };

    // Only cloud users' passwords are mastered here; on-premises users need writeback (a later release).
    const currentHash = user.passwordHash;
    if (user.source !== 'cloud' || !currentHash) return failure('PASSWORD_NOT_MANAGED_HERE');
    const lockout = await deps.store.lockouts.get(user.tenantId, user.userId);
    if (lockout && isLocked(lockout, deps.clock.now())) return failure('ACCOUNT_LOCKED');

    if (!(await deps.hasher.verify(currentHash, request.currentPassword))) {
      await deps.store.transaction(async (store) => {
        await signIn.countFailure(store, user, request.currentPassword, request.ipAddress);
        await recordAudit(deps, store, { ...audit, result: 'failure', resultReason: 'InvalidCurrentPassword' });
      });
      return failure('INVALID_CURRENT_PASSWORD');
    }

    const tenant = await deps.store.tenants.findById(user.tenantId);
    const verdict = await protection.evaluate(
      { tenant: { tenantId: user.tenantId, name: tenant?.name ?? '' }, user },
      request.newPassword,
      { isSameAsCurrent: canonicalPassword(request.newPassword) === canonicalPassword(request.currentPassword) },
    );
    if (!verdict.accepted) {
      await recordAudit(deps, deps.store, {
        ...audit,
        result: 'failure',
        resultReason: failureReasonOf(verdict.violations),
        details: { violations: verdict.violations.map((v) => v.code).join(',') },
      });
      return failure('PASSWORD_POLICY_VIOLATION', { violations: verdict.violations });
    }

    const newHash = await deps.hasher.hash(request.newPassword);
    const now = deps.clock.now().toISOString();
    const revokedSessions = await deps.store.transaction(async (store) => {
      // Compare-and-set: of two concurrent changes made with the same current password, one wins.
      if (!(await store.users.setPassword(user.tenantId, user.userId, newHash, now, currentHash))) return undefined;
      const revoked = await store.sessions.deleteAllForUser(user.tenantId, user.userId, session.sessionHash);
      await recordAudit(deps, store, { ...audit, details: { revokedSessions: revoked } });
      return revoked;
    });
    if (revokedSessions === undefined) return failure('INVALID_CURRENT_PASSWORD');
    try {
      await notifyPasswordChanged(deps, request, tenant?.name ?? '', now);
    } catch {
      // The change is committed; a delivery failure must not be reported as "nothing changed".
      // Channels log their own failures.
    }
    return success({ revokedSessions });
  },
});

/** Entra's audit reason for banned-list rejections; our own for the rest. */
const failureReasonOf = (violations: PasswordViolation[]): string =>
  violations.some((v) => v.code === 'PASSWORD_BANNED' || v.code === 'PASSWORD_CONTAINS_PERSONAL_INFO')
    ? 'FuzzyPolicyViolationInvalidPassword'
    : violations.some((v) => v.code === 'PASSWORD_BREACHED') ? 'BreachedPasswordViolation' : 'PasswordPolicyViolation';

/** Tells the user on every address we know, so a change they did not make does not go unnoticed. */
const notifyPasswordChanged = async (deps: ServiceDeps, request: ChangePasswordRequest, tenantName: string, changedAt: string) => {
  const { user } = request.active;
  const params = { tenant: tenantName, name: user.displayName, upn: user.upn, time: changedAt.slice(0, 16).replace('T', ' ') };
  const recipients = [...new Set([user.upn, user.alternateEmail].filter((r): r is string => Boolean(r)).map((r) => r.toLowerCase()))];
  for (const to of recipients) {
    await deps.email.send({
      tenantId: user.tenantId,
      to,
      subject: translate(request.locale, 'notify.passwordChanged.subject', params),
      text: translate(request.locale, 'notify.passwordChanged.body', params),
    });
  }
};

export type PasswordChangeService = ReturnType<typeof createPasswordChangeService>;

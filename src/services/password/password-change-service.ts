import { isLocked } from '../../core/lockout/smart-lockout.js';
import type { PasswordViolation } from '../../core/password/evaluate-password.js';
import { canonicalPassword } from '../../core/password/normalise.js';
import { failure, success, type Result } from '../../core/result.js';
import type { StoreRepositories } from '../../core/ports.js';
import type { Locale } from '../../i18n/i18n.js';
import { translate, type MessageKey } from '../../i18n/i18n.js';
import { recordAudit } from '../audit/audit-recorder.js';
import type { ServiceDeps } from '../deps.js';
import { enqueueMessage, wakeDelivery } from '../delivery/message-queue.js';
import { noticeRecipients } from '../delivery/notice-recipients.js';
import { createSmsNotices } from '../delivery/sms-notices.js';
import type { DirectoryService } from '../directory/directory-service.js';
import {
  createDirectoryWriteback,
  isOnPremUser,
  keepsCloudHash,
  type OpenDirectory,
} from '../directory/directory-writeback.js';
import type { LicensingService } from '../licensing/licensing-service.js';
import { createWritebackJournal } from '../directory/writeback-journal.js';
import type { PasswordExpiryService } from './password-expiry-service.js';
import type { PasswordProtectionService } from './password-protection-service.js';
import type { ActiveSession } from '../identity/session-service.js';
import type { SignInService } from '../identity/sign-in-service.js';

export type ChangeFailure =
  | 'INVALID_CURRENT_PASSWORD'
  | 'ACCOUNT_LOCKED'
  | 'PASSWORD_POLICY_VIOLATION'
  | 'PASSWORD_NOT_MANAGED_HERE'
  | 'DIRECTORY_POLICY_REJECTED'
  | 'DIRECTORY_UNREACHABLE'
  | 'DIRECTORY_MISCONFIGURED'
  | 'ON_PREMISES_SUCCESS_CLOUD_FAILURE';

export interface PasswordChangeCollaborators {
  licensing: LicensingService;
  directories: DirectoryService;
  /** Says whether the password had expired, for the audit event's reason (issue #16). */
  expiry?: Pick<PasswordExpiryService, 'hasExpired'>;
}

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
export const createPasswordChangeService = (
  deps: ServiceDeps,
  signIn: SignInService,
  protection: PasswordProtectionService,
  collaborators: PasswordChangeCollaborators,
) => {
  const writeback = createDirectoryWriteback(collaborators.directories);
  const journal = createWritebackJournal(deps);
  type ChangeResult = Result<
    { revokedSessions: number },
    ChangeFailure,
    { violations?: PasswordViolation[]; reason?: string; detail?: string }
  >;

  /** The tenant (for the notice) and its password protection's verdict; a change may not keep the current password. */
  const evaluateNewPassword = async (request: ChangePasswordRequest) => {
    const { user } = request.active;
    const tenant = await deps.store.tenants.findById(user.tenantId);
    const verdict = await protection.evaluate(
      { tenant: { tenantId: user.tenantId, name: tenant?.name ?? '' }, user },
      request.newPassword,
      { isSameAsCurrent: canonicalPassword(request.newPassword) === canonicalPassword(request.currentPassword) },
    );
    return { tenant, verdict };
  };

  /**
   * Counts a wrong current password towards smart lockout, with its audit event, in one transaction (and ends the
   * pending writeback of a directory write that refused it).
   */
  const wrongCurrentPassword = async (
    request: ChangePasswordRequest,
    audit: Parameters<typeof recordAudit>[2],
    operationId?: string,
  ): Promise<ChangeResult> => {
    await deps.store.transaction(async (store) => {
      await signIn.countFailure(store, request.active.user, request.currentPassword, request.ipAddress);
      await recordAudit(deps, store, {
        ...audit,
        result: 'failure',
        resultReason: 'InvalidCurrentPassword',
        ...(operationId && { details: { writeback: 'failed', operationId } }),
      });
      if (operationId) await journal.settle(store, audit.tenantId, operationId);
    });
    return failure('INVALID_CURRENT_PASSWORD');
  };

  /**
   * An on-premises user's change (issue 7): the directory checks the current password (a bind as the user)
   * and its own policy; then the cloud hash for password-hash-sync users. Smart lockout still applies in front.
   */
  const changeOnPrem = async (
    request: ChangePasswordRequest,
    directory: OpenDirectory,
    audit: Parameters<typeof recordAudit>[2],
  ): Promise<ChangeResult> => {
    const { user, session } = request.active;
    // The directory, not a cloud hash (missing for passthrough/federated users, maybe stale for synced ones), says
    // whether the current password is right — before anything is said about the new one, as for cloud users.
    // After an admin's forced reset the directory answers "right, but must change" (AD data 773, OpenLDAP pwdReset):
    // that is a right current password, and this change is what the directory is waiting for.
    // Through the directory lockout guard: a wrong current password must not lock the on-premises account either.
    const current = await signIn.verifyAtDirectory(user, request.currentPassword);
    if (!current.ok) {
      if (current.code === 'DIRECTORY_NOT_CONNECTED') return failure('PASSWORD_NOT_MANAGED_HERE');
      if (current.code === 'ACCOUNT_LOCKED') return failure('ACCOUNT_LOCKED');
      const entra = current.code === 'DIRECTORY_UNREACHABLE' ? 'SSPR_0030' : 'SSPR_0029';
      await recordAudit(deps, deps.store, {
        ...audit,
        result: 'failure',
        resultReason: entra,
        details: { writeback: 'unavailable' },
      });
      return failure(current.code, {
        reason: entra,
        detail: translate(request.locale, `reset.ineligible.${entra}` as MessageKey),
      });
    }
    if (current.value === 'invalid') return wrongCurrentPassword(request, audit);
    const { tenant, verdict } = await evaluateNewPassword(request);
    if (!verdict.accepted) {
      await recordAudit(deps, deps.store, {
        ...audit,
        result: 'failure',
        resultReason: failureReasonOf(verdict.violations),
        details: { violations: verdict.violations.map((v) => v.code).join(',') },
      });
      return failure('PASSWORD_POLICY_VIOLATION', { violations: verdict.violations });
    }
    // The write-ahead record first (writeback-journal.ts): every outcome below deletes it with its audit event.
    const { operationId } = await journal.begin({ user, kind: 'change', actor: audit.actor });
    const written = await writeback.setPassword(
      directory,
      user,
      request.newPassword,
      { kind: 'change', oldPassword: request.currentPassword },
      request.locale,
    );
    if (!written.ok) {
      const why = written.failure;
      // Changed on-premises between the check and the write: still a wrong current password.
      if (written.code === 'INVALID_CURRENT_PASSWORD') return wrongCurrentPassword(request, audit, operationId);
      await journal.settleWith(operationId, user.tenantId, (store) =>
        recordAudit(deps, store, {
          ...audit,
          result: 'failure',
          resultReason: why?.auditReason ?? written.code,
          details: {
            writeback: 'failed',
            operationId,
            ...(why?.diagnostic && { directoryDiagnostic: why.diagnostic }),
          },
        }),
      );
      return failure(written.code, written.details);
    }
    // A signed-in user's change: the hasher's priority lane (crypto-ports.ts HashLane).
    const newHash = keepsCloudHash(user) ? await deps.hasher.hash(request.newPassword, 'priority') : null;
    const now = deps.clock.now().toISOString();
    let revokedSessions: number;
    try {
      revokedSessions = await deps.store.transaction(async (store) => {
        // setPassword clears a forced change with the hash; without one (passthrough, federated) it is cleared here.
        if (newHash !== null) await store.users.setPassword(user.tenantId, user.userId, newHash, now);
        else if (user.mustChangePassword) await store.users.setMustChangePassword(user.tenantId, user.userId, false);
        const revoked = await store.sessions.deleteAllForUser(user.tenantId, user.userId, session.sessionHash);
        await recordAudit(deps, store, {
          ...audit,
          details: { revokedSessions: revoked, writeback: 'onPremises', operationId },
        });
        await journal.settle(store, user.tenantId, operationId);
        await queuePasswordChanged(deps, store, request, tenant?.name ?? '', now);
        return revoked;
      });
    } catch {
      // The directory has the new password; the cloud write failed (Entra's OnPremisesSuccessCloudFailure). If even
      // this cannot be recorded, the pending writeback stays for the recovery to report.
      await journal
        .settleWith(operationId, user.tenantId, (store) =>
          recordAudit(deps, store, {
            ...audit,
            result: 'failure',
            resultReason: 'OnPremisesSuccessCloudFailure',
            details: { writeback: 'onPremises', operationId },
          }),
        )
        .catch(() => undefined);
      return failure('ON_PREMISES_SUCCESS_CLOUD_FAILURE');
    }
    wakeDelivery(deps);
    return success({ revokedSessions });
  };

  return {
    async changePassword(request: ChangePasswordRequest): Promise<ChangeResult> {
      const { user, session } = request.active;
      const actor = { type: 'user' as const, id: user.userId, upn: user.upn };
      const target = { type: 'user' as const, id: user.userId, name: user.upn };
      const audit = {
        tenantId: user.tenantId,
        activity: 'changePasswordSelfService' as const,
        actor,
        target,
        ipAddress: request.ipAddress,
      };
      // Why the user changes: Entra's interrupt after expiry, or an administrator's forced change; absent when voluntary.
      const changeReason = !user.mustChangePassword
        ? undefined
        : (await collaborators.expiry?.hasExpired(user))
          ? 'PasswordExpired'
          : 'ForcedChange';
      const reasoned = { ...audit, ...(changeReason && { resultReason: changeReason }) };

      // On-premises users change through writeback (entitlement, connection, policy switch); cloud users here.
      let directory: OpenDirectory | undefined;
      if (isOnPremUser(user)) {
        const capability = (await collaborators.licensing.licensingOf(user)).eligibility.canChangePassword;
        directory = capability.allowed ? await writeback.open(user.tenantId) : undefined;
        if (!directory) return failure('PASSWORD_NOT_MANAGED_HERE');
      }
      const currentHash = user.passwordHash;
      if (!directory && (user.source !== 'cloud' || !currentHash)) return failure('PASSWORD_NOT_MANAGED_HERE');
      const lockout = await deps.store.lockouts.get(user.tenantId, user.userId);
      if (lockout && isLocked(lockout, deps.clock.now())) return failure('ACCOUNT_LOCKED');
      if (directory) return changeOnPrem(request, directory, reasoned);
      if (!currentHash) return failure('PASSWORD_NOT_MANAGED_HERE');

      // A signed-in user's check, so the priority lane; smart lockout still counts a wrong one (below).
      if (!(await deps.hasher.verify(currentHash, request.currentPassword, 'priority'))) {
        await deps.store.transaction(async (store) => {
          await signIn.countFailure(store, user, request.currentPassword, request.ipAddress);
          await recordAudit(deps, store, { ...audit, result: 'failure', resultReason: 'InvalidCurrentPassword' });
        });
        return failure('INVALID_CURRENT_PASSWORD');
      }

      const { tenant, verdict } = await evaluateNewPassword(request);
      if (!verdict.accepted) {
        await recordAudit(deps, deps.store, {
          ...audit,
          result: 'failure',
          resultReason: failureReasonOf(verdict.violations),
          details: { violations: verdict.violations.map((v) => v.code).join(',') },
        });
        return failure('PASSWORD_POLICY_VIOLATION', { violations: verdict.violations });
      }

      const newHash = await deps.hasher.hash(request.newPassword, 'priority');
      const now = deps.clock.now().toISOString();
      const revokedSessions = await deps.store.transaction(async (store) => {
        // Compare-and-set: of two concurrent changes made with the same current password, one wins.
        if (!(await store.users.setPassword(user.tenantId, user.userId, newHash, now, currentHash))) return undefined;
        const revoked = await store.sessions.deleteAllForUser(user.tenantId, user.userId, session.sessionHash);
        await recordAudit(deps, store, { ...reasoned, details: { revokedSessions: revoked } });
        // Queued with the change: the worker sends it, so a relay that is down never fails a committed change.
        await queuePasswordChanged(deps, store, request, tenant?.name ?? '', now);
        // Reminders speak the language the user last used here.
        await store.passwordExpiry.setPreferredLanguage(user.tenantId, user.userId, request.locale);
        return revoked;
      });
      if (revokedSessions === undefined) return failure('INVALID_CURRENT_PASSWORD');
      wakeDelivery(deps);
      return success({ revokedSessions });
    },
  };
};

/** Entra's audit reason for banned-list rejections; our own for the rest. */
const failureReasonOf = (violations: PasswordViolation[]): string =>
  violations.some((v) => v.code === 'PASSWORD_BANNED' || v.code === 'PASSWORD_CONTAINS_PERSONAL_INFO')
    ? 'FuzzyPolicyViolationInvalidPassword'
    : violations.some((v) => v.code === 'PASSWORD_BREACHED')
      ? 'BreachedPasswordViolation'
      : 'PasswordPolicyViolation';

/** Tells the user on every address on file (`noticeRecipients`), so a change they did not make does not go unnoticed. */
const queuePasswordChanged = async (
  deps: ServiceDeps,
  store: StoreRepositories,
  request: ChangePasswordRequest,
  tenantName: string,
  changedAt: string,
) => {
  const { user } = request.active;
  const params = {
    tenant: tenantName,
    name: user.displayName,
    upn: user.upn,
    time: changedAt.slice(0, 16).replace('T', ' '),
  };
  // Beside the mails, a text to every verified mobile number (sms-notices.ts); the caps and breaker apply.
  await createSmsNotices(deps).queue(store, {
    tenant: { tenantId: user.tenantId, name: tenantName },
    user,
    event: 'passwordChanged',
    locale: request.locale,
    ip: request.ipAddress,
  });
  for (const to of await noticeRecipients({ store }, user)) {
    await enqueueMessage(deps, store, {
      channel: 'email',
      tenantId: user.tenantId,
      to,
      purpose: 'notice',
      userId: user.userId,
      subject: translate(request.locale, 'notify.passwordChanged.subject', params),
      text: translate(request.locale, 'notify.passwordChanged.body', params),
    });
  }
};

export type PasswordChangeService = ReturnType<typeof createPasswordChangeService>;

/**
 * The writeback health pre-check of a reset flow (issue 7, reference §6.2): for a user whose password lives
 * on-premises, the directory (or its agent) must be usable before the user is asked for a new password, or
 * they would choose one only to hear "try again later". Run when the last gate is passed (only a verified
 * user gets there, so nothing is revealed; decoys never pass a gate, so they never cause a directory call)
 * and, when the tenant reveals eligibility, at the start. The outcome is cached per connection
 * (`directory-health.ts`), so a burst of resets costs the directory one bind.
 */
import type { User } from '../../core/model.js';
import { failure, success, type Result } from '../../core/result.js';
import type { ServiceDeps } from '../deps.js';
import type { DirectoryService } from '../directory/directory-service.js';
import { isOnPremUser, writebackFailureOf } from '../directory/directory-writeback.js';
import type { LicensingService } from '../licensing/licensing-service.js';
import type { ResetContext } from './password-reset-types.js';
import { auditFlow } from './reset-audit.js';
import type { StoredFlow } from './reset-state.js';

export const createResetPreflight =
  (deps: ServiceDeps, licensing: LicensingService, directories: DirectoryService) =>
  /**
   * Success when the user's password is not on-premises, when writeback is not available to them (that is
   * SSPR_0010 and friends, told at the password step), or when the directory answers; else SSPR_0030
   * (`DIRECTORY_UNREACHABLE`) or SSPR_0029 (`DIRECTORY_MISCONFIGURED`), audited. The flow is left as it is:
   * the user can come back to it (or start again) once the directory is up.
   */
  async (user: User, stored: StoredFlow, ctx: ResetContext): Promise<Result<void>> => {
    if (!isOnPremUser(user)) return success(undefined);
    const capability = (await licensing.licensingOf(user)).eligibility.canResetPassword;
    if (!capability.allowed) return success(undefined);
    const outcome = await directories.health(user.tenantId);
    if (!outcome || outcome.ok) return success(undefined);
    const why = writebackFailureOf(outcome, ctx.locale);
    await auditFlow(deps, deps.store, stored, ctx, {
      detail: 'On-premises directory health check failed',
      result: 'failure',
      resultReason: why.auditReason,
      extra: { writeback: 'unavailable', ...(why.diagnostic && { directoryDiagnostic: why.diagnostic }) },
    });
    return failure(why.code, why.details);
  };

export type ResetPreflight = ReturnType<typeof createResetPreflight>;

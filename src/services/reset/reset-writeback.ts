/**
 * A reset's on-premises write (docs/directory.md#writeback-unlock-and-sign-in), behind its write-ahead record
 * (`directory/writeback-journal.ts`): the pending writeback is committed first, the directory written, and a refusal
 * audited with the record's deletion in one transaction. The success's transaction (reset-finish.ts) deletes it.
 *
 * The retry after a crash: when the directory refuses the password on policy (history, minimum age) and this flow
 * left a pending or unknown writeback that attempted this very password (its stored hash verifies), a guarded bind as
 * the user asks whether the directory already has it; if so the flow completes as a success, audited as completed
 * after a restart, instead of a refusal.
 */
import type { User } from '../../core/model.js';
import { failure, type Result } from '../../core/result.js';
import type { ServiceDeps } from '../deps.js';
import type { DirectoryWriteback, OpenDirectory, WritebackCode } from '../directory/directory-writeback.js';
import { createWritebackJournal, createWritebackRetryCheck } from '../directory/writeback-journal.js';
import type { SignInService } from '../identity/sign-in-service.js';
import type { ResetContext } from './password-reset-types.js';
import { auditFlow, type FlowAuditInput } from './reset-audit.js';
import type { LoadedFlow } from './reset-state.js';

/**
 * `settles` are the records the success's transaction deletes with its audit event: this write's, and on a retry
 * after a crash the records that attempted this password. Never the flow's others: another password's crash stays
 * for the recovery to report, and a concurrent request's record until its own outcome (or the recovery) settles it.
 * `passwordHash` is this write's record's hash of the new password, for a password-hash-sync user's cloud hash.
 */
export type ResetWritten =
  | { ok: true; extra: Record<string, string | boolean>; settles: string[]; passwordHash: string | null }
  | { ok: false; refused: Result<never, WritebackCode> };

export const createResetWriteback = (
  deps: ServiceDeps,
  writeback: DirectoryWriteback,
  signIn: Pick<SignInService, 'verifyAtDirectory' | 'countFailure'>,
) => {
  const journal = createWritebackJournal(deps);
  const alreadyThere = createWritebackRetryCheck(deps, signIn);

  return async (
    directory: OpenDirectory,
    loaded: LoadedFlow,
    user: User,
    newPassword: string,
    ctx: ResetContext,
    audit: FlowAuditInput,
  ): Promise<ResetWritten> => {
    const { stored } = loaded;
    const flowId = stored.flow.flowId;
    const { operationId, passwordHash } = await journal.begin({
      user,
      kind: 'reset',
      actor: { type: 'user', id: user.userId, upn: stored.username },
      flowId,
      password: newPassword,
    });
    const written = await writeback.setPassword(directory, user, newPassword, { kind: 'reset' }, ctx.locale);
    if (written.ok)
      return {
        ok: true,
        extra: { writeback: 'onPremises', onPremUnlocked: written.value.unlocked, operationId },
        settles: [operationId],
        passwordHash,
      };
    if (written.code === 'DIRECTORY_POLICY_REJECTED') {
      const earlier = await alreadyThere(user, flowId, newPassword, ctx.ipAddress, operationId);
      if (earlier.length > 0) {
        // The crashed write may have died before its unlock: a reset also unlocks, so do it now (reported, not fatal).
        const unlocked = await writeback.unlock(directory, user, ctx.locale);
        return {
          ok: true,
          extra: {
            writeback: 'onPremises',
            onPremUnlocked: unlocked.ok,
            operationId: earlier[0]!.operationId,
            completedAfterRestart: true,
          },
          settles: [operationId, ...earlier.map((r) => r.operationId)],
          passwordHash,
        };
      }
    }
    const why = written.failure;
    await deps.store.transaction(async (store) => {
      await auditFlow(deps, store, stored, ctx, {
        ...audit,
        result: 'failure',
        resultReason: why?.auditReason ?? written.code,
        extra: { writeback: 'failed', operationId, ...(why?.diagnostic && { directoryDiagnostic: why.diagnostic }) },
      });
      await journal.settle(store, user.tenantId, operationId);
    });
    return { ok: false, refused: failure(written.code, written.details) };
  };
};

/**
 * The recovery of pending writebacks (`writeback-journal.ts`) whose process died between the directory's write and
 * its own record: `sspr serve` runs it every minute on every instance. A record still pending long after any live
 * process would have settled it means the outcome is unknown here — the directory may or may not have the password.
 * For each, ONE audit event of the operation's activity (a failure, `OnPremisesOutcomeUnknown`, with the operation id)
 * is written in the transaction that claims the record, so of racing instances exactly one writes it. A record without
 * a flow is deleted by the claim; a reset flow's is kept, marked unknown, so the user's retry on the still-open flow
 * can ask the directory whether it already has the password (reset-writeback.ts), and purged once the flow is over.
 */
import type { AuditActivity } from '../../core/audit/activities.js';
import { addSeconds } from '../../core/clock.js';
import { flowLifetimeSeconds } from '../../core/flows/reset-flow.js';
import type { PendingWriteback, PendingWritebackKind, StoreRepositories } from '../../core/ports.js';
import { recordAudit } from '../audit/audit-recorder.js';
import type { ServiceDeps } from '../deps.js';
import { startRepeating, type RepeatingTask } from '../repeating-task.js';

/**
 * How long a live process may take between committing the record and settling it: the directory calls of a write
 * (find, set, unlock: each LDAP verb within its 45 s deadline, each agent call within its 120 s expiry; then at most
 * 5 s for the expiry read), the hash and the transaction — six minutes at the very worst. Ten minutes is past that,
 * and still inside the reset flow's 15 minutes, so the user may retry on the flow after the event is written.
 */
export const writebackOutcomeUnknownAfterSeconds = 10 * 60;
/** How long a flow's unknown record still serves its retry: past the end of any flow it could belong to. */
export const unknownWritebackRetentionSeconds = 4 * flowLifetimeSeconds;
export const writebackRecoveryIntervalMs = 60_000;
/** Records claimed per tenant and round; the next round takes the rest. */
const roundSize = 100;

/** In the reference's style (Entra's OnPremisesSuccessCloudFailure): the directory's side is not known. */
export const outcomeUnknownReason = 'OnPremisesOutcomeUnknown';

/** The operation's own activity: the event reads as the outcome of the reset, change or admin reset it stands for. */
const activityOf: Record<PendingWritebackKind, AuditActivity> = {
  reset: 'resetPasswordSelfService',
  change: 'changePasswordSelfService',
  adminReset: 'resetPasswordByAdmin',
};

export interface WritebackRecoveryRound {
  /** Pending writebacks declared unknown (and audited) by this instance in this round. */
  unknown: number;
  /** Unknown records of flows purged past their retention. */
  purged: number;
}

export const createWritebackRecovery = (deps: Pick<ServiceDeps, 'store' | 'clock' | 'random'>) => {
  /** Claims one record and audits it, together; false when another instance (or the flow's completion) was first. */
  const declareUnknown = (record: PendingWriteback, at: string): Promise<boolean> =>
    deps.store.transaction(async (store: StoreRepositories) => {
      const { tenantId, operationId } = record;
      const claimed =
        record.flowId === null
          ? await store.pendingWritebacks.remove(tenantId, operationId)
          : await store.pendingWritebacks.markUnknown(tenantId, operationId, at);
      if (!claimed) return false;
      const user = await store.users.findById(tenantId, record.userId);
      await recordAudit(deps, store, {
        tenantId,
        activity: activityOf[record.kind],
        result: 'failure',
        resultReason: outcomeUnknownReason,
        actor: record.actor,
        target: { type: 'user', id: record.userId, name: user?.upn ?? null },
        details: {
          detail: "The service stopped between the directory's write and its own record",
          operationId,
          writeback: 'unknown',
          startedAt: record.startedAt,
          instance: record.instance,
          ...(record.flowId !== null && { flow: record.flowId }),
        },
      });
      return true;
    });

  return {
    /** One round over every tenant: declares stale pending writebacks unknown, purges old unknown ones. */
    async recover(): Promise<WritebackRecoveryRound> {
      const round: WritebackRecoveryRound = { unknown: 0, purged: 0 };
      for (const tenant of await deps.store.tenants.list()) {
        const now = deps.clock.now();
        const stale = addSeconds(now, -writebackOutcomeUnknownAfterSeconds).toISOString();
        for (const record of await deps.store.pendingWritebacks.listPendingSince(tenant.tenantId, stale, roundSize))
          if (await declareUnknown(record, now.toISOString())) round.unknown += 1;
        const expired = addSeconds(now, -unknownWritebackRetentionSeconds).toISOString();
        round.purged += await deps.store.pendingWritebacks.deleteUnknownBefore(tenant.tenantId, expired);
      }
      return round;
    },
  };
};

export type WritebackRecovery = ReturnType<typeof createWritebackRecovery>;

/** `sspr serve`'s round of `recover`, every minute, rounds never overlapping; `stop` waits for one running. */
export const startWritebackRecovery = (
  recover: () => Promise<WritebackRecoveryRound>,
  onRound: (round: WritebackRecoveryRound | undefined, error?: unknown) => void,
  intervalMs = writebackRecoveryIntervalMs,
): RepeatingTask => startRepeating(recover, intervalMs, onRound);

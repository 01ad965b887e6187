/**
 * The recovery of pending writebacks (`writeback-journal.ts`) whose process died between the directory's write and
 * its own record: `sspr serve` runs it every minute on every instance. A record still pending long after any live
 * process would have settled it means the outcome is unknown here — the directory may or may not have the password.
 *
 * "Long after" is measured by this instance's own clock in the normal case: the record's `startedAt` comes from the
 * writer's clock, and minutes of skew between instances would report a live write unknown (or a dead one late). So
 * each instance notes in memory when IT first saw a record pending and declares it once it has itself seen it
 * pending for the full wait, timed by its monotonic clock, so a step of its wall clock does not shorten the wait
 * either. Ids no longer pending are forgotten, so the memory holds at most one round's listing per tenant.
 *
 * A restart starts that wait again, so a fleet restarting more often than the wait (rolling deploys, a crash loop)
 * would never report a stuck record. The backstop: the first instance to see a record pending also stamps it, once
 * (`firstSeenAt`, its wall clock), and any instance declares a record stamped longer ago than the backstop, even one
 * it sees for the first time. That compares two instances' wall clocks, so the backstop is long enough that no
 * plausible skew makes a live write look unknown (`writebackBackstopSeconds`).
 *
 * For each, ONE audit event of the operation's activity (a failure, `OnPremisesOutcomeUnknown`, with the operation id)
 * is written in the transaction that claims the record, so of racing instances exactly one writes it. A record without
 * a flow is deleted by the claim; a reset flow's is kept, marked unknown, so the user's retry on the still-open flow
 * can ask the directory whether it already has the password (reset-writeback.ts), and purged once the flow is over.
 */
import type { AuditActivity } from '../../core/audit/activities.js';
import { addSeconds, elapsedMsOf } from '../../core/clock.js';
import { flowLifetimeSeconds } from '../../core/flows/reset-flow.js';
import type { PendingWriteback, PendingWritebackKind, StoreRepositories } from '../../core/ports.js';
import { recordAudit } from '../audit/audit-recorder.js';
import type { ServiceDeps } from '../deps.js';
import { startRepeating, type RepeatingTask } from '../repeating-task.js';

/**
 * How long a live process may take between committing the record and settling it: the directory calls of a write
 * (find, set, unlock: each LDAP verb within its 45 s deadline, each agent call within its 120 s expiry; then at most
 * 5 s for the expiry read), the hash and the transaction — six minutes at the very worst. An instance waits this long
 * from its own first sighting (at most one round after the commit), so the event comes 10 to 12 minutes after the
 * write: still inside the reset flow's 15 minutes, so the user may retry on the flow after the event is written.
 */
export const writebackOutcomeUnknownAfterSeconds = 10 * 60;
/**
 * The backstop: a record first seen pending (by any instance, stamped with its wall clock) this long ago is declared
 * by whichever instance sees it, even one that has just started. A live write settles within six minutes of its
 * commit (above), so within six minutes of any sighting; for a live record to look 30 minutes old, the instance
 * reading the stamp must be more than 24 minutes ahead of the one that wrote it — far beyond the seconds NTP keeps
 * hosts apart, and beyond the minutes of skew the wait above is built to survive. The cost of the margin: a fleet
 * that never keeps an instance up for 10 minutes reports a stuck record 30 to 31 minutes after its first sighting,
 * after its reset flow is over (the event is what matters then: the retry cannot use it anyway).
 */
export const writebackBackstopSeconds = 30 * 60;
/**
 * How long a flow's unknown record still serves its retry: past the end of any flow it could belong to. The purge
 * compares the claiming instance's time with its own, but four flow lifetimes leave far more than minutes of skew.
 */
export const unknownWritebackRetentionSeconds = 4 * flowLifetimeSeconds;
export const writebackRecoveryIntervalMs = 60_000;
/** Records claimed per tenant and round; the next round takes the rest. */
const roundSize = 100;
/** Pending records watched per tenant and round (oldest first): bounds the memory of first sightings. */
const watchSize = 1000;

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

  /**
   * Per tenant, operation id → when this instance first saw the record pending (its monotonic clock, ms). Rebuilt from
   * each round's listing, so a settled or claimed record is forgotten and a deleted tenant's map dropped.
   */
  const firstSeen = new Map<string, Map<string, number>>();

  /** Whether the record's persisted first sighting (stamped by this round if it had none) is past the backstop. */
  const pastBackstop = async (record: PendingWriteback, now: Date): Promise<boolean> => {
    if (record.firstSeenAt === null) {
      // Set once: of racing instances one stamps it, and a later sighting (a restarted instance) never moves it.
      await deps.store.pendingWritebacks.noteFirstSeen(record.tenantId, record.operationId, now.toISOString());
      return false;
    }
    return now.getTime() - Date.parse(record.firstSeenAt) >= writebackBackstopSeconds * 1000;
  };

  /** The records of one tenant seen pending for the full wait (by this instance, or past the backstop by any). */
  const dueOf = async (tenantId: string, now: Date, elapsed: number): Promise<PendingWriteback[]> => {
    const before = firstSeen.get(tenantId) ?? new Map<string, number>();
    const seen = new Map<string, number>();
    const due: PendingWriteback[] = [];
    for (const record of await deps.store.pendingWritebacks.listPending(tenantId, watchSize)) {
      const since = before.get(record.operationId) ?? elapsed;
      seen.set(record.operationId, since);
      const waited = elapsed - since >= writebackOutcomeUnknownAfterSeconds * 1000;
      // Asked of every record listed, whether due or not: it stamps the ones not yet seen.
      const stale = (await pastBackstop(record, now)) || waited;
      if (stale && due.length < roundSize) due.push(record);
    }
    firstSeen.set(tenantId, seen);
    return due;
  };

  return {
    /** One round over every tenant: declares stale pending writebacks unknown, purges old unknown ones. */
    async recover(): Promise<WritebackRecoveryRound> {
      const round: WritebackRecoveryRound = { unknown: 0, purged: 0 };
      const tenants = await deps.store.tenants.list();
      for (const tenantId of firstSeen.keys())
        if (!tenants.some((t) => t.tenantId === tenantId)) firstSeen.delete(tenantId);
      for (const tenant of tenants) {
        const now = deps.clock.now();
        for (const record of await dueOf(tenant.tenantId, now, elapsedMsOf(deps.clock))) {
          if (await declareUnknown(record, now.toISOString())) round.unknown += 1;
          // Claimed here or by another instance (or settled meanwhile): no longer pending either way.
          firstSeen.get(tenant.tenantId)?.delete(record.operationId);
        }
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

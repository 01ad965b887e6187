/**
 * The write-ahead record of an on-premises password write (checklist §11 rows 25 and 29, REL-05's operation id;
 * docs/security.md#crash-consistency-checklist-11-row-29). The directory takes a new password before the store's
 * transaction that completes the reset, change or admin reset and writes its audit event, so a process killed in
 * between would leave the directory changed and no trace here. `begin` commits a *pending writeback* before the
 * directory is written; the transaction that records the outcome — success, the directory's refusal, or
 * OnPremisesSuccessCloudFailure — deletes it with `settle`, so both commit or neither does. A record left behind is
 * found by the recovery (`writeback-recovery.ts`).
 */
import type { AuditEvent, User } from '../../core/model.js';
import type { PendingWriteback, PendingWritebackKind, StoreRepositories } from '../../core/ports.js';
import type { ServiceDeps } from '../deps.js';
import type { SignInService } from '../identity/sign-in-service.js';

interface WritebackBase {
  user: User;
  kind: PendingWritebackKind;
  actor: AuditEvent['actor'];
}

/**
 * A reset flow's write names its flow (`flow.flowId`) and the password about to be written, whose argon2id hash alone
 * is kept for the retry check below; a change or an admin reset has no flow to retry on, and passes neither.
 */
export type WritebackStart = WritebackBase & ({ flowId: string; password: string } | { flowId?: undefined });

/**
 * The committed record's operation id and its hash of the password (a reset flow's only, else null): the app's
 * hasher's argon2id PHC string of the canonical password, as a cloud hash is, so the reset of a password-hash-sync
 * user stores it as the cloud hash too (reset-finish.ts) instead of hashing the same password twice.
 */
export interface WritebackBegun {
  operationId: string;
  passwordHash: string | null;
}

export const createWritebackJournal = (
  deps: Pick<ServiceDeps, 'store' | 'clock' | 'random' | 'instanceId' | 'hasher'>,
) => ({
  /**
   * Commits the pending writeback (its own statement, before any directory call) and returns its operation id. A store
   * that cannot take it stops the operation here, before the directory changes: fail closed.
   */
  async begin(start: WritebackStart): Promise<WritebackBegun> {
    const operationId = deps.random.uuid();
    // Only a reset flow's retry reads it, so only a flow's record keeps one: a change or an admin reset stores no
    // hash of a password the service otherwise never holds. One hash per on-premises reset (a password-hash-sync
    // user's cloud hash reuses it), on the priority lane: its caller is past the flow's gates.
    const passwordHash = start.flowId !== undefined ? await deps.hasher.hash(start.password, 'priority') : null;
    await deps.store.pendingWritebacks.put({
      tenantId: start.user.tenantId,
      operationId,
      userId: start.user.userId,
      flowId: start.flowId ?? null,
      kind: start.kind,
      actor: start.actor,
      startedAt: deps.clock.now().toISOString(),
      instance: deps.instanceId ?? 'unknown',
      unknownSince: null,
      passwordHash,
      firstSeenAt: null,
    });
    return { operationId, passwordHash };
  },

  /** Deletes the record in the caller's transaction, the one that writes the outcome's audit event. */
  settle: (store: Pick<StoreRepositories, 'pendingWritebacks'>, tenantId: string, operationId: string) =>
    store.pendingWritebacks.remove(tenantId, operationId),

  /** Records the outcome's audit event(s) and deletes the record, together. */
  settleWith: (operationId: string, tenantId: string, record: (store: StoreRepositories) => Promise<void>) =>
    deps.store.transaction(async (store) => {
      await record(store);
      await store.pendingWritebacks.remove(tenantId, operationId);
    }),
});

export type WritebackJournal = ReturnType<typeof createWritebackJournal>;

/**
 * The retry after a crash: the user sends the same new password again on the flow that is still open, and the
 * directory refuses it (its history or minimum-age rule: it has that password already). When this flow left a pending
 * or unknown writeback that attempted exactly this password (its stored hash verifies), a bind as the user with the
 * password — through the directory lockout guard, so it can never lock the account there — says whether the directory
 * has it. Only then are those records returned, for the caller to complete the flow as a success; anything else (no
 * such record, a wrong password, a directory that cannot be asked, its lockout threshold in reach) returns none and
 * the refusal stands. The hash matters when the crash came before the directory's write: the directory still has the
 * user's current password, which its history refuses, and that password must not complete the flow. A record
 * written before migration 0036 has no hash and counts for any password, as before. Only a flow whose gates are all
 * passed reaches this.
 */
export const createWritebackRetryCheck = (
  deps: Pick<ServiceDeps, 'store' | 'hasher'>,
  signIn: Pick<SignInService, 'verifyAtDirectory' | 'countFailure'>,
) => {
  /**
   * Whether a record attempted `password`. A verify that cannot run (the hasher busy, a damaged hash) counts as "no":
   * the refusal then stands and is audited and settled as any other, instead of a 5xx that would leave the refused
   * attempt's own record for the recovery to report as an unknown outcome.
   */
  const attempted = (hash: string, password: string) =>
    deps.hasher.verify(hash, password, 'priority').catch(() => false);
  return async (
    user: User,
    flowId: string,
    password: string,
    ipAddress: string | null,
    ownOperationId: string,
  ): Promise<PendingWriteback[]> => {
    // The refused write's own record is always there: only one an earlier request left says a write may have landed.
    const earlier = (await deps.store.pendingWritebacks.listOfFlow(user.tenantId, user.userId, flowId)).filter(
      (r) => r.operationId !== ownOperationId,
    );
    // Argon2's verify compares in constant time; one per earlier record: a crash's, or a concurrent submit's.
    const records: PendingWriteback[] = [];
    for (const r of earlier)
      if (r.passwordHash === null || (await attempted(r.passwordHash, password))) records.push(r);
    if (records.length === 0) return [];
    const verdict = await signIn.verifyAtDirectory(user, password, { gatesPassed: true });
    if (!verdict.ok) return [];
    if (verdict.value === 'invalid') {
      // It reached the directory, which counted it: so does smart lockout here, by the directory's rule.
      await deps.store.transaction((store) => signIn.countFailure(store, user, password, ipAddress));
      return [];
    }
    return records;
  };
};

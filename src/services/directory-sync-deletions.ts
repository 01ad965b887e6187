/**
 * Directory sync, deletions: after a full run, the linked users the directory no longer returned are disabled
 * (never deleted) — unless there are more of them than the connection's accidental-deletion threshold, in which
 * case none are and the run reports it (`decideDeletions`), until an administrator allows them for one run.
 */
import { decideDeletions, defaultDeletionThreshold } from '../core/directory/sync-safety.js';
import type { LinkedUser } from '../core/directory/sync-model.js';
import type { AuditEvent } from '../core/model.js';
import { recordAudit } from './audit-recorder.js';
import { inBatchesOf } from './directory-sync-batches.js';
import type { UserPageContext } from './directory-sync-users.js';

/** What the threshold withheld: the run is then recorded as failed with these details. */
export interface WithheldDeletions {
  pending: number;
  threshold: number;
}

/** The enabled linked users this run did not see: what a full run would disable. */
export const pendingDeletions = (context: UserPageContext): LinkedUser[] =>
  [...context.index.byAnchor.values()].filter((user) => !context.seen.has(user.anchor) && user.accountEnabled);

const connectionTarget = (context: UserPageContext): AuditEvent['target'] => ({ type: 'directoryConnection', id: context.config.connectionId, name: null });

/**
 * Disables the users gone from the directory, or withholds all of them when they exceed the threshold.
 * `allowedBy` is the administrator who allowed this one run to exceed it (`sspr sync --full --allow-deletions`).
 */
export const applyDeletions = async (
  context: UserPageContext,
  batchSize: number,
  allowedBy: AuditEvent['actor'] | undefined,
): Promise<WithheldDeletions | undefined> => {
  const { deps, config, tenant } = context;
  const gone = pendingDeletions(context);
  const threshold = config.deletionThreshold ?? defaultDeletionThreshold;
  const decision = decideDeletions({ pending: gone.length, threshold, allowDeletions: allowedBy !== undefined });
  if (decision.kind === 'withhold') {
    await deps.store.transaction((store) =>
      recordAudit(deps, store, {
        tenantId: tenant.tenantId,
        activity: 'syncDeletionsPrevented',
        actor: context.actor,
        target: connectionTarget(context),
        details: { pending: decision.pending, threshold: decision.threshold, connectionId: config.connectionId },
      }),
    );
    return { pending: decision.pending, threshold: decision.threshold };
  }
  if (decision.kind === 'applyOverride' && allowedBy) {
    // The override names the administrator and the count they allowed; each disable is audited below as usual.
    await deps.store.transaction((store) =>
      recordAudit(deps, store, {
        tenantId: tenant.tenantId,
        activity: 'syncDeletionsAllowed',
        actor: allowedBy,
        target: connectionTarget(context),
        details: { pending: decision.pending, threshold: decision.threshold, connectionId: config.connectionId },
      }),
    );
  }
  await disableUsers(context, gone, batchSize);
  return undefined;
};

const disableUsers = async (context: UserPageContext, gone: readonly LinkedUser[], batchSize: number): Promise<void> => {
  const { deps, config, tenant, actor, index, counts } = context;
  await inBatchesOf(gone, batchSize, (batch) =>
    deps.store.transaction(async (store) => {
      for (const user of batch) {
        await store.users.update(tenant.tenantId, user.userId, { accountEnabled: false });
        await recordAudit(deps, store, {
          tenantId: tenant.tenantId,
          activity: 'disableAccount',
          actor,
          target: { type: 'user', id: user.userId, name: user.upn },
          details: { reason: 'goneFromDirectory', connectionId: config.connectionId },
        });
      }
    }),
  );
  for (const user of gone) index.byAnchor.set(user.anchor, { ...user, accountEnabled: false });
  counts.disabled += gone.length;
};

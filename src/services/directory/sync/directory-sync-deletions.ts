/**
 * Directory sync, removals: at the end of a run, the users to disable — the linked users a full run no longer
 * found or an incremental one read AD's tombstone of, and those whose entry now says disabled (any run) — and the
 * synced groups gone the same ways are
 * counted together against the connection's accidental-deletion threshold (`decideDeletions`). Above it none of
 * them is applied and the run reports it, until an administrator allows them for one run. A group that is in use
 * (the SSPR policy's scope: the manual delete's `GROUP_IN_USE` rule) is never deleted: it is kept, still linked,
 * and counted as skipped. Users are disabled, never deleted.
 */
import { decideDeletions, defaultDeletionThreshold, type PendingSummary } from '../../../core/directory/sync-safety.js';
import type { DeletedAnchors, LinkedGroup, LinkedUser } from '../../../core/directory/sync-model.js';
import type { AuditEvent } from '../../../core/model.js';
import type { DirectoryConnection, DirectoryListOptions, StoreRepositories } from '../../../core/ports.js';
import { recordAudit } from '../../audit/audit-recorder.js';
import { inBatchesOf } from './directory-sync-batches.js';
import type { GroupRun } from './directory-sync-groups.js';
import type { UserPageContext } from './directory-sync-users.js';
import { groupsInUse } from '../../identity/group-service.js';
import { dialectOf } from '../../../dialects/registry.js';

/** What the threshold withheld: the run is then recorded as failed with these details. */
export type WithheldDeletions = PendingSummary;

/** What a run would remove, and the groups it keeps because they are in use. */
export interface RemovalPlan {
  users: Array<{ user: LinkedUser; reason: 'goneFromDirectory' | 'disabledInDirectory' }>;
  groups: LinkedGroup[];
  keptGroups: LinkedGroup[];
}

/**
 * An incremental run's deletions: the anchors of the tombstones since the watermark, or undefined when the directory
 * cannot show them (a dialect without tombstones: OpenLDAP) or the service account may not read them (any failure: the run goes on, its counts
 * say `deletionsSeen: false`, and the next full run finds the deletions by absence). A partial read is not used.
 */
export const readDeletions = async (
  connection: DirectoryConnection,
  options: DirectoryListOptions,
): Promise<DeletedAnchors | undefined> => {
  const { tombstones } = dialectOf(connection.dialect);
  if (!tombstones) return undefined;
  const deleted: DeletedAnchors = { users: new Set(), groups: new Set() };
  const result = await connection.listDeleted(options, (entries) => {
    tombstones.read(entries, deleted);
    return Promise.resolve();
  });
  return result.ok ? deleted : undefined;
};

/**
 * The linked users to disable: enabled ones a full run did not see or an incremental one read a tombstone of (not
 * seen alive in the same run: an object restored from AD's recycle bin keeps its GUID), and those the directory now
 * disables.
 */
export const pendingDisables = (
  context: UserPageContext,
  full: boolean,
  deleted?: DeletedAnchors,
): RemovalPlan['users'] => {
  const users: RemovalPlan['users'] = [];
  for (const user of context.index.byAnchor.values()) {
    if (!user.accountEnabled) continue;
    const gone = !context.seen.has(user.anchor) && (full || deleted?.users.has(user.anchor) === true);
    if (context.disabling.has(user.anchor)) users.push({ user, reason: 'disabledInDirectory' });
    else if (gone) users.push({ user, reason: 'goneFromDirectory' });
  }
  return users;
};

/**
 * The synced groups a full run no longer found or an incremental one read a tombstone of, split into those to delete
 * and those kept because in use.
 */
export const planRemovals = async (
  context: UserPageContext,
  groupRun: GroupRun,
  linkedGroups: readonly LinkedGroup[],
  full: boolean,
  deleted?: DeletedAnchors,
): Promise<RemovalPlan> => {
  const users = pendingDisables(context, full, deleted);
  if (!full && !deleted?.groups.size) return { users, groups: [], keptGroups: [] };
  // As syncGroups sees them: a record without an anchor or a name is skipped there, so it is not seen.
  const seen = new Set(
    groupRun.records.filter((record) => record.anchor && record.name).map((record) => record.anchor),
  );
  const gone = linkedGroups.filter(
    (group) => !seen.has(group.anchor) && (full || deleted?.groups.has(group.anchor) === true),
  );
  const inUse = gone.length > 0 ? await groupsInUse(context.deps.store, context.tenant.tenantId) : new Set<string>();
  return {
    users,
    groups: gone.filter((group) => !inUse.has(group.groupId)),
    keptGroups: gone.filter((group) => inUse.has(group.groupId)),
  };
};

const connectionTarget = (context: UserPageContext): AuditEvent['target'] => ({
  type: 'directoryConnection',
  id: context.config.connectionId,
  name: null,
});

/**
 * Decides on the whole plan at once: applies it, or withholds every disable and deletion in it (returned, audited).
 * `allowedBy` is the administrator who allowed this one run to exceed the threshold (`sspr sync --allow-deletions`).
 * Kept groups are recorded either way: keeping them is no removal.
 */
export const applyRemovals = async (
  context: UserPageContext,
  plan: RemovalPlan,
  batchSize: number,
  allowedBy: AuditEvent['actor'] | undefined,
): Promise<WithheldDeletions | undefined> => {
  const { deps, config, tenant } = context;
  await keepGroups(context, plan.keptGroups);
  const threshold = config.deletionThreshold ?? defaultDeletionThreshold;
  const decision = decideDeletions({
    pending: { users: plan.users.length, groups: plan.groups.length },
    threshold,
    allowDeletions: allowedBy !== undefined,
  });
  if (decision.kind === 'apply') {
    await disableUsers(context, plan.users, batchSize);
    await deleteGroups(context, plan.groups, batchSize);
    return undefined;
  }
  const { kind, ...summary } = decision;
  await deps.store.transaction((store) =>
    recordAudit(deps, store, {
      tenantId: tenant.tenantId,
      activity: kind === 'withhold' ? 'syncDeletionsPrevented' : 'syncDeletionsAllowed',
      // The override names the administrator and the counts they allowed; each change is audited below as usual.
      actor: kind === 'withhold' || !allowedBy ? context.actor : allowedBy,
      target: connectionTarget(context),
      details: { ...summary, connectionId: config.connectionId },
    }),
  );
  if (kind === 'withhold') return summary;
  await disableUsers(context, plan.users, batchSize);
  await deleteGroups(context, plan.groups, batchSize);
  return undefined;
};

const disableUsers = async (
  context: UserPageContext,
  users: RemovalPlan['users'],
  batchSize: number,
): Promise<void> => {
  const { deps, config, tenant, actor, index, counts } = context;
  await inBatchesOf(users, batchSize, (batch) =>
    deps.store.transaction(async (store) => {
      for (const { user, reason } of batch) {
        await store.users.update(tenant.tenantId, user.userId, { accountEnabled: false });
        await recordAudit(deps, store, {
          tenantId: tenant.tenantId,
          activity: 'disableAccount',
          actor,
          target: { type: 'user', id: user.userId, name: user.upn },
          details: { reason, connectionId: config.connectionId },
        });
      }
    }),
  );
  for (const { user } of users) index.byAnchor.set(user.anchor, { ...user, accountEnabled: false });
  counts.disabled += users.length;
};

const deleteGroups = async (
  context: UserPageContext,
  groups: readonly LinkedGroup[],
  batchSize: number,
): Promise<void> => {
  const { deps, config, tenant, actor, counts } = context;
  const tenantId = tenant.tenantId;
  await inBatchesOf(groups, batchSize, (batch) =>
    deps.store.transaction(async (store) => {
      // Asked again in the deleting transaction: the policy may have selected one of them since the plan.
      const inUse = await groupsInUse(store, tenantId);
      for (const group of batch) {
        if (inUse.has(group.groupId)) {
          await recordKept(context, store, group);
          continue;
        }
        await store.groups.delete(tenantId, group.groupId);
        await recordAudit(deps, store, {
          tenantId,
          activity: 'deleteGroup',
          actor,
          target: { type: 'group', id: group.groupId, name: group.name },
          details: { reason: 'goneFromDirectory', connectionId: config.connectionId },
        });
        counts.groups.deleted += 1;
      }
    }),
  );
};

/** A group gone from the directory but in use stays, linked (a directory that returns it again syncs it again). */
const keepGroups = async (context: UserPageContext, groups: readonly LinkedGroup[]): Promise<void> => {
  if (groups.length === 0) return;
  await context.deps.store.transaction(async (store) => {
    for (const group of groups) await recordKept(context, store, group);
  });
};

const recordKept = async (context: UserPageContext, store: StoreRepositories, group: LinkedGroup): Promise<void> => {
  const { deps, config, tenant, actor, counts } = context;
  await recordAudit(deps, store, {
    tenantId: tenant.tenantId,
    activity: 'syncGroupDeletionSkipped',
    actor,
    target: { type: 'group', id: group.groupId, name: group.name },
    details: { reason: 'groupInUse', connectionId: config.connectionId },
  });
  counts.groups.skipped += 1;
  counts.groups.skippedReasons.groupInUse += 1;
};

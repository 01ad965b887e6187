/**
 * Directory sync (issue 7, item 2): users and groups from a tenant's on-premises directory, full or
 * incremental (entries changed since the watermark: OpenLDAP modifyTimestamp, AD uSNChanged).
 *
 * A run takes the connection's lease (compare-and-set on its sync state, so two instances never sync
 * the same connection at once), applies each page of users in one transaction with its audit events,
 * then the groups and their members; then, in one decision against the connection's deletion threshold, disables
 * the users the directory now disables (any run) or no longer returns (a full run; an incremental one from Active
 * Directory reads the tombstones since the watermark instead, when the service account may) and deletes the synced
 * groups gone the same ways (a group in use is kept);
 * recomputes licence states once, and stores the new watermark. Re-running changes nothing: every write
 * is a difference against what is stored.
 */
import { laterMark } from '../../../core/directory/sync-mapping.js';
import {
  emptyCounts,
  type DirectorySyncState,
  type SyncConnectionConfig,
  type SyncCounts,
} from '../../../core/directory/sync-model.js';
import type { AuditEvent } from '../../../core/model.js';
import type { DirectoryConnection } from '../../../core/ports.js';
import { failure, success, type Result } from '../../../core/result.js';
import { collectGroupPage, syncGroups, type GroupRun } from './directory-sync-groups.js';
import { applyRemovals, planRemovals, readDeletions, type WithheldDeletions } from './directory-sync-deletions.js';
import { createPageExpiryReader } from './directory-sync-expiry.js';
import { indexUsers, syncUserPage, type UserPageContext } from './directory-sync-users.js';
import type { ServiceDeps } from '../../deps.js';
import { recomputeLicenses } from '../../licensing/licensing-service.js';

/** A connection as `services.directories.open(tenantId)` returns it. */
export interface SyncTarget {
  config: SyncConnectionConfig;
  connection: DirectoryConnection;
}

export interface SyncProgress {
  phase: 'users' | 'groups' | 'disabling' | 'licenses';
  /** Entries read so far in this phase. */
  entries: number;
}

export interface SyncOptions {
  /** Read everything and disable what is gone; default: incremental from the watermark (full when there is none). */
  full?: boolean;
  onProgress?: (progress: SyncProgress) => void;
  /** LDAP page size, which is also the size of each user transaction. */
  pageSize?: number;
  /**
   * A run may disable users and delete groups beyond the connection's deletion threshold, once, because this
   * administrator reviewed them (`sspr sync [--full] --allow-deletions`); audited with the counts. The schedule
   * never sets it.
   */
  allowDeletions?: { actor: AuditEvent['actor'] };
}

export type SyncFailureCode =
  | 'DIRECTORY_NOT_CONNECTED'
  | 'DIRECTORY_SYNC_IN_PROGRESS'
  | 'DIRECTORY_UNREACHABLE'
  | 'DIRECTORY_MISCONFIGURED'
  | 'DIRECTORY_SYNC_THRESHOLD_EXCEEDED';

/** A run holds its lease at most this long; a crashed run's lease expires and the next run proceeds. */
const leaseMinutes = 60;
/** The schedule runs a full sync (which finds deletions) when the last one is older than this. */
export const fullSyncEveryHours = 24;
const defaultPageSize = 500;

/** A listing that failed: unreachable stays so, anything else is the administrator's to fix; the diagnostic is kept for them. */
const listingFailure = (result: { code: string; details?: Record<string, unknown> }) =>
  failure(
    result.code === 'DIRECTORY_UNREACHABLE' ? 'DIRECTORY_UNREACHABLE' : 'DIRECTORY_MISCONFIGURED',
    result.details ?? {},
  );

/** Changes are attributed to the connection, as Entra attributes them to its sync account. */
const syncActor = (config: SyncConnectionConfig): AuditEvent['actor'] => ({
  type: 'system',
  id: `directory-sync:${config.connectionId}`,
  upn: null,
});

export const createDirectorySyncService = (
  deps: ServiceDeps,
  connections: { open(tenantId: string): Promise<SyncTarget | undefined> },
) => {
  const run = async (target: SyncTarget, options: SyncOptions = {}): Promise<Result<SyncCounts, SyncFailureCode>> => {
    const { config, connection } = target;
    const tenant = await deps.store.tenants.findById(config.tenantId);
    if (!tenant) return failure('DIRECTORY_NOT_CONNECTED');
    const owner = deps.random.uuid();
    const started = deps.clock.now();
    const lockedUntil = new Date(started.getTime() + leaseMinutes * 60_000).toISOString();
    if (
      !(await deps.store.directorySync.claim(
        tenant.tenantId,
        config.connectionId,
        owner,
        started.toISOString(),
        lockedUntil,
      ))
    ) {
      return failure('DIRECTORY_SYNC_IN_PROGRESS');
    }
    let outcome: Result<SyncCounts, SyncFailureCode> = failure('DIRECTORY_UNREACHABLE');
    let watermark: string | null = null;
    let withheld: WithheldDeletions | undefined;
    const state = await deps.store.directorySync.getState(tenant.tenantId, config.connectionId);
    const full = options.full === true || !state?.watermark;
    const counts = emptyCounts(full);
    try {
      const context: UserPageContext = {
        deps,
        config,
        tenant,
        actor: syncActor(config),
        index: indexUsers(await deps.store.directorySync.listLinkedUsers(tenant.tenantId, config.connectionId)),
        counts,
        seen: new Set(),
        disabling: new Set(),
        readExpiries: createPageExpiryReader(connection),
      };
      const list = {
        pageSize: options.pageSize ?? defaultPageSize,
        ...(full ? {} : { changedAfter: state?.watermark ?? undefined }),
      };
      let mark: string | null = full ? null : (state?.watermark ?? null);
      let read = 0;
      const users = await connection.listUsers(list, async (entries) => {
        mark = laterMark(config.type, mark, await syncUserPage(context, entries));
        read += entries.length;
        options.onProgress?.({ phase: 'users', entries: read });
      });
      if (!users.ok) {
        outcome = listingFailure(users);
        return outcome;
      }
      const groupRun: GroupRun = { records: [], mark: null };
      const groups = await connection.listGroups(list, (entries) => {
        collectGroupPage(context, groupRun, entries);
        options.onProgress?.({ phase: 'groups', entries: groupRun.records.length });
        return Promise.resolve();
      });
      if (!groups.ok) {
        outcome = listingFailure(groups);
        return outcome;
      }
      // Incremental: AD's tombstones since the watermark (their marks do not move it: the rules stay those of the
      // live listings, and a tombstone read again finds its user already disabled).
      const deleted = full ? undefined : await readDeletions(connection, list);
      counts.deletionsSeen = full || deleted !== undefined;
      const linkedGroups = await deps.store.directorySync.listLinkedGroups(tenant.tenantId, config.connectionId);
      // Counted before anything is removed: users and groups are one decision against the threshold.
      const plan = await planRemovals(context, groupRun, linkedGroups, full, deleted);
      await syncGroups(context, groupRun, linkedGroups, list.pageSize);
      options.onProgress?.({ phase: 'disabling', entries: plan.users.length + plan.groups.length });
      withheld = await applyRemovals(context, plan, list.pageSize, options.allowDeletions?.actor);
      options.onProgress?.({ phase: 'licenses', entries: read });
      // Once per run, not per change: membership and enabled state move licence states.
      await deps.store.transaction((store) => recomputeLicenses(store, tenant.tenantId));
      if (withheld) {
        // Every other change is applied; the watermark stays so the next run (full, as the last full one did not
        // succeed; or incremental, reading the newly disabled entries again) finds the same removals and asks again.
        outcome = failure('DIRECTORY_SYNC_THRESHOLD_EXCEEDED', {
          ...withheld,
          connectionId: config.connectionId,
          counts,
        });
        return outcome;
      }
      watermark = laterMark(config.type, mark, groupRun.mark);
      outcome = success(counts);
      return outcome;
    } finally {
      await deps.store.directorySync.finish(tenant.tenantId, config.connectionId, owner, {
        at: deps.clock.now().toISOString(),
        full,
        success: outcome.ok,
        watermark,
        counts: outcome.ok || withheld ? counts : null,
        ...(!outcome.ok && { failure: { code: outcome.code, details: outcome.details ?? {}, full } }),
      });
    }
  };

  return {
    run,

    /** Syncs the tenant's connection (`sspr sync`). */
    async syncTenant(tenantId: string, options: SyncOptions = {}): Promise<Result<SyncCounts, SyncFailureCode>> {
      const target = await connections.open(tenantId);
      if (!target) return failure('DIRECTORY_NOT_CONNECTED');
      return run(target, options);
    },

    state: (tenantId: string, connectionId: string): Promise<DirectorySyncState | undefined> =>
      deps.store.directorySync.getState(tenantId, connectionId),

    /**
     * One scheduled round (`sspr serve`): an incremental sync of every tenant with a connection, a full
     * one when the last full run is older than `fullSyncEveryHours`. A tenant another instance is syncing
     * is left to it. Returns each tenant's outcome; a failure of one never stops the others.
     */
    async runScheduled(): Promise<Array<{ tenantId: string; result: Result<SyncCounts, SyncFailureCode> }>> {
      const outcomes: Array<{ tenantId: string; result: Result<SyncCounts, SyncFailureCode> }> = [];
      for (const tenant of await deps.store.tenants.list()) {
        const target = await connections.open(tenant.tenantId);
        if (!target) continue;
        const state = await deps.store.directorySync.getState(tenant.tenantId, target.config.connectionId);
        const dueFull =
          !state?.lastFullRunAt ||
          deps.clock.now().getTime() - Date.parse(state.lastFullRunAt) > fullSyncEveryHours * 3_600_000;
        outcomes.push({ tenantId: tenant.tenantId, result: await run(target, { full: dueFull }) });
      }
      return outcomes;
    },
  };
};

export type DirectorySyncService = ReturnType<typeof createDirectorySyncService>;

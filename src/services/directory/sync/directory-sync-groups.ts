/**
 * Directory sync, groups: the group objects first (so nested groups on later pages resolve), then each
 * changed group's members, the directory's list being authoritative. The synced groups a full run no longer
 * finds are deleted with the other removals, under the deletion threshold (directory-sync-deletions.ts).
 * Every change commits with its audit event, in bounded batches.
 */
import { dnKey, laterMark, readGroupEntry, type DirectoryGroupRecord } from '../../../core/directory/sync-mapping.js';
import { diffMembers, resolveMembers } from '../../../core/directory/sync-members.js';
import type { GroupCounts, LinkedGroup } from '../../../core/directory/sync-model.js';
import type { GroupMember } from '../../../core/model.js';
import type { DirectoryEntry } from '../../../core/ports.js';
import { auditEventOf, recordAudit } from '../../audit/audit-recorder.js';
import { inBatchesOf } from './directory-sync-batches.js';
import type { UserPageContext } from './directory-sync-users.js';

export interface GroupRun {
  records: DirectoryGroupRecord[];
  mark: string | null;
}

export const collectGroupPage = (
  context: Pick<UserPageContext, 'config'>,
  run: GroupRun,
  entries: readonly DirectoryEntry[],
): void => {
  for (const entry of entries) {
    const record = readGroupEntry(context.config.type, entry);
    run.mark = laterMark(context.config.type, run.mark, record.mark);
    run.records.push(record);
  }
};

/** Applies the collected groups: objects, then memberships. */
export const syncGroups = async (
  context: UserPageContext,
  run: GroupRun,
  linkedGroups: readonly LinkedGroup[],
  batchSize: number,
): Promise<void> => {
  const { deps, config, tenant, actor, counts } = context;
  const tenantId = tenant.tenantId;
  const byAnchor = new Map(linkedGroups.map((group) => [group.anchor, group]));
  const skip = (reason: keyof GroupCounts['skippedReasons']) => {
    counts.groups.skipped += 1;
    counts.groups.skippedReasons[reason] += 1;
  };
  const synced: Array<{ groupId: string; record: DirectoryGroupRecord }> = [];

  await inBatchesOf(run.records, batchSize, (batch) =>
    deps.store.transaction(async (store) => {
      for (const record of batch) {
        if (!record.anchor || !record.name) {
          skip('incomplete');
          continue;
        }
        const linked = byAnchor.get(record.anchor);
        if (linked) {
          synced.push({ groupId: linked.groupId, record });
          if (linked.name === record.name && linked.dn === record.dn) {
            counts.groups.unchanged += 1;
            continue;
          }
          const holder = linked.name === record.name ? undefined : await store.groups.findByName(tenantId, record.name);
          if (holder && holder.groupId !== linked.groupId) {
            skip('nameTaken');
            continue;
          }
          await store.directorySync.linkGroup(tenantId, linked.groupId, {
            connectionId: config.connectionId,
            anchor: record.anchor,
            dn: record.dn,
            name: record.name,
          });
          await recordAudit(deps, store, {
            tenantId,
            activity: 'updateGroup',
            actor,
            target: { type: 'group', id: linked.groupId, name: record.name },
            details: { connectionId: config.connectionId },
          });
          byAnchor.set(record.anchor, { ...linked, name: record.name, dn: record.dn });
          counts.groups.updated += 1;
          continue;
        }
        // A cloud group of the same name is never taken over.
        if (await store.groups.findByName(tenantId, record.name)) {
          skip('nameTaken');
          continue;
        }
        const groupId = deps.random.uuid();
        await store.groups.create({ tenantId, groupId, name: record.name, createdAt: deps.clock.now().toISOString() });
        await store.directorySync.linkGroup(tenantId, groupId, {
          connectionId: config.connectionId,
          anchor: record.anchor,
          dn: record.dn,
          name: record.name,
        });
        await recordAudit(deps, store, {
          tenantId,
          activity: 'addGroup',
          actor,
          target: { type: 'group', id: groupId, name: record.name },
          details: { connectionId: config.connectionId },
        });
        byAnchor.set(record.anchor, { groupId, anchor: record.anchor, dn: record.dn, name: record.name });
        synced.push({ groupId, record });
        counts.groups.created += 1;
      }
    }),
  );

  const groupIdByDn = new Map([...byAnchor.values()].map((group) => [dnKey(group.dn), group.groupId]));
  // One group per transaction: bounded by the group's size, and a failure never leaves a group half-synced.
  await inBatchesOf(synced, 1, (batch) =>
    deps.store.transaction(async (store) => {
      for (const { groupId, record } of batch) {
        const desired = resolveMembers(groupId, record.members, context.index.idByDn, groupIdByDn);
        const { add, remove } = diffMembers(await store.groups.listMembers(tenantId, groupId), desired);
        const target = { type: 'group' as const, id: groupId, name: record.name };
        for (const member of remove) {
          await store.groups.removeMember(tenantId, groupId, member);
          await recordAudit(deps, store, {
            tenantId,
            activity: 'removeMemberFromGroup',
            actor,
            target,
            details: { memberType: member.type, memberId: member.id },
          });
          counts.groups.membersRemoved += 1;
        }
        const added: GroupMember[] = [];
        for (const member of add) {
          // Nesting that would close a cycle is left out (the directory allows it; transitive scope would never end).
          if (member.type === 'group') {
            const ancestors = await store.groups.listTransitiveGroupsOf(tenantId, { type: 'group', id: groupId });
            if (ancestors.some((ancestor) => ancestor.groupId === member.id)) continue;
          }
          added.push(member);
        }
        // In bulk: a first sync adds whole groups at once.
        await store.directorySync.addMembers(tenantId, groupId, added);
        await store.directorySync.appendAudit(
          added.map((member) =>
            auditEventOf(deps, {
              tenantId,
              activity: 'addMemberToGroup',
              actor,
              target,
              details: { memberType: member.type, memberId: member.id },
            }),
          ),
        );
        counts.groups.membersAdded += added.length;
      }
    }),
  );
};

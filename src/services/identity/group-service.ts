import { checkName, checkUpn } from '../../core/directory/identifiers.js';
import { SsprError } from '../../core/errors.js';
import type { AuditEvent, Group, GroupMember } from '../../core/model.js';
import type { StoreRepositories } from '../../core/ports.js';
import { cliActor, recordAudit } from '../audit/audit-recorder.js';
import type { ServiceDeps } from '../deps.js';
import { recomputeLicenses } from '../licensing/licensing-service.js';
import { orThrow } from '../validation.js';

export type MemberRef = { upn: string } | { group: string };

type Actor = AuditEvent['actor'];

/**
 * The groups that may not be deleted (`GROUP_IN_USE`): the SSPR policy's selected group, since deleting it would
 * silently change who may reset. The one rule for an administrator's delete and for directory sync's.
 */
export const groupsInUse = async (
  store: Pick<StoreRepositories, 'ssprPolicies'>,
  tenantId: string,
): Promise<ReadonlySet<string>> => {
  const selected = (await store.ssprPolicies.get(tenantId))?.selectedGroupId;
  return new Set(selected ? [selected] : []);
};

/** Resolves a member reference inside the tenant; anyone else's user or group is simply not found. */
const memberOf = async (
  store: StoreRepositories,
  tenantId: string,
  ref: MemberRef,
): Promise<GroupMember & { name: string }> => {
  if ('upn' in ref) {
    // Checked before the lookup: a malformed UPN (a NUL, say) is bad input, and PostgreSQL would refuse it with a 500.
    const { upn } = orThrow(checkUpn(ref.upn));
    const user = await store.users.findByUpn(tenantId, upn);
    if (!user) throw new SsprError('USER_NOT_FOUND', `${upn} does not exist in this tenant`);
    return { type: 'user', id: user.userId, name: user.upn };
  }
  const group = await requireGroup(store, tenantId, ref.group);
  return { type: 'group', id: group.groupId, name: group.name };
};

const requireGroup = async (store: StoreRepositories, tenantId: string, nameInput: string): Promise<Group> => {
  // Names are stored as checkName made them; one that fails it (control characters, too long) cannot exist.
  const name = orThrow(checkName(nameInput, 'the group name', 256));
  const group = await store.groups.findByName(tenantId, name);
  if (!group) throw new SsprError('GROUP_NOT_FOUND', `no group is named "${name}"`);
  return group;
};

/**
 * The effects every membership change shares, inside its transaction: group-based licences follow
 * direct user membership (the user may take, miss or lose a seat; nested groups never carry one),
 * and the audit event names the member as it was resolved.
 */
const membershipChanged = async (
  deps: ServiceDeps,
  store: StoreRepositories,
  change: {
    tenantId: string;
    activity: 'addMemberToGroup' | 'removeMemberFromGroup';
    actor: Actor;
    group: Group;
    member: GroupMember & { name: string };
  },
): Promise<void> => {
  const { tenantId, group, member } = change;
  if (member.type === 'user') await recomputeLicenses(store, tenantId);
  await recordAudit(deps, store, {
    tenantId,
    activity: change.activity,
    actor: change.actor,
    target: { type: 'group', id: group.groupId, name: group.name },
    details: { memberType: member.type, memberId: member.id, memberName: member.name },
  });
};

export const createGroupService = (deps: ServiceDeps) => ({
  async createGroup(tenantId: string, nameInput: string, actor: Actor = cliActor): Promise<Group> {
    const name = orThrow(checkName(nameInput, 'the group name', 256));
    const group: Group = { tenantId, groupId: deps.random.uuid(), name, createdAt: deps.clock.now().toISOString() };
    return deps.store.transaction(async (store) => {
      if (await store.groups.findByName(tenantId, name))
        throw new SsprError('GROUP_EXISTS', `the group "${name}" already exists`);
      await store.groups.create(group);
      await recordAudit(deps, store, {
        tenantId,
        activity: 'addGroup',
        actor,
        target: { type: 'group', id: group.groupId, name },
      });
      return group;
    });
  },

  /** Adds a user or a group; a group may not end up (transitively) inside itself. */
  async addMember(
    tenantId: string,
    groupName: string,
    ref: MemberRef,
    actor: Actor = cliActor,
  ): Promise<{ group: Group; member: GroupMember & { name: string } }> {
    return deps.store.transaction(async (store) => {
      const group = await requireGroup(store, tenantId, groupName);
      const member = await memberOf(store, tenantId, ref);
      if (member.type === 'group') {
        const ancestors = await store.groups.listTransitiveGroupsOf(tenantId, { type: 'group', id: group.groupId });
        if (member.id === group.groupId || ancestors.some((a) => a.groupId === member.id)) {
          throw new SsprError('GROUP_CYCLE', `"${member.name}" already contains "${group.name}"`);
        }
      }
      // Asked from the member's side (indexed): a group may have 100,000 members.
      const directGroups = await store.groups.listDirectGroupsOf(tenantId, { type: member.type, id: member.id });
      if (directGroups.some((g) => g.groupId === group.groupId)) {
        throw new SsprError('MEMBER_EXISTS', `${member.name} is already a member of "${group.name}"`);
      }
      await store.groups.addMember(tenantId, group.groupId, { type: member.type, id: member.id });
      await membershipChanged(deps, store, { tenantId, activity: 'addMemberToGroup', actor, group, member });
      return { group, member };
    });
  },

  async listGroups(tenantId: string): Promise<Group[]> {
    return deps.store.groups.list(tenantId);
  },

  /** The group with its direct members by name (UPN for users). */
  async showGroup(tenantId: string, name: string): Promise<Group & { members: Array<GroupMember & { name: string }> }> {
    const group = await requireGroup(deps.store, tenantId, name);
    const members = await Promise.all(
      (await deps.store.groups.listMembers(tenantId, group.groupId)).map(async (member) => ({
        ...member,
        name:
          member.type === 'user'
            ? ((await deps.store.users.findById(tenantId, member.id))?.upn ?? member.id)
            : ((await deps.store.groups.findById(tenantId, member.id))?.name ?? member.id),
      })),
    );
    return { ...group, members };
  },

  async removeMember(
    tenantId: string,
    groupName: string,
    ref: MemberRef,
    actor: Actor = cliActor,
  ): Promise<{ group: string; member: GroupMember & { name: string }; removed: true }> {
    return deps.store.transaction(async (store) => {
      const group = await requireGroup(store, tenantId, groupName);
      const member = await memberOf(store, tenantId, ref);
      if ((await store.groups.removeMember(tenantId, group.groupId, { type: member.type, id: member.id })) === 0) {
        throw new SsprError('MEMBER_NOT_FOUND', `${member.name} is not a direct member of "${group.name}"`);
      }
      await membershipChanged(deps, store, { tenantId, activity: 'removeMemberFromGroup', actor, group, member });
      return { group: group.name, member, removed: true as const };
    });
  },

  /** Refused while the SSPR policy scopes to the group: deleting it would silently change who may reset. */
  async deleteGroup(
    tenantId: string,
    name: string,
    actor: Actor = cliActor,
  ): Promise<{ group: string; deleted: true }> {
    return deps.store.transaction(async (store) => {
      const group = await requireGroup(store, tenantId, name);
      if ((await groupsInUse(store, tenantId)).has(group.groupId)) throw new SsprError('GROUP_IN_USE');
      await store.groups.delete(tenantId, group.groupId);
      await recomputeLicenses(store, tenantId);
      await recordAudit(deps, store, {
        tenantId,
        activity: 'deleteGroup',
        actor,
        target: { type: 'group', id: group.groupId, name: group.name },
      });
      return { group: group.name, deleted: true as const };
    });
  },
});

export type GroupService = ReturnType<typeof createGroupService>;

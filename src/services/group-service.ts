import { checkName } from '../core/directory/identifiers.js';
import { SsprError } from '../core/errors.js';
import type { Group, GroupMember } from '../core/model.js';
import { cliActor, recordAudit } from './audit-recorder.js';
import type { ServiceDeps } from './deps.js';
import { recomputeLicenses } from './licensing-service.js';
import { orThrow } from './validation.js';

export type MemberRef = { upn: string } | { group: string };

export const createGroupService = (deps: ServiceDeps) => ({
  async createGroup(tenantId: string, nameInput: string): Promise<Group> {
    const name = orThrow(checkName(nameInput, 'the group name', 256));
    const group: Group = { tenantId, groupId: deps.random.uuid(), name, createdAt: deps.clock.now().toISOString() };
    return deps.store.transaction(async (store) => {
      if (await store.groups.findByName(tenantId, name)) throw new SsprError('GROUP_EXISTS', `the group "${name}" already exists`);
      await store.groups.create(group);
      await recordAudit(deps, store, { tenantId, activity: 'addGroup', actor: cliActor, target: { type: 'group', id: group.groupId, name } });
      return group;
    });
  },

  /** Adds a user or a group; a group may not end up (transitively) inside itself. */
  async addMember(tenantId: string, groupName: string, ref: MemberRef): Promise<{ group: Group; member: GroupMember & { name: string } }> {
    return deps.store.transaction(async (store) => {
      const group = await store.groups.findByName(tenantId, groupName);
      if (!group) throw new SsprError('GROUP_NOT_FOUND', `no group is named "${groupName}"`);
      let member: GroupMember & { name: string };
      if ('upn' in ref) {
        const user = await store.users.findByUpn(tenantId, ref.upn);
        if (!user) throw new SsprError('USER_NOT_FOUND', `${ref.upn} does not exist in this tenant`);
        member = { type: 'user', id: user.userId, name: user.upn };
      } else {
        const inner = await store.groups.findByName(tenantId, ref.group);
        if (!inner) throw new SsprError('GROUP_NOT_FOUND', `no group is named "${ref.group}"`);
        const ancestors = await store.groups.listTransitiveGroupsOf(tenantId, { type: 'group', id: group.groupId });
        if (inner.groupId === group.groupId || ancestors.some((a) => a.groupId === inner.groupId)) {
          throw new SsprError('GROUP_CYCLE', `"${inner.name}" already contains "${group.name}"`);
        }
        member = { type: 'group', id: inner.groupId, name: inner.name };
      }
      // Asked from the member's side (indexed): a group may have 100,000 members.
      const memberOf = await store.groups.listDirectGroupsOf(tenantId, { type: member.type, id: member.id });
      if (memberOf.some((g) => g.groupId === group.groupId)) {
        throw new SsprError('MEMBER_EXISTS', `${member.name} is already a member of "${group.name}"`);
      }
      await store.groups.addMember(tenantId, group.groupId, { type: member.type, id: member.id });
      // Group-based licences follow direct membership: the new member may take (or miss) a seat.
      if (member.type === 'user') await recomputeLicenses(store, tenantId);
      await recordAudit(deps, store, {
        tenantId,
        activity: 'addMemberToGroup',
        actor: cliActor,
        target: { type: 'group', id: group.groupId, name: group.name },
        details: { memberType: member.type, memberId: member.id, memberName: member.name },
      });
      return { group, member };
    });
  },
});

export type GroupService = ReturnType<typeof createGroupService>;

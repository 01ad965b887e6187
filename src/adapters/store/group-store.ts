import type { Kysely } from 'kysely';
import type { Group, GroupMember } from '../../core/model.js';
import type { GroupRepository } from '../../core/ports.js';
import type { Database, GroupsTable } from './schema.js';

const toGroup = (row: GroupsTable): Group => ({
  tenantId: row.tenant_id,
  groupId: row.group_id,
  name: row.name,
  createdAt: row.created_at,
});

export const groupNameKey = (name: string): string => name.trim().toLowerCase();

export const createGroupStore = (db: Kysely<Database>): GroupRepository => {
  const directGroupsOf = async (tenantId: string, member: GroupMember): Promise<Group[]> => {
    const rows = await db
      .selectFrom('group_members')
      .innerJoin('groups', (join) =>
        join
          .onRef('groups.tenant_id', '=', 'group_members.tenant_id')
          .onRef('groups.group_id', '=', 'group_members.group_id'),
      )
      .selectAll('groups')
      .where('group_members.tenant_id', '=', tenantId)
      .where('group_members.member_type', '=', member.type)
      .where('group_members.member_id', '=', member.id)
      .orderBy('groups.name_key')
      .execute();
    return rows.map(toGroup);
  };

  return {
    async create(group) {
      await db
        .insertInto('groups')
        .values({
          tenant_id: group.tenantId,
          group_id: group.groupId,
          name: group.name,
          name_key: groupNameKey(group.name),
          created_at: group.createdAt,
        })
        .execute();
    },
    async findByName(tenantId, name) {
      // No stored name holds a NUL (PostgreSQL cannot even take one as a parameter): such a name is no group.
      if (name.includes('\u0000')) return undefined;
      const row = await db
        .selectFrom('groups')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('name_key', '=', groupNameKey(name))
        .executeTakeFirst();
      return row && toGroup(row);
    },
    async findById(tenantId, groupId) {
      const row = await db
        .selectFrom('groups')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('group_id', '=', groupId)
        .executeTakeFirst();
      return row && toGroup(row);
    },
    async list(tenantId) {
      const rows = await db
        .selectFrom('groups')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy('name_key')
        .execute();
      return rows.map(toGroup);
    },
    async addMember(tenantId, groupId, member) {
      await db
        .insertInto('group_members')
        .values({ tenant_id: tenantId, group_id: groupId, member_type: member.type, member_id: member.id })
        .execute();
    },
    async listMembers(tenantId, groupId) {
      const rows = await db
        .selectFrom('group_members')
        .select(['member_type', 'member_id'])
        .where('tenant_id', '=', tenantId)
        .where('group_id', '=', groupId)
        .orderBy('member_type')
        .orderBy('member_id')
        .execute();
      return rows.map((r) => ({ type: r.member_type === 'group' ? 'group' : 'user', id: r.member_id }));
    },
    listDirectGroupsOf: directGroupsOf,
    async listTransitiveGroupsOf(tenantId, member) {
      // Breadth-first upwards; the visited set also guards against a cycle written by hand.
      const found = new Map<string, Group>();
      let frontier: GroupMember[] = [member];
      while (frontier.length > 0) {
        const next: GroupMember[] = [];
        for (const current of frontier) {
          for (const group of await directGroupsOf(tenantId, current)) {
            if (found.has(group.groupId)) continue;
            found.set(group.groupId, group);
            next.push({ type: 'group', id: group.groupId });
          }
        }
        frontier = next;
      }
      return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
    },
    async removeMember(tenantId, groupId, member) {
      const result = await db
        .deleteFrom('group_members')
        .where('tenant_id', '=', tenantId)
        .where('group_id', '=', groupId)
        .where('member_type', '=', member.type)
        .where('member_id', '=', member.id)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async delete(tenantId, groupId) {
      // Its own members and licence assignments go by cascade; its memberships in other groups have no key to cascade on.
      await db
        .deleteFrom('group_members')
        .where('tenant_id', '=', tenantId)
        .where('member_type', '=', 'group')
        .where('member_id', '=', groupId)
        .execute();
      const result = await db
        .deleteFrom('groups')
        .where('tenant_id', '=', tenantId)
        .where('group_id', '=', groupId)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
};

/** Group membership diffing for directory sync: the directory's member list is authoritative for a synced group. */
import type { GroupMember } from '../model.js';
import { dnKey } from './sync-mapping.js';

const memberKey = (member: GroupMember): string => `${member.type}:${member.id}`;

/**
 * The members a synced group should have: each member DN resolved to a synced user or a synced group
 * (nesting); DNs of objects this connection does not sync (out of scope, skipped users) are left out.
 * A group never contains itself.
 */
export const resolveMembers = (
  groupId: string,
  memberDns: readonly string[],
  usersByDn: ReadonlyMap<string, string>,
  groupsByDn: ReadonlyMap<string, string>,
): GroupMember[] => {
  const members = new Map<string, GroupMember>();
  for (const dn of memberDns) {
    const key = dnKey(dn);
    const userId = usersByDn.get(key);
    const nestedId = groupsByDn.get(key);
    const member: GroupMember | undefined = userId
      ? { type: 'user', id: userId }
      : nestedId && nestedId !== groupId
        ? { type: 'group', id: nestedId }
        : undefined;
    if (member) members.set(memberKey(member), member);
  }
  return [...members.values()];
};

export const diffMembers = (
  current: readonly GroupMember[],
  desired: readonly GroupMember[],
): { add: GroupMember[]; remove: GroupMember[] } => {
  const have = new Set(current.map(memberKey));
  const want = new Set(desired.map(memberKey));
  return {
    add: desired.filter((m) => !have.has(memberKey(m))),
    remove: current.filter((m) => !want.has(memberKey(m))),
  };
};

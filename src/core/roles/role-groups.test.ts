import { describe, expect, it } from 'vitest';
import { adminRoles } from './catalogue.js';
import { adminContactTiers, inRoleGroup, roleGroups } from './role-groups.js';

const catalogue = new Set<string>(adminRoles.map((role) => role.id));

describe('the role groups', () => {
  it('name only catalogue roles, each once', () => {
    for (const [name, roles] of Object.entries(roleGroups)) {
      expect(new Set(roles).size, name).toBe(roles.length);
      for (const role of roles) expect(catalogue.has(role), `${name}: ${role}`).toBe(true);
    }
    for (const tier of adminContactTiers) for (const role of tier) expect(catalogue.has(role)).toBe(true);
  });

  it('give Hybrid Identity Administrators the on-premises tab and the directories, not the rest of the policy', () => {
    const hybrid = ['HybridIdentityAdministrator'];
    expect(inRoleGroup(hybrid, 'readOnPremises') && inRoleGroup(hybrid, 'writeOnPremises')).toBe(true);
    expect(inRoleGroup(hybrid, 'writeDirectories')).toBe(true);
    expect(inRoleGroup(hybrid, 'readPolicy') || inRoleGroup(hybrid, 'writePolicy')).toBe(false);
    expect(roleGroups.readOnPremises).toEqual([...roleGroups.readPolicy, 'HybridIdentityAdministrator']);
  });

  it('let whoever may change something also read it', () => {
    const pairs = [
      ['readPolicy', 'writePolicy'],
      ['readOnPremises', 'writeOnPremises'],
      ['readUsers', 'writeUsers'],
      ['readGroups', 'writeGroups'],
      ['readDirectories', 'writeDirectories'],
      ['readLicenses', 'writeLicenses'],
    ] as const;
    for (const [read, write] of pairs)
      for (const role of roleGroups[write]) expect(inRoleGroup([role], read), `${write} ${role}`).toBe(true);
  });

  it('keep Global Reader read-only', () => {
    const writers = Object.entries(roleGroups).filter(([name]) => !name.startsWith('read') && name !== 'browseGroups');
    for (const [name, roles] of writers) expect(roles as readonly string[], name).not.toContain('GlobalReader');
  });
});

import { describe, expect, it } from 'vitest';
import { canAssignRoles, canManageUser, canResetPasswordOf } from './permissions.js';
import { roleGroups } from './role-groups.js';
import { adminRoles } from './catalogue.js';

const everyRole = adminRoles.map((role) => role.id);

describe("Entra's reach of limited admin roles", () => {
  it('lets every reset-capable role reset users without admin roles, and only those', () => {
    for (const actor of everyRole)
      expect(canResetPasswordOf([actor], []), actor).toBe(
        (roleGroups.resetPasswords as readonly string[]).includes(actor),
      );
  });

  it("follows the 'who can reset passwords' table", () => {
    const reach = (actor: string) => everyRole.filter((target) => canResetPasswordOf([actor], [target]));
    expect(reach('PasswordAdministrator')).toEqual(['PasswordAdministrator']);
    expect(reach('HelpdeskAdministrator')).toEqual(['PasswordAdministrator', 'HelpdeskAdministrator', 'ReportsReader']);
    expect(reach('AuthenticationAdministrator')).toEqual([
      'PasswordAdministrator',
      'AuthenticationAdministrator',
      'ReportsReader',
    ]);
    expect(reach('UserAdministrator')).toEqual([
      'UserAdministrator',
      'PasswordAdministrator',
      'HelpdeskAdministrator',
      'ReportsReader',
    ]);
    expect(reach('GlobalAdministrator')).toEqual(everyRole);
    expect(reach('PrivilegedAuthenticationAdministrator')).toEqual(everyRole);
    expect(reach('PrivilegedRoleAdministrator')).toEqual([]);
    expect(reach('GlobalReader')).toEqual([]);
  });

  it("decides on the target's most privileged role, and any one actor role may reach", () => {
    expect(canResetPasswordOf(['HelpdeskAdministrator'], ['PasswordAdministrator', 'GlobalAdministrator'])).toBe(false);
    expect(canResetPasswordOf(['PasswordAdministrator', 'UserAdministrator'], ['HelpdeskAdministrator'])).toBe(true);
  });

  it('lets a User Administrator manage only users within its reach; Global Administrator manages everyone', () => {
    expect(canManageUser(['UserAdministrator'], [])).toBe(true);
    expect(canManageUser(['UserAdministrator'], ['HelpdeskAdministrator', 'UserAdministrator'])).toBe(true);
    for (const privileged of [
      'GlobalAdministrator',
      'PrivilegedRoleAdministrator',
      'PrivilegedAuthenticationAdministrator',
      'SecurityAdministrator',
      'GlobalReader',
    ]) {
      expect(canManageUser(['UserAdministrator'], [privileged]), privileged).toBe(false);
      expect(canManageUser(['GlobalAdministrator'], [privileged]), privileged).toBe(true);
    }
    // Resetting is not managing: these roles reach passwords, not the rest of the user.
    expect(canManageUser(['HelpdeskAdministrator'], [])).toBe(false);
    expect(canManageUser(['PrivilegedAuthenticationAdministrator'], [])).toBe(false);
  });

  it('leaves role assignment to Global and Privileged Role Administrators', () => {
    expect(everyRole.filter((role) => canAssignRoles([role]))).toEqual([
      'GlobalAdministrator',
      'PrivilegedRoleAdministrator',
    ]);
  });
});

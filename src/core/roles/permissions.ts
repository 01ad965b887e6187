/**
 * Least privilege as Entra's built-in roles. Two layers: which roles may call an admin route at all
 * (`roleGroups`, in role-groups.ts), and — for actions on a user — whether the actor's roles reach the target's
 * roles (Entra's "Who can reset passwords" / "Who can perform sensitive actions" table, restricted to
 * our role catalogue). Pure data and predicates.
 */
import type { RoleId } from './catalogue.js';
import { inRoleGroup } from './role-groups.js';

/** Actor roles that reach every target, privileged admins included. */
const reachesEveryone: readonly string[] = ['GlobalAdministrator', 'PrivilegedAuthenticationAdministrator'];

/**
 * Entra's table: for each limited admin role, the admin roles whose holders it may reset (users with
 * no admin role are always included). Any role not listed — Global Administrator, Privileged Role
 * Administrator, Security Administrator, … — is reachable only by `reachesEveryone`.
 */
const passwordResetReach: Readonly<Record<string, readonly RoleId[]>> = {
  PasswordAdministrator: ['PasswordAdministrator'],
  HelpdeskAdministrator: ['HelpdeskAdministrator', 'PasswordAdministrator', 'ReportsReader'],
  AuthenticationAdministrator: ['AuthenticationAdministrator', 'PasswordAdministrator', 'ReportsReader'],
  UserAdministrator: ['UserAdministrator', 'HelpdeskAdministrator', 'PasswordAdministrator', 'ReportsReader'],
};

/** Sensitive changes to a user (update, delete, enable/disable): Global Administrator, or User Administrator within its reach. */
const userManagementReach: Readonly<Record<string, readonly RoleId[]>> = {
  UserAdministrator: passwordResetReach.UserAdministrator!,
};

/** One actor role must reach every role the target holds: a user's most privileged role decides. */
const reaches = (
  reach: Readonly<Record<string, readonly RoleId[]>>,
  actorRoles: readonly string[],
  targetRoles: readonly string[],
): boolean =>
  actorRoles.some((role) => {
    const allowed: readonly string[] | undefined = reach[role];
    return allowed !== undefined && targetRoles.every((target) => allowed.includes(target));
  });

/** Whether an admin holding `actorRoles` may reset the password of a user holding `targetRoles`. */
export const canResetPasswordOf = (actorRoles: readonly string[], targetRoles: readonly string[]): boolean =>
  actorRoles.some((role) => reachesEveryone.includes(role)) || reaches(passwordResetReach, actorRoles, targetRoles);

/** Whether an admin holding `actorRoles` may change or delete a user holding `targetRoles`. */
export const canManageUser = (actorRoles: readonly string[], targetRoles: readonly string[]): boolean =>
  actorRoles.includes('GlobalAdministrator') || reaches(userManagementReach, actorRoles, targetRoles);

export const canAssignRoles = (actorRoles: readonly string[]): boolean => inRoleGroup(actorRoles, 'assignRoles');

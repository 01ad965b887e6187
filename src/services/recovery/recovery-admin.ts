/**
 * What the helpdesk actions of strong recovery share: the target user in the principal's tenant, and the
 * role rules. Issuing a pass or verifying a caller is an act on the user's credentials, so it follows the
 * rules of an administrator's password reset (`canResetPasswordOf`: Entra's table), within the role group
 * the route admits; nobody does it for themselves.
 */
import { checkUpn } from '../../core/directory/identifiers.js';
import { SsprError } from '../../core/errors.js';
import type { User } from '../../core/model.js';
import { canResetPasswordOf } from '../../core/roles/permissions.js';
import { inRoleGroup, type RoleGroup } from '../../core/roles/role-groups.js';
import type { AdminPrincipal } from '../admin/admin-principal.js';
import type { ServiceDeps } from '../deps.js';
import { orThrow } from '../validation.js';

export const targetOf = (user: User) => ({ type: 'user' as const, id: user.userId, name: user.upn });

/** The user the principal may act on, or the refusal: USER_NOT_FOUND (another tenant's too), FORBIDDEN, TARGET_TOO_PRIVILEGED. */
export const reachableUser = async (
  deps: Pick<ServiceDeps, 'store'>,
  principal: AdminPrincipal,
  upnInput: string,
  group: RoleGroup,
): Promise<User> => {
  if (!inRoleGroup(principal.roles, group)) throw new SsprError('FORBIDDEN');
  const { upn } = orThrow(checkUpn(upnInput));
  const user = await deps.store.users.findByUpn(principal.tenantId, upn);
  if (!user) throw new SsprError('USER_NOT_FOUND', `${upn} does not exist`);
  if (principal.userId === user.userId) throw new SsprError('FORBIDDEN', 'not for your own account');
  if (!canResetPasswordOf(principal.roles, user.roles)) throw new SsprError('TARGET_TOO_PRIVILEGED');
  return user;
};

/**
 * "New user" as Entra's Users blade does it (issue 14 item 5): the administrator gives the user's details, the
 * service makes a temporary password that passes the tenant's password protection, returns it once, and the user
 * must change it at the first sign-in. The same validation and audit as the admin API's create (`createUser`).
 */
import { SsprError } from '../../core/errors.js';
import { drawTemporaryPassword } from '../password/temporary-password-draw.js';
import type { ServiceDeps } from '../deps.js';
import type { CreateUserInput, UserService, UserView } from '../identity/user-service.js';
import type { PasswordProtectionService } from '../password/password-protection-service.js';
import type { AdminPrincipal } from './admin-principal.js';
import { canManageUser } from '../../core/roles/permissions.js';
import { inRoleGroup } from '../../core/roles/role-groups.js';

export type NewUserInput = Omit<CreateUserInput, 'password' | 'roles' | 'source'>;

export const createNewUserService = (deps: ServiceDeps, users: UserService, protection: PasswordProtectionService) => ({
  async create(principal: AdminPrincipal, input: NewUserInput): Promise<{ user: UserView; temporaryPassword: string }> {
    // The admin API's guard (`writeUsers`) and reach over a user with no roles, checked here for every caller.
    if (!inRoleGroup(principal.roles, 'writeUsers') || !canManageUser(principal.roles, []))
      throw new SsprError('FORBIDDEN');
    const tenant = await deps.store.tenants.findById(principal.tenantId);
    const subject = {
      tenant: { tenantId: principal.tenantId, name: tenant?.name ?? '' },
      user: { givenName: input.givenName ?? null, surname: input.surname ?? null },
    };
    const password = await drawTemporaryPassword(deps.random, protection, subject);
    const user = await users.createUser(
      { ...input, password, roles: [] },
      { tenantId: principal.tenantId, actor: principal.actor, mustChangePassword: true },
    );
    return { user, temporaryPassword: password };
  },
});

export type NewUserService = ReturnType<typeof createNewUserService>;

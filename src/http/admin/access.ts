import { adminRouteRoles } from '../../core/directory/admin-permissions.js';
import type { RoleId } from '../../core/directory/roles.js';
import { roles as apiRoles } from '../api/admin-tenant-routes.js';

/**
 * Least privilege per console area, as Entra's roles and the same lists as the admin API (one
 * source of truth). The server checks these on every request; the pages only hide what it refuses.
 */
export const consoleAreas = {
  policy: { read: apiRoles.readPolicy, write: apiRoles.writePolicy },
  // Entra lets Hybrid Identity Administrators manage writeback; they see and change only this tab.
  onPremises: {
    read: [...apiRoles.readPolicy, 'HybridIdentityAdministrator'],
    write: [...apiRoles.writePolicy, 'HybridIdentityAdministrator'],
  },
  // The directory connection itself (the sync's deletion threshold): whoever may edit connections in the admin API.
  directories: { read: adminRouteRoles.readDirectories, write: adminRouteRoles.writeDirectories },
  users: { read: apiRoles.readUsers, write: [] },
  // Whoever scopes SSPR to a group must be able to see the groups.
  groups: { read: [...apiRoles.readUsers, 'AuthenticationPolicyAdministrator'], write: [] },
  licenses: { read: apiRoles.readLicenses, write: apiRoles.writeLicenses },
} as const satisfies Record<string, { read: readonly RoleId[]; write: readonly RoleId[] }>;

export type ConsoleArea = keyof typeof consoleAreas;
export type AccessMode = 'read' | 'write';

export const may = (roles: readonly string[], area: ConsoleArea, mode: AccessMode): boolean =>
  roles.some((role) => (consoleAreas[area][mode] as readonly string[]).includes(role));

/** Whether the user may open the console at all: some area must be readable. */
export const mayEnterConsole = (roles: readonly string[]): boolean =>
  (Object.keys(consoleAreas) as ConsoleArea[]).some((area) => may(roles, area, 'read'));

import type { RoleId } from '../../core/roles/catalogue.js';
import { roleGroups } from '../../core/roles/role-groups.js';

/**
 * Least privilege per console area: the core's role groups, the same ones the admin API guards with
 * (one source of truth). The server checks these on every request; the pages only hide what it refuses.
 */
export const consoleAreas = {
  policy: { read: roleGroups.readPolicy, write: roleGroups.writePolicy },
  // Hybrid Identity Administrators see and change only the On-premises integration tab.
  onPremises: { read: roleGroups.readOnPremises, write: roleGroups.writeOnPremises },
  // The directory connection itself (the sync's deletion threshold, agents): as the admin API's connections.
  directories: { read: roleGroups.readDirectories, write: roleGroups.writeDirectories },
  users: { read: roleGroups.readUsers, write: [] },
  groups: { read: roleGroups.browseGroups, write: [] },
  licenses: { read: roleGroups.readLicenses, write: roleGroups.writeLicenses },
  // Usage & insights and the logs: read only, as the admin API's report routes.
  monitoring: { read: roleGroups.readReports, write: [] },
  passwordExpiry: { read: roleGroups.readPasswordExpiry, write: roleGroups.writePasswordExpiry },
} as const satisfies Record<string, { read: readonly RoleId[]; write: readonly RoleId[] }>;

export type ConsoleArea = keyof typeof consoleAreas;
export type AccessMode = 'read' | 'write';

export const may = (roles: readonly string[], area: ConsoleArea, mode: AccessMode): boolean =>
  roles.some((role) => (consoleAreas[area][mode] as readonly string[]).includes(role));

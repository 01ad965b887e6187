/**
 * Administrator roles. `affected` marks the roles Entra lists as getting the administrator reset
 * policy (two gates, no security questions); the list is data so it can follow Microsoft's.
 */
export const adminRoles = [
  { id: 'GlobalAdministrator', displayName: 'Global Administrator', affected: true },
  { id: 'PrivilegedRoleAdministrator', displayName: 'Privileged Role Administrator', affected: true },
  {
    id: 'PrivilegedAuthenticationAdministrator',
    displayName: 'Privileged Authentication Administrator',
    affected: true,
  },
  { id: 'SecurityAdministrator', displayName: 'Security Administrator', affected: true },
  { id: 'UserAdministrator', displayName: 'User Administrator', affected: true },
  { id: 'PasswordAdministrator', displayName: 'Password Administrator', affected: true },
  { id: 'HelpdeskAdministrator', displayName: 'Helpdesk Administrator', affected: true },
  { id: 'AuthenticationAdministrator', displayName: 'Authentication Administrator', affected: true },
  { id: 'AuthenticationPolicyAdministrator', displayName: 'Authentication Policy Administrator', affected: true },
  { id: 'ExchangeAdministrator', displayName: 'Exchange Administrator', affected: true },
  { id: 'SharePointAdministrator', displayName: 'SharePoint Administrator', affected: true },
  { id: 'BillingAdministrator', displayName: 'Billing Administrator', affected: true },
  { id: 'ApplicationAdministrator', displayName: 'Application Administrator', affected: true },
  { id: 'CloudApplicationAdministrator', displayName: 'Cloud Application Administrator', affected: true },
  { id: 'HybridIdentityAdministrator', displayName: 'Hybrid Identity Administrator', affected: true },
  { id: 'LicenseAdministrator', displayName: 'License Administrator', affected: true },
  { id: 'ReportsReader', displayName: 'Reports Reader', affected: false },
  // Reads security reports and the audit and sign-in logs; not among Entra's administrator-policy roles.
  { id: 'SecurityReader', displayName: 'Security Reader', affected: false },
  { id: 'GlobalReader', displayName: 'Global Reader', affected: false },
] as const;

export type RoleId = (typeof adminRoles)[number]['id'];

const squash = (value: string) => value.replace(/[\s_-]/g, '').toLowerCase();

/** Accepts the id or the display name, case- and space-insensitively ("global administrator", "GlobalAdministrator"). */
export const findRole = (input: string): RoleId | undefined =>
  adminRoles.find((role) => squash(role.id) === squash(input))?.id;

export const isAffectedRole = (role: string): boolean =>
  adminRoles.some((candidate) => candidate.id === role && candidate.affected);

/**
 * Least privilege as Entra's built-in roles: the one table of who may read and who may change each
 * area. The admin API's guards, the console's areas, the services and the CLI all take their role
 * lists from here, so a change to Entra's documented roles is one edit. Order matters only for the
 * `requiredRoles` an API 403 lists, so each group keeps Entra's order.
 */
import type { RoleId } from './catalogue.js';

// The SSPR policy and the authentication-method settings it uses (security questions, phone
// settings): Entra's Authentication Policy Administrator changes them, Security Administrator and
// Global Reader may read them.
const readPolicy = [
  'GlobalAdministrator',
  'AuthenticationPolicyAdministrator',
  'SecurityAdministrator',
  'GlobalReader',
] as const satisfies readonly RoleId[];
const writePolicy = ['GlobalAdministrator', 'AuthenticationPolicyAdministrator'] as const satisfies readonly RoleId[];

const readUsers = [
  'GlobalAdministrator',
  'UserAdministrator',
  'HelpdeskAdministrator',
  'PasswordAdministrator',
  'AuthenticationAdministrator',
  'PrivilegedAuthenticationAdministrator',
  'PrivilegedRoleAdministrator',
  'LicenseAdministrator',
  'GlobalReader',
] as const satisfies readonly RoleId[];

export const roleGroups = {
  readPolicy,
  writePolicy,
  // Entra lets Hybrid Identity Administrators manage writeback: the On-premises integration tab only.
  readOnPremises: [...readPolicy, 'HybridIdentityAdministrator'],
  writeOnPremises: [...writePolicy, 'HybridIdentityAdministrator'],
  readUsers,
  writeUsers: ['GlobalAdministrator', 'UserAdministrator'],
  /** Who may reset someone else's password at all; whose, `canResetPasswordOf` decides. */
  resetPasswords: [
    'GlobalAdministrator',
    'PrivilegedAuthenticationAdministrator',
    'UserAdministrator',
    'AuthenticationAdministrator',
    'HelpdeskAdministrator',
    'PasswordAdministrator',
  ],
  /**
   * Entra: a Temporary Access Pass is created by an Authentication Administrator (for users and lesser admins), a
   * Privileged Authentication Administrator or a Global Administrator; whose, `canResetPasswordOf` decides.
   */
  issueTemporaryAccessPass: [
    'GlobalAdministrator',
    'PrivilegedAuthenticationAdministrator',
    'AuthenticationAdministrator',
  ],
  /**
   * Entra's "Authentication methods" of a user (delete one, require re-registration): Authentication Administrator
   * (for users and lesser admins), Privileged Authentication Administrator, Global Administrator; whose,
   * `canResetPasswordOf` decides. Unlocking goes with resetting (`resetPasswords`): a reset unlocks too.
   */
  manageAuthenticationMethods: [
    'GlobalAdministrator',
    'PrivilegedAuthenticationAdministrator',
    'AuthenticationAdministrator',
  ],
  assignRoles: ['GlobalAdministrator', 'PrivilegedRoleAdministrator'],
  readGroups: ['GlobalAdministrator', 'UserAdministrator', 'LicenseAdministrator', 'GlobalReader'],
  writeGroups: ['GlobalAdministrator', 'UserAdministrator'],
  // The console's group pages: whoever scopes SSPR to a group must be able to see the groups.
  browseGroups: [...readUsers, 'AuthenticationPolicyAdministrator'],
  manageTokens: ['GlobalAdministrator'],
  // On-premises directory connections, agents and writeback (reference §1: Global / Hybrid Identity Administrator).
  readDirectories: ['GlobalAdministrator', 'HybridIdentityAdministrator', 'GlobalReader'],
  writeDirectories: ['GlobalAdministrator', 'HybridIdentityAdministrator'],
  readLicenses: ['GlobalAdministrator', 'LicenseAdministrator', 'UserAdministrator', 'GlobalReader'],
  writeLicenses: ['GlobalAdministrator', 'LicenseAdministrator'],
  // Entra: configuring password protection needs at least the Authentication Policy Administrator role.
  passwordProtection: ['GlobalAdministrator', 'AuthenticationPolicyAdministrator', 'SecurityAdministrator'],
  // Usage & insights, the audit and sign-in logs (reference §8.2): read only; nobody writes the logs.
  readReports: [
    'GlobalAdministrator',
    'SecurityAdministrator',
    'ApplicationAdministrator',
    'CloudApplicationAdministrator',
    'ReportsReader',
    'SecurityReader',
    'GlobalReader',
  ],
  // Password expiry per domain (issue #16): as Microsoft 365's "Password expiration policy", Global Administrator
  // changes it; whoever may read the SSPR policy may read it. The per-user opt-out is a user property (writeUsers).
  readPasswordExpiry: readPolicy,
  writePasswordExpiry: ['GlobalAdministrator'],
  /** The CLI runs on the host with the store's own credentials, so it acts with Global Administrator's reach. */
  cli: ['GlobalAdministrator'],
} as const satisfies Record<string, readonly RoleId[]>;

export type RoleGroup = keyof typeof roleGroups;

/** Whether any of `roles` is in the group. */
export const inRoleGroup = (roles: readonly string[], group: RoleGroup): boolean =>
  roles.some((role) => (roleGroups[group] as readonly string[]).includes(role));

/**
 * "Contact your administrator" goes to these roles, the first tier that has anyone (reference §3.2).
 */
export const adminContactTiers: readonly (readonly RoleId[])[] = [
  ['PasswordAdministrator', 'HelpdeskAdministrator'],
  ['UserAdministrator'],
  ['GlobalAdministrator'],
];

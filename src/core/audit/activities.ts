/**
 * Audit activities with Entra's names (reference §8.1) so that reports and SIEM rules written for
 * Entra read ours unchanged. Directory-management names follow Entra's Core Directory service.
 */
export const auditActivities = {
  changePasswordSelfService: {
    service: 'Self-service Password Management',
    category: 'UserManagement',
    name: 'Change password (self-service)',
  },
  // Smart lockout: a new lock by wrong passwords, passes or passkey assertions (Entra's sign-in logs show it too).
  userLockedOut: { service: 'Core Directory', category: 'UserManagement', name: 'User locked out (smart lockout)' },
  addTenant: { service: 'Core Directory', category: 'DirectoryManagement', name: 'Create company' },
  addUser: { service: 'Core Directory', category: 'UserManagement', name: 'Add user' },
  addGroup: { service: 'Core Directory', category: 'GroupManagement', name: 'Add group' },
  addMemberToGroup: { service: 'Core Directory', category: 'GroupManagement', name: 'Add member to group' },
  addMemberToRole: { service: 'Core Directory', category: 'RoleManagement', name: 'Add member to role' },
  updatePasswordProtection: {
    service: 'Authentication Methods',
    category: 'Policy',
    name: 'Update password protection policy',
  },
  changeUserLicense: { service: 'Core Directory', category: 'UserManagement', name: 'Change user license' },
  changeGroupLicense: { service: 'Core Directory', category: 'GroupManagement', name: 'Change group license' },
  updateSubscription: { service: 'Core Directory', category: 'DirectoryManagement', name: 'Update subscription' },
  ssprPolicyChanges: {
    service: 'Self-service Password Management',
    category: 'Policy',
    name: 'Self-service password reset policy changes',
  },
  // Security info (issue 4): Entra logs each registered piece of data as its own event.
  securityInfoSaved: {
    service: 'Self-service Password Management',
    category: 'UserManagement',
    name: 'Security info saved for self-service password reset',
  },
  userRegisteredForSspr: {
    service: 'Self-service Password Management',
    category: 'UserManagement',
    name: 'User registered for self-service password reset',
  },
  userRegisteredSecurityInfo: {
    service: 'Authentication Methods',
    category: 'UserManagement',
    name: 'User registered security info',
  },
  userUpdatedSecurityInfo: {
    service: 'Authentication Methods',
    category: 'UserManagement',
    name: 'User updated security info',
  },
  userDeletedSecurityInfo: {
    service: 'Authentication Methods',
    category: 'UserManagement',
    name: 'User deleted security info',
  },
  userRegisteredAllRequiredSecurityInfo: {
    service: 'Authentication Methods',
    category: 'UserManagement',
    name: 'User registered all required security info',
  },
  userReviewedSecurityInfo: {
    service: 'Authentication Methods',
    category: 'UserManagement',
    name: 'User reviewed security info',
  },
  // Password expiry (issue #16): Entra logs a domain's expiry change as "Update domain"; the reminder is ours.
  updateDomain: { service: 'Core Directory', category: 'DirectoryManagement', name: 'Update domain' },
  passwordExpiryReminderSent: {
    service: 'Self-service Password Management',
    category: 'UserManagement',
    name: 'Password expiry reminder sent',
  },
  // The admin API: users, roles, groups and API tokens (tokens are credentials for automation, as an app's).
  updateUser: { service: 'Core Directory', category: 'UserManagement', name: 'Update user' },
  deleteUser: { service: 'Core Directory', category: 'UserManagement', name: 'Delete user' },
  resetUserPassword: { service: 'Core Directory', category: 'UserManagement', name: 'Reset user password' },
  // Entra logs an administrator's reset twice: Core Directory's above and this one of SSPR's service (§8.1).
  resetPasswordByAdmin: {
    service: 'Self-service Password Management',
    category: 'UserManagement',
    name: 'Reset password (by admin)',
  },
  removeMemberFromRole: { service: 'Core Directory', category: 'RoleManagement', name: 'Remove member from role' },
  removeMemberFromGroup: { service: 'Core Directory', category: 'GroupManagement', name: 'Remove member from group' },
  deleteGroup: { service: 'Core Directory', category: 'GroupManagement', name: 'Delete group' },
  addApiToken: {
    service: 'Core Directory',
    category: 'ApplicationManagement',
    name: 'Add service principal credentials',
  },
  revokeApiToken: {
    service: 'Core Directory',
    category: 'ApplicationManagement',
    name: 'Remove service principal credentials',
  },
  // Self-service password reset and unlock (issue 6, reference §8.1).
  resetFlowProgress: {
    service: 'Self-service Password Management',
    category: 'UserManagement',
    name: 'Self-service password reset flow activity progress',
  },
  resetPasswordSelfService: {
    service: 'Self-service Password Management',
    category: 'UserManagement',
    name: 'Reset password (self-service)',
  },
  unlockSelfService: {
    service: 'Self-service Password Management',
    category: 'UserManagement',
    name: 'Unlock user account (self-service)',
  },
  blockedFromSspr: {
    service: 'Self-service Password Management',
    category: 'UserManagement',
    name: 'Blocked from self-service password reset',
  },
  // On-premises directory connections and writeback (issue 7, reference §8.1).
  addDirectoryConnection: {
    service: 'Core Directory',
    category: 'DirectoryManagement',
    name: 'Add on-premises directory connection',
  },
  removeDirectoryConnection: {
    service: 'Core Directory',
    category: 'DirectoryManagement',
    name: 'Remove on-premises directory connection',
  },
  updateDirectoryConnection: {
    service: 'Core Directory',
    category: 'DirectoryManagement',
    name: 'Update on-premises directory connection',
  },
  enablePasswordWriteback: {
    service: 'Self-service Password Management',
    category: 'DirectoryManagement',
    name: 'Enable password writeback for directory',
  },
  disablePasswordWriteback: {
    service: 'Self-service Password Management',
    category: 'DirectoryManagement',
    name: 'Disable password writeback for directory',
  },
  // Directory sync (issue 7): changes made by the sync, as Entra records those of its sync account.
  updateGroup: { service: 'Core Directory', category: 'GroupManagement', name: 'Update group' },
  disableAccount: { service: 'Core Directory', category: 'UserManagement', name: 'Disable account' },
  // The accidental-deletion threshold: a run that stopped its deletions, and an administrator's override of it.
  syncDeletionsPrevented: {
    service: 'Core Directory',
    category: 'DirectoryManagement',
    name: 'Directory sync deletions prevented (threshold exceeded)',
  },
  syncDeletionsAllowed: {
    service: 'Core Directory',
    category: 'DirectoryManagement',
    name: 'Directory sync deletions allowed above threshold',
  },
  // A synced group gone from the directory but kept because it is in use (the SSPR policy's scope).
  syncGroupDeletionSkipped: {
    service: 'Core Directory',
    category: 'GroupManagement',
    name: 'Directory sync group deletion skipped (group in use)',
  },
  // The on-premises writeback agent (issue 7, item 5), as Entra's Connect agent registrations.
  addAgent: { service: 'Core Directory', category: 'DirectoryManagement', name: 'Register on-premises agent' },
  revokeAgent: { service: 'Core Directory', category: 'DirectoryManagement', name: 'Remove on-premises agent' },
  rotateAgentKeys: {
    service: 'Core Directory',
    category: 'DirectoryManagement',
    name: 'Rotate on-premises agent keys',
  },
  // Retention (issue 15, item 6): the purge is the only remover of audit events and records each removal.
  purgeAuditEvents: {
    service: 'Core Directory',
    category: 'Other',
    name: 'Purge audit events past retention',
  },
  // Strong recovery (issue #17). Entra records a Temporary Access Pass an administrator adds or deletes as security
  // info an admin registered or deleted (reference §8.1, Authentication Methods service); a user's passkeys and
  // recovery codes are the user's own security-info events above.
  adminRegisteredSecurityInfo: {
    service: 'Authentication Methods',
    category: 'UserManagement',
    name: 'Admin registered security info',
  },
  adminDeletedSecurityInfo: {
    service: 'Authentication Methods',
    category: 'UserManagement',
    name: 'Admin deleted security info',
  },
  // The helpdesk on the user page (issue #14 item 5). Entra has no administrator unlock of a cloud account (its
  // smart lockout ends by itself); named as the pair of "Reset password (by admin)" and the self-service unlock.
  unlockUserByAdmin: {
    service: 'Self-service Password Management',
    category: 'UserManagement',
    name: 'Unlock user account (by admin)',
  },
  // Entra's "Require re-register multifactor authentication" removes the user's methods, each logged as "Admin
  // deleted security info"; this event records the requirement itself (the button's name, as an activity).
  adminRequiredReregistration: {
    service: 'Authentication Methods',
    category: 'UserManagement',
    name: 'Admin required re-registration of security info',
  },
  // Not one of Entra's activities (Entra has no caller check): a helpdesk agent saw the caller prove to be the user.
  adminVerifiedCaller: {
    service: 'Authentication Methods',
    category: 'UserManagement',
    name: 'Admin verified caller identity',
  },
  // The delivery queue (issue #13 item 2): a message that will never go out (its code expired, or the channel
  // refused it for good) is audited, so a user who never got a code can be answered from the log.
  // Company branding (issue 14 item 5): Entra records a branding change under Core Directory's organisation events.
  updateCompanyBranding: {
    service: 'Core Directory',
    category: 'DirectoryManagement',
    name: 'Update company branding',
  },
  // The SMS budget breaker (checklist §11 row 9). Not Entra's (it has no such switch); named as its "Disable/Enable
  // password writeback for directory" pair: the tenant's SMS and voice sends stop, and start again.
  smsBudgetBreakerOpened: {
    service: 'Self-service Password Management',
    category: 'DirectoryManagement',
    name: 'Disable SMS and voice sends for directory (budget exceeded)',
  },
  smsBudgetBreakerClosed: {
    service: 'Self-service Password Management',
    category: 'DirectoryManagement',
    name: 'Enable SMS and voice sends for directory',
  },
  messageDropped: {
    service: 'Self-service Password Management',
    category: 'UserManagement',
    name: 'Message not delivered',
  },
} as const satisfies Record<string, { service: string; category: string; name: string }>;

export type AuditActivity = keyof typeof auditActivities;

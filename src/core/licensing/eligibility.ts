/**
 * What a user may do, and why not (reference §1.5 codes), in Entra's order (reference §1.1 step 3):
 * SSPR enabled for the user (SSPR_0009 none, SSPR_0013 not in the selected group), licensed
 * (SSPR_0012), password managed here or written back (SSPR_0010). Holders of affected admin roles
 * follow the administrator policy instead: allowed whenever admin SSPR is on, whatever the scope
 * or licence, and SSPR_0011 (no policy enables reset for them) when it is off. Password change is not gated by the SSPR policy.
 */
import { isAffectedRole } from '../roles/catalogue.js';
import type { UserSource } from '../model.js';
import type { Entitlement } from './entitlements.js';

export type IneligibleReason = 'SSPR_0009' | 'SSPR_0010' | 'SSPR_0011' | 'SSPR_0012' | 'SSPR_0013';

export type Capability = { allowed: true } | { allowed: false; reason: IneligibleReason };

export interface Eligibility {
  canChangePassword: Capability;
  canResetPassword: Capability;
  canUnlock: Capability;
}

const allowed: Capability = { allowed: true };
const denied = (reason: IneligibleReason): Capability => ({ allowed: false, reason });

export interface PolicyScope {
  enabled: 'none' | 'selected' | 'all';
  /** Whether the user is in the selected group, nested membership included (ignored unless "selected"). */
  inSelectedGroup: boolean;
  adminSspr: boolean;
  /** Password writeback is possible: the tenant has a directory connection and the policy's writeback is on. */
  writeback?: boolean;
}

/** With no policy given, SSPR counts as enabled for everyone (the default policy). */
const openScope: PolicyScope = { enabled: 'all', inSelectedGroup: true, adminSspr: true };

/**
 * Users whose password lives on-premises need writeback: the `onPremWriteback` entitlement (else SSPR_0012),
 * then a directory connection with writeback switched on (else SSPR_0010, "password writeback not enabled").
 */
export const evaluateEligibility = (
  user: { source: UserSource; roles: readonly string[] },
  entitlements: readonly Entitlement[],
  scope: PolicyScope = openScope,
): Eligibility => {
  const has = (e: Entitlement) => entitlements.includes(e);
  const scopeReason = (): IneligibleReason | undefined =>
    scope.enabled === 'none'
      ? 'SSPR_0009'
      : scope.enabled === 'selected' && !scope.inSelectedGroup
        ? 'SSPR_0013'
        : undefined;
  if (user.source !== 'cloud') {
    const writebackReason: IneligibleReason | undefined = !has('onPremWriteback')
      ? 'SSPR_0012'
      : scope.writeback === true
        ? undefined
        : 'SSPR_0010';
    const reason = scopeReason() ?? writebackReason;
    const onPrem = reason ? denied(reason) : allowed;
    return {
      canChangePassword: writebackReason ? denied(writebackReason) : allowed,
      canResetPassword: onPrem,
      canUnlock: onPrem,
    };
  }
  const canChangePassword = has('passwordChange') ? allowed : denied('SSPR_0012');
  // "Free: only cloud administrators can reset their own passwords" — the admin policy, whatever the licence.
  // With admin SSPR switched off, the policy that applies to the user (the administrator policy) does not
  // enable reset: Entra's SsprNotEnabledInUserPolicy (SSPR_0011), not the tenant-wide SSPR_0009.
  if (user.roles.some(isAffectedRole)) {
    const reset = scope.adminSspr ? allowed : denied('SSPR_0011');
    return { canChangePassword, canResetPassword: reset, canUnlock: reset };
  }
  const reason = scopeReason() ?? (has('cloudPasswordReset') ? undefined : 'SSPR_0012');
  const reset = reason ? denied(reason) : allowed;
  return { canChangePassword, canResetPassword: reset, canUnlock: reset };
};

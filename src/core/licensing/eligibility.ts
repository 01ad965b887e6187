/**
 * What a user may do, and why not (reference §1.5 codes). Licence-based for now; the SSPR policy
 * (enabled for none/selected/all, SSPR_0009/0011/0013) adds its reasons when it lands.
 */
import { isAffectedRole } from '../directory/roles.js';
import type { UserSource } from '../model.js';
import type { Entitlement } from './entitlements.js';

export type IneligibleReason = 'SSPR_0010' | 'SSPR_0012';

export type Capability = { allowed: true } | { allowed: false; reason: IneligibleReason };

export interface Eligibility {
  canChangePassword: Capability;
  canResetPassword: Capability;
  canUnlock: Capability;
}

const allowed: Capability = { allowed: true };
const denied = (reason: IneligibleReason): Capability => ({ allowed: false, reason });

/**
 * Writeback to on-premises directories is not built yet, so users whose password lives on-premises
 * get SSPR_0010 ("password writeback not enabled") when licensed and SSPR_0012 when not.
 */
export const evaluateEligibility = (user: { source: UserSource; roles: readonly string[] }, entitlements: readonly Entitlement[]): Eligibility => {
  const has = (e: Entitlement) => entitlements.includes(e);
  if (user.source !== 'cloud') {
    const onPrem = has('onPremWriteback') ? denied('SSPR_0010') : denied('SSPR_0012');
    return { canChangePassword: onPrem, canResetPassword: onPrem, canUnlock: onPrem };
  }
  // "Free: only cloud administrators can reset their own passwords" — the admin policy, whatever the licence.
  const isAdmin = user.roles.some(isAffectedRole);
  const reset = has('cloudPasswordReset') || isAdmin ? allowed : denied('SSPR_0012');
  return { canChangePassword: has('passwordChange') ? allowed : denied('SSPR_0012'), canResetPassword: reset, canUnlock: reset };
};

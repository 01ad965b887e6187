/**
 * The administrator reset policy (reference §3.3, DESIGN §3): not configurable, only switched on or
 * off per tenant (`adminSspr`). Holders of an affected role need two gates unless the tenant is a
 * trial younger than 30 days with no custom domain and no directory connection; they never use
 * security questions, and trial or free tenants get no voice calls.
 */
import type { MethodType } from './sspr-policy.js';

export const youngTrialDays = 30;

export interface AdminPolicyInputs {
  isTrial: boolean;
  createdAt: string;
  /** Verified domains; the first is the tenant's initial domain (Entra's *.onmicrosoft.com), any other is custom. */
  domains: readonly string[];
  directoryConnected: boolean;
  /** Whether the tenant holds a paid subscription with seats (without one it is a free tenant). */
  paid: boolean;
  adminSspr: boolean;
}

export type TwoGateReason = 'establishedTenant' | 'customDomain' | 'directoryConnection';

export interface AdminPolicy {
  allowed: boolean;
  gates: 1 | 2;
  /** Why two gates apply (empty with one gate). */
  twoGateReasons: TwoGateReason[];
  methods: MethodType[];
  securityQuestions: false;
  voiceCalls: boolean;
}

export const evaluateAdminPolicy = (inputs: AdminPolicyInputs, now: Date): AdminPolicy => {
  const ageDays = (now.getTime() - Date.parse(inputs.createdAt)) / 86_400_000;
  const reasons: TwoGateReason[] = [];
  if (!inputs.isTrial || ageDays >= youngTrialDays) reasons.push('establishedTenant');
  if (inputs.domains.length > 1) reasons.push('customDomain');
  if (inputs.directoryConnected) reasons.push('directoryConnection');
  const voiceCalls = inputs.paid && !inputs.isTrial;
  const methods: MethodType[] = voiceCalls ? ['email', 'mobileSms', 'mobileVoice', 'officeVoice', 'authenticatorCode'] : ['email', 'mobileSms', 'authenticatorCode'];
  return { allowed: inputs.adminSspr, gates: reasons.length > 0 ? 2 : 1, twoGateReasons: reasons, methods, securityQuestions: false, voiceCalls };
};

/**
 * The administrator reset policy as it applies to one tenant (reference §3.3, DESIGN §3), for
 * people to read. The rules themselves live in the reset flow's gate planning (`flows/gates.ts`);
 * this asks them rather than restating them, so the console cannot say what the flow does not do.
 */
import {
  entryKinds,
  methodTypes,
  neverForAdmins,
  policyMethods,
  type MethodType,
  type NeverForAdmins,
} from '../../methods/registry.js';
import { adminPolicyGates, planGates, type TenantFacts } from '../flows/gates.js';
import { defaultSsprPolicy } from './sspr-policy.js';

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

/** Each method the administrator policy never offers, as `false` (`securityQuestions: false`), from the plugins' rules. */
export type NeverForAdminsFlags = { [Id in NeverForAdmins]: false };

export type AdminPolicy = {
  allowed: boolean;
  gates: 1 | 2;
  /** Why two gates apply (empty with one gate). */
  twoGateReasons: TwoGateReason[];
  methods: MethodType[];
  voiceCalls: boolean;
} & NeverForAdminsFlags;

const neverForAdminsFlags = Object.fromEntries(neverForAdmins.map((id) => [id, false])) as NeverForAdminsFlags;

export const evaluateAdminPolicy = (inputs: AdminPolicyInputs, now: Date): AdminPolicy => {
  const facts: TenantFacts = {
    isTrial: inputs.isTrial,
    createdAt: inputs.createdAt,
    domainCount: inputs.domains.length,
    hasDirectoryConnection: inputs.directoryConnected,
    isFree: !inputs.paid,
  };
  const gates = adminPolicyGates(facts, now);
  const reasons: TwoGateReason[] = [];
  // Without a custom domain or a directory, only the tenant's age and trial status decide.
  if (adminPolicyGates({ ...facts, domainCount: 1, hasDirectoryConnection: false }, now) === 2)
    reasons.push('establishedTenant');
  if (facts.domainCount > 1) reasons.push('customDomain');
  if (facts.hasDirectoryConnection) reasons.push('directoryConnection');
  // What the flow would offer an administrator who registered every kind of security info.
  const entries = entryKinds.map((kind) => ({ entryId: kind, kind, display: kind, questionCount: 5 }));
  const offered = new Set(
    planGates({ roles: ['GlobalAdministrator'] }, defaultSsprPolicy, facts, entries, now).methods.map((m) => m.type),
  );
  const methods = methodTypes.filter((m) => offered.has(m));
  return {
    allowed: inputs.adminSspr,
    gates,
    twoGateReasons: gates === 2 ? reasons : [],
    methods,
    ...neverForAdminsFlags,
    // Voice calls are the methods administrators get only on paid, non-trial tenants.
    voiceCalls: policyMethods.some((m) => m.forAdmins === 'paidTenantsOnly' && offered.has(m.id)),
  };
};

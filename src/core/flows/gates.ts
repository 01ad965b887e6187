/**
 * Which verification methods a reset flow offers and how many gates it needs (reference §1.1 step 4,
 * §3.3; DESIGN §3). Users follow the tenant's SSPR policy; holders of an affected admin role follow
 * the fixed administrator policy: two gates (one in a young trial tenant without a custom domain or
 * directory connection), never security questions, no voice calls on trial or free tenants.
 */
import {
  entryOf,
  isStrongKind,
  methodOf,
  methodsOfKind,
  type EntryKind,
  type MethodType,
} from '../../methods/registry.js';
import { isAffectedRole } from '../roles/catalogue.js';
import type { SsprPolicy } from '../policy/sspr-policy.js';

/** A registered, usable piece of security info (the security-info entry behind one or more methods). */
export type { EntryKind };

export interface SecurityInfoEntry {
  entryId: string;
  kind: EntryKind;
  /** Masked, safe to show. */
  display: string;
  /** For security questions: how many the user registered. */
  questionCount?: number;
}

export interface FlowMethod {
  id: string;
  type: MethodType;
  entryId: string;
  /** Which piece of security info this proves: two gates must be two different kinds. */
  gateKey: EntryKind;
  display: string;
}

export interface TenantFacts {
  isTrial: boolean;
  createdAt: string;
  domainCount: number;
  hasDirectoryConnection: boolean;
  /** No paid subscription: voice calls are not offered to administrators. */
  isFree: boolean;
}

const dayMs = 24 * 60 * 60 * 1000;

/** DESIGN §3: two gates unless the tenant is a trial younger than 30 days with no custom domain and no directory. */
export const adminPolicyGates = (
  tenant: Pick<TenantFacts, 'isTrial' | 'createdAt' | 'domainCount' | 'hasDirectoryConnection'>,
  now: Date,
): 1 | 2 => {
  const youngTrial = tenant.isTrial && now.getTime() - Date.parse(tenant.createdAt) < 30 * dayMs;
  return !youngTrial || tenant.domainCount > 1 || tenant.hasDirectoryConnection ? 2 : 1;
};

export interface GatePlan {
  adminPolicy: boolean;
  gatesRequired: 1 | 2;
  methods: FlowMethod[];
  /** The user has data for fewer distinct methods than gates required (SSPR_0014). */
  insufficient: boolean;
  /** One of the gates must prove a strong kind (the policy's `requireStrongMethod`, and the user holds one). */
  strongRequired: boolean;
}

export const planGates = (
  user: { roles: readonly string[] },
  policy: SsprPolicy,
  tenant: TenantFacts,
  entries: readonly SecurityInfoEntry[],
  now: Date,
): GatePlan => {
  const adminPolicy = user.roles.some(isAffectedRole);
  const voiceAllowed = !tenant.isTrial && !tenant.isFree;
  const allowed = (type: MethodType): boolean => {
    if (!adminPolicy) return policy.methods.includes(type);
    const forAdmins = methodOf(type)?.rules.forAdmins;
    return (
      forAdmins === 'always' ||
      (forAdmins === 'paidTenantsOnly' && voiceAllowed) ||
      (forAdmins === 'whenInPolicy' && policy.methods.includes(type))
    );
  };
  const usable = (entry: SecurityInfoEntry) => {
    const rules = entryOf(entry.kind);
    return rules !== undefined && (rules.usable === undefined || rules.usable(entry, policy));
  };
  const methods = entries.filter(usable).flatMap((entry) =>
    methodsOfKind(entry.kind)
      .filter(allowed)
      .map((type) => ({
        id: `${type}.${entry.entryId}`,
        type,
        entryId: entry.entryId,
        gateKey: entry.kind,
        display: entry.display,
      })),
  );
  const kinds = new Set(methods.map((m) => m.gateKey));
  // A holder of an offered strong method (an authenticator app) passes it as one of the gates: a reset is never
  // weaker than their sign-in. Two gates then, when they hold something else too; the strong one alone otherwise.
  const strongRequired = policy.requireStrongMethod && [...kinds].some(isStrongKind);
  const base = adminPolicy ? adminPolicyGates(tenant, now) : policy.methodsRequired;
  const gatesRequired = strongRequired && kinds.size >= 2 ? 2 : base;
  return { adminPolicy, gatesRequired, methods, insufficient: kinds.size < gatesRequired, strongRequired };
};

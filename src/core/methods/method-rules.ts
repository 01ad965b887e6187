/**
 * Which security info a user may hold and how much of it counts (reference §2.1, §2.5, §3.3;
 * DESIGN §3). Each policy method proves one kind of security info (its plugin's `entryKind`, see
 * src/methods/registry.ts). Holders of affected admin roles follow the fixed administrator policy
 * instead: the kinds whose rules say `forAdmins`.
 */
import { entryRules, policyMethods } from '../../methods/registry.js';
import { isAffectedRole } from '../roles/catalogue.js';
import type { SsprPolicy } from '../policy/sspr-policy.js';
import type { SecurityInfoType, StoredMethodType } from './records.js';

/** Entra's combined-registration limits (5 authenticator apps, 2 phones, one alternate email), from each kind's rules. */
export const methodLimits = Object.fromEntries(
  entryRules.flatMap((entry) => ('limit' in entry ? [[entry.kind, entry.limit]] : [])),
) as Record<StoredMethodType, number>;

const kindOfPolicyMethod = (method: string): SecurityInfoType | undefined =>
  policyMethods.find((m) => m.id === method)?.entryKind;

const adminKinds: readonly SecurityInfoType[] = entryRules.filter((e) => e.forAdmins).map((e) => e.kind);

/** Kinds only an administrator (or the sync) sets: usable, never registered by the user. */
const adminSetKinds: readonly SecurityInfoType[] = entryRules
  .filter((e) => e.registeredBy === 'admin')
  .map((e) => e.kind);

export const isAdminUser = (user: { roles: readonly string[] }): boolean => user.roles.some(isAffectedRole);

/** Every kind that counts for the user (office phone included: admins set it). */
export const usableKinds = (policy: SsprPolicy, user: { roles: readonly string[] }): SecurityInfoType[] => {
  // A kind offered to administrators only once the tenant switched it on (passkeys) waits for that switch.
  const switchedOn = (kind: SecurityInfoType) =>
    policyMethods.every((m) => m.entryKind !== kind || m.forAdmins !== 'whenInPolicy' || policy.methods.includes(m.id));
  if (isAdminUser(user)) return adminKinds.filter(switchedOn);
  const kinds = new Set(policy.methods.flatMap((method) => kindOfPolicyMethod(method) ?? []));
  return [...kinds];
};

/** The kinds the user may register themselves: the usable ones except office phone (admin-set only). */
export const registrableKinds = (policy: SsprPolicy, user: { roles: readonly string[] }): SecurityInfoType[] =>
  usableKinds(policy, user).filter((kind) => !adminSetKinds.includes(kind));

const dayMs = 24 * 60 * 60 * 1000;

export interface RegistrationInput {
  policy: SsprPolicy;
  inScope: boolean;
  methodsRequired: number;
  /** Kinds with verified (or admin-set) data that the user may use. */
  registeredKinds: readonly SecurityInfoType[];
  /** When the user last registered or confirmed their security info (their creation if never). */
  lastConfirmedAt: string;
  now: Date;
}

export interface RegistrationVerdict {
  inScope: boolean;
  methodsRequired: number;
  registeredCount: number;
  needsRegistration: boolean;
  needsReconfirmation: boolean;
  reconfirmDueAt: string | null;
}

/**
 * The registration interrupt (reference §1.4): shown at every sign-in while a user in scope has
 * fewer methods than required, and again once the reconfirmation interval has passed.
 */
export const registrationVerdict = (input: RegistrationInput): RegistrationVerdict => {
  const registeredCount = new Set(input.registeredKinds).size;
  const enforced = input.policy.requireRegistration && input.inScope;
  const needsRegistration = enforced && registeredCount < input.methodsRequired;
  const reconfirmDueAt =
    enforced && !needsRegistration && input.policy.reconfirmDays > 0
      ? new Date(new Date(input.lastConfirmedAt).getTime() + input.policy.reconfirmDays * dayMs).toISOString()
      : null;
  return {
    inScope: input.inScope,
    methodsRequired: input.methodsRequired,
    registeredCount,
    needsRegistration,
    needsReconfirmation: reconfirmDueAt !== null && input.now.getTime() >= new Date(reconfirmDueAt).getTime(),
    reconfirmDueAt,
  };
};

/** A sign-in, a password re-entry or a verified existing method within this many seconds allows changes. */
export const stepUpSeconds = 10 * 60;

export const isStepUpFresh = (
  session: { createdAt: string; steppedUpAt?: string | null; scope?: string | null },
  now: Date,
): boolean => {
  // A session opened with a Temporary Access Pass exists to register methods and lasts an hour at most: the pass was
  // the proof, and its holder may have no password or method left to step up with.
  if (session.scope === 'securityInfo') return true;
  const last = Math.max(
    new Date(session.createdAt).getTime(),
    session.steppedUpAt ? new Date(session.steppedUpAt).getTime() : 0,
  );
  return now.getTime() - last <= stepUpSeconds * 1000;
};

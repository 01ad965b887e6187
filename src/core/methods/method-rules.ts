/**
 * Which security info a user may hold and how much of it counts (reference §2.1, §2.5, §3.3;
 * DESIGN §3). Policy methods map to kinds of security info: `email` → alternate email,
 * `mobileSms`/`mobileVoice` → mobile phone, `officeVoice` → office phone, `authenticatorCode` →
 * authenticator app. Holders of affected admin roles follow the fixed administrator policy
 * instead: email, phone and authenticator app, never security questions.
 */
import { isAffectedRole } from '../roles/catalogue.js';
import type { MethodType as PolicyMethod, SsprPolicy } from '../policy/sspr-policy.js';
import type { SecurityInfoType, StoredMethodType } from './records.js';

/** Entra's combined-registration limits: 5 authenticator apps, 2 phones, one alternate email. */
export const methodLimits: Record<StoredMethodType, number> = {
  authenticatorApp: 5,
  mobilePhone: 2,
  alternateEmail: 1,
};

const kindOfPolicyMethod: Record<PolicyMethod, SecurityInfoType> = {
  email: 'alternateEmail',
  mobileSms: 'mobilePhone',
  mobileVoice: 'mobilePhone',
  officeVoice: 'officePhone',
  securityQuestions: 'securityQuestions',
  authenticatorCode: 'authenticatorApp',
};

const adminKinds: readonly SecurityInfoType[] = ['alternateEmail', 'mobilePhone', 'officePhone', 'authenticatorApp'];

export const isAdminUser = (user: { roles: readonly string[] }): boolean => user.roles.some(isAffectedRole);

/** Every kind that counts for the user (office phone included: admins set it). */
export const usableKinds = (policy: SsprPolicy, user: { roles: readonly string[] }): SecurityInfoType[] => {
  if (isAdminUser(user)) return [...adminKinds];
  const kinds = new Set(policy.methods.map((method) => kindOfPolicyMethod[method]));
  return [...kinds];
};

/** The kinds the user may register themselves: the usable ones except office phone (admin-set only). */
export const registrableKinds = (policy: SsprPolicy, user: { roles: readonly string[] }): SecurityInfoType[] =>
  usableKinds(policy, user).filter((kind) => kind !== 'officePhone');

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

export const isStepUpFresh = (session: { createdAt: string; steppedUpAt?: string | null }, now: Date): boolean => {
  const last = Math.max(
    new Date(session.createdAt).getTime(),
    session.steppedUpAt ? new Date(session.steppedUpAt).getTime() : 0,
  );
  return now.getTime() - last <= stepUpSeconds * 1000;
};

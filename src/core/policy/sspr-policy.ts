/**
 * A tenant's SSPR policy (DESIGN §1, reference §3), validated as Entra validates it. Defaults are
 * Entra's recommended deployment values (reference §3.1) where the reference gives them, and the
 * project's chosen behaviour (DESIGN §3) elsewhere.
 */
import { checkEmail } from '../directory/identifiers.js';

export const methodTypes = ['email', 'mobileSms', 'mobileVoice', 'officeVoice', 'securityQuestions', 'authenticatorCode'] as const;
export type MethodType = (typeof methodTypes)[number];

export interface SsprPolicy {
  /** None / Selected (one group; nested membership counts) / All. */
  enabled: 'none' | 'selected' | 'all';
  selectedGroupId: string | null;
  methods: MethodType[];
  methodsRequired: 1 | 2;
  questionsToRegister: number;
  questionsToReset: number;
  requireRegistration: boolean;
  /** 0 = never ask again. */
  reconfirmDays: number;
  notifyUsers: boolean;
  notifyAdmins: boolean;
  helpdesk: { kind: 'url'; url: string } | { kind: 'email'; email: string } | null;
  writeback: boolean;
  unlockWithoutReset: boolean;
  adminSspr: boolean;
  revealEligibility: boolean;
}

export const defaultSsprPolicy: SsprPolicy = {
  enabled: 'all',
  selectedGroupId: null,
  // No security questions by default: knowledge-based answers are the weakest gate (checklist §11 #19).
  methods: ['email', 'mobileSms', 'mobileVoice', 'authenticatorCode'],
  methodsRequired: 1,
  questionsToRegister: 3,
  questionsToReset: 3,
  requireRegistration: true,
  reconfirmDays: 180,
  notifyUsers: true,
  notifyAdmins: true,
  helpdesk: null,
  writeback: true,
  unlockWithoutReset: true,
  adminSspr: true,
  revealEligibility: false,
};

/** Every problem with a policy, so the admin fixes them in one go; empty when valid. */
export const checkSsprPolicy = (policy: SsprPolicy): string[] => {
  const problems: string[] = [];
  if (policy.enabled === 'selected' && !policy.selectedGroupId) problems.push('"selected" needs a group (--group)');
  const unknown = policy.methods.filter((m) => !methodTypes.includes(m));
  if (unknown.length > 0) problems.push(`unknown methods: ${unknown.join(', ')} (known: ${methodTypes.join(', ')})`);
  if (policy.methods.length === 0) problems.push('at least one method must be available');
  if (new Set(policy.methods).size !== policy.methods.length) problems.push('a method is listed twice');
  if (policy.methodsRequired !== 1 && policy.methodsRequired !== 2) problems.push('the number of methods required must be 1 or 2');
  else if (policy.methods.length < policy.methodsRequired) problems.push(`${policy.methodsRequired} methods are required but only ${policy.methods.length} available`);
  const inRange = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;
  if (!inRange(policy.questionsToRegister, 3, 5)) problems.push('questions to register must be 3-5');
  if (!inRange(policy.questionsToReset, 3, 5)) problems.push('questions to reset must be 3-5');
  if (policy.questionsToRegister < policy.questionsToReset) problems.push('questions to register must be at least questions to reset');
  if (!inRange(policy.reconfirmDays, 0, 730)) problems.push('reconfirm days must be 0-730');
  if (policy.helpdesk?.kind === 'url' && !/^https?:\/\/[^\s/]+/i.test(policy.helpdesk.url)) problems.push('the helpdesk URL must be an http(s) URL');
  if (policy.helpdesk?.kind === 'email' && !checkEmail(policy.helpdesk.email).ok) problems.push('the helpdesk email is not a valid address');
  return problems;
};

/** Properties that differ, with old and new values: what the audit records. */
export const policyChanges = (before: SsprPolicy, after: SsprPolicy): Record<string, { old: unknown; new: unknown }> => {
  const changes: Record<string, { old: unknown; new: unknown }> = {};
  for (const key of Object.keys(after) as Array<keyof SsprPolicy>) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = { old: before[key], new: after[key] };
  }
  return changes;
};

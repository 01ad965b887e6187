/**
 * A tenant's SSPR policy (DESIGN §1, reference §3), validated as Entra validates it. Defaults are
 * Entra's recommended deployment values (reference §3.1) where the reference gives them, and the
 * project's chosen behaviour (DESIGN §3) elsewhere.
 */
import { defaultPolicyMethods, methodTypes, type MethodType } from '../../methods/registry.js';
import { checkEmail } from '../directory/identifiers.js';

// The policy's method ids come from the one registration list of verification methods.
export { methodTypes, type MethodType };

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
  /**
   * A user holding a strong method (an authenticator app) must pass it as one of the gates — two gates then, when
   * the policy asks for one and the user has another piece of security info (checklist §11 row 13, ASVS 6.4.3).
   */
  requireStrongMethod: boolean;
}

export const defaultSsprPolicy: SsprPolicy = {
  enabled: 'all',
  selectedGroupId: null,
  // Each plugin's `defaultInPolicy` (no security questions: knowledge-based answers are the weakest gate).
  methods: [...defaultPolicyMethods],
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
  // On: a reset is never weaker than the sign-in it replaces. Stored policies without the field read as on.
  requireStrongMethod: true,
};

/**
 * What can be wrong with a policy, as stable ids: the console shows each in the admin's language,
 * the CLI and the API the English text (`checkSsprPolicy`).
 */
export type PolicyProblem =
  | 'GROUP_REQUIRED'
  | 'METHOD_UNKNOWN'
  | 'NO_METHOD'
  | 'METHOD_TWICE'
  | 'METHODS_REQUIRED_INVALID'
  | 'TOO_FEW_METHODS'
  | 'QUESTIONS_REGISTER_RANGE'
  | 'QUESTIONS_RESET_RANGE'
  | 'QUESTIONS_ORDER'
  | 'RECONFIRM_RANGE'
  | 'HELPDESK_URL'
  | 'HELPDESK_EMAIL';

/** Every problem with a policy, with its English text, so the admin fixes them in one go; empty when valid. */
export const findPolicyProblems = (policy: SsprPolicy): Array<{ problem: PolicyProblem; text: string }> => {
  const problems: Array<{ problem: PolicyProblem; text: string }> = [];
  const add = (problem: PolicyProblem, text: string) => problems.push({ problem, text });
  if (policy.enabled === 'selected' && !policy.selectedGroupId)
    add('GROUP_REQUIRED', '"selected" needs a group (--group)');
  const unknown = policy.methods.filter((m) => !methodTypes.includes(m));
  if (unknown.length > 0)
    add('METHOD_UNKNOWN', `unknown methods: ${unknown.join(', ')} (known: ${methodTypes.join(', ')})`);
  if (policy.methods.length === 0) add('NO_METHOD', 'at least one method must be available');
  if (new Set(policy.methods).size !== policy.methods.length) add('METHOD_TWICE', 'a method is listed twice');
  if (policy.methodsRequired !== 1 && policy.methodsRequired !== 2)
    add('METHODS_REQUIRED_INVALID', 'the number of methods required must be 1 or 2');
  else if (policy.methods.length < policy.methodsRequired)
    add(
      'TOO_FEW_METHODS',
      `${policy.methodsRequired} methods are required but only ${policy.methods.length} available`,
    );
  const inRange = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;
  if (!inRange(policy.questionsToRegister, 3, 5)) add('QUESTIONS_REGISTER_RANGE', 'questions to register must be 3-5');
  if (!inRange(policy.questionsToReset, 3, 5)) add('QUESTIONS_RESET_RANGE', 'questions to reset must be 3-5');
  if (policy.questionsToRegister < policy.questionsToReset)
    add('QUESTIONS_ORDER', 'questions to register must be at least questions to reset');
  if (!inRange(policy.reconfirmDays, 0, 730)) add('RECONFIRM_RANGE', 'reconfirm days must be 0-730');
  if (policy.helpdesk?.kind === 'url' && !/^https?:\/\/[^\s/]+/i.test(policy.helpdesk.url))
    add('HELPDESK_URL', 'the helpdesk URL must be an http(s) URL');
  if (policy.helpdesk?.kind === 'email' && !checkEmail(policy.helpdesk.email).ok)
    add('HELPDESK_EMAIL', 'the helpdesk email is not a valid address');
  return problems;
};

/** Every problem with a policy in English; empty when valid. */
export const checkSsprPolicy = (policy: SsprPolicy): string[] => findPolicyProblems(policy).map((p) => p.text);

/** Properties that differ, with old and new values: what the audit records. */
export const policyChanges = (
  before: SsprPolicy,
  after: SsprPolicy,
): Record<string, { old: unknown; new: unknown }> => {
  const changes: Record<string, { old: unknown; new: unknown }> = {};
  for (const key of Object.keys(after) as Array<keyof SsprPolicy>) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      changes[key] = { old: before[key], new: after[key] };
  }
  return changes;
};

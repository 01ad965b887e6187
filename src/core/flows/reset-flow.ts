/**
 * The reset/unlock flow as a pure state machine (DESIGN §4): `transition(flow, event, now)` returns the
 * next state or a refusal; the service persists it with compare-and-set on `version`, so any instance
 * can continue any flow and two racing requests cannot both win. Secrets never enter the flow: codes
 * are stored as keyed hashes by the service, which only reports "passed" or "failed" here.
 *
 * Lifetime 15 minutes from start; a challenge (code sent, call placed, questions picked) lives 5 minutes
 * and allows 5 wrong answers; two gates must prove two different pieces of security info.
 */
import { isStrongKind, methodOf } from '../../methods/registry.js';
import type { FlowMethod } from './gates.js';

export const flowLifetimeSeconds = 15 * 60;
export const challengeLifetimeSeconds = 5 * 60;
export const challengeAttempts = 5;

export type FlowIntent = 'reset' | 'unlock';

export interface FlowChallenge {
  methodId: string;
  expiresAt: string;
  attempts: number;
}

export interface ResetFlow {
  tenantId: string;
  flowId: string;
  /** null for a decoy flow (unknown or ineligible user): it behaves the same and can never pass a gate. */
  userId: string | null;
  createdAt: string;
  expiresAt: string;
  intent: FlowIntent | null;
  canUnlock: boolean;
  gatesRequired: 1 | 2;
  /** One of the passed gates must be a strong kind (`GatePlan.strongRequired`); absent in flows stored before it. */
  strongRequired?: boolean;
  methods: FlowMethod[];
  passed: string[];
  challenge: FlowChallenge | null;
  status: 'active' | 'completed' | 'cancelled';
  outcome: 'passwordReset' | 'unlocked' | null;
  version: number;
}

export type FlowEvent =
  | { type: 'chooseIntent'; intent: FlowIntent }
  | { type: 'challengeIssued'; methodId: string }
  | { type: 'proofFailed'; methodId: string }
  | { type: 'proofPassed'; methodId: string }
  | { type: 'finished'; outcome: 'passwordReset' | 'unlocked' }
  | { type: 'cancel' };

export type FlowRefusal =
  | 'FLOW_INVALID'
  | 'INTENT_NOT_ALLOWED'
  | 'INTENT_REQUIRED'
  | 'METHOD_NOT_OFFERED'
  | 'GATE_ALREADY_PASSED'
  | 'CHALLENGE_REQUIRED'
  | 'GATES_INCOMPLETE';

export type FlowTransition = { ok: true; flow: ResetFlow } | { ok: false; refusal: FlowRefusal };

const addSecondsIso = (now: Date, seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();

export const startFlow = (
  input: Pick<ResetFlow, 'tenantId' | 'flowId' | 'userId' | 'canUnlock' | 'gatesRequired' | 'methods'> &
    Partial<Pick<ResetFlow, 'strongRequired'>>,
  now: Date,
): ResetFlow => ({
  ...input,
  createdAt: now.toISOString(),
  expiresAt: addSecondsIso(now, flowLifetimeSeconds),
  intent: null,
  passed: [],
  challenge: null,
  status: 'active',
  outcome: null,
  version: 0,
});

export const gateKeysPassed = (flow: ResetFlow): Set<string> =>
  new Set(
    flow.passed
      .map((id) => flow.methods.find((m) => m.id === id)?.gateKey)
      .filter((key): key is NonNullable<typeof key> => key !== undefined),
  );

const strongPassed = (keys: ReadonlySet<string>): boolean => [...keys].some(isStrongKind);

/**
 * The strong methods one of which the user must still pass (`strongRequired`, none passed yet): what the wizard
 * names ("Use your authenticator app for one of the steps") before a weaker last choice is refused. Decoy flows
 * carry `strongRequired` from their drawn entries, so they name it alike.
 */
export const strongMethodsOwed = (flow: ResetFlow): FlowMethod[] =>
  flow.strongRequired === true && !strongPassed(gateKeysPassed(flow))
    ? flow.methods.filter((method) => isStrongKind(method.gateKey))
    : [];

export const gatesComplete = (flow: ResetFlow): boolean => {
  const keys = gateKeysPassed(flow);
  return keys.size >= flow.gatesRequired && (flow.strongRequired !== true || strongPassed(keys));
};

/** Usable right now: active and not expired. An expired or finished flow is refused like an unknown one. */
export const isLive = (flow: ResetFlow, now: Date): boolean =>
  flow.status === 'active' && Date.parse(flow.expiresAt) > now.getTime();

const next = (flow: ResetFlow, changes: Partial<ResetFlow>): FlowTransition => ({
  ok: true,
  flow: { ...flow, ...changes, version: flow.version + 1 },
});
const refuse = (refusal: FlowRefusal): FlowTransition => ({ ok: false, refusal });

/** The method a gate event is about, if the flow offers it and its piece of security info is not yet proven. */
const openMethod = (flow: ResetFlow, methodId: string): FlowMethod | FlowRefusal => {
  const method = flow.methods.find((m) => m.id === methodId);
  if (!method) return 'METHOD_NOT_OFFERED';
  const keys = gateKeysPassed(flow);
  if (keys.has(method.gateKey)) return 'GATE_ALREADY_PASSED';
  // The last gate must be the strong one when none has been passed yet: a weaker one could never finish the flow.
  if (
    flow.strongRequired &&
    !strongPassed(keys) &&
    !isStrongKind(method.gateKey) &&
    keys.size >= flow.gatesRequired - 1
  )
    return 'METHOD_NOT_OFFERED';
  return method;
};

export const transition = (flow: ResetFlow, event: FlowEvent, now: Date): FlowTransition => {
  if (!isLive(flow, now)) return refuse('FLOW_INVALID');
  switch (event.type) {
    case 'chooseIntent':
      if (event.intent === 'unlock' && !flow.canUnlock) return refuse('INTENT_NOT_ALLOWED');
      // The path can change until a gate is passed; after that the user finishes what they proved for.
      if (flow.passed.length > 0 && flow.intent !== event.intent) return refuse('INTENT_NOT_ALLOWED');
      return next(flow, { intent: event.intent });
    case 'challengeIssued': {
      if (!flow.intent) return refuse('INTENT_REQUIRED');
      const method = openMethod(flow, event.methodId);
      if (typeof method === 'string') return refuse(method);
      return next(flow, {
        challenge: { methodId: method.id, expiresAt: addSecondsIso(now, challengeLifetimeSeconds), attempts: 0 },
      });
    }
    case 'proofFailed':
    case 'proofPassed': {
      if (!flow.intent) return refuse('INTENT_REQUIRED');
      const method = openMethod(flow, event.methodId);
      if (typeof method === 'string') return refuse(method);
      const challenge = flow.challenge;
      const live =
        challenge &&
        challenge.methodId === method.id &&
        Date.parse(challenge.expiresAt) > now.getTime() &&
        challenge.attempts < challengeAttempts;
      // Some methods need no challenge (an authenticator app is its own); unknown ones always do.
      if (!live && methodOf(method.type)?.rules.needsChallenge !== false) return refuse('CHALLENGE_REQUIRED');
      if (event.type === 'proofPassed') return next(flow, { passed: [...flow.passed, method.id], challenge: null });
      const attempts = (challenge?.methodId === method.id ? challenge.attempts : 0) + 1;
      return next(flow, { challenge: live && attempts < challengeAttempts ? { ...challenge, attempts } : null });
    }
    case 'finished':
      if (!gatesComplete(flow)) return refuse('GATES_INCOMPLETE');
      if (event.outcome === 'unlocked' && !flow.canUnlock) return refuse('INTENT_NOT_ALLOWED');
      return next(flow, { status: 'completed', outcome: event.outcome, challenge: null });
    case 'cancel':
      return next(flow, { status: 'cancelled', challenge: null });
  }
};

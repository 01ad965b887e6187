/**
 * Self-service password reset throttles (reference §4, DESIGN §3), per user, as pure functions over a
 * persisted state so every instance applies the same counts:
 *
 * - 5 failed identity proofs within 24 h → blocked for 24 h (the fifth failure blocks);
 * - phone validation, SMS, voice calls, authenticator codes and security questions: 5 per hour each →
 *   the sixth attempt within the hour is refused and blocks for 24 h;
 * - email: 10 per 10 minutes → the eleventh is refused and blocks for 24 h.
 *
 * A block refuses everything of that kind until it ends; a successful reset clears every counter.
 */
import { policyMethods, type ThrottledKind } from '../../methods/registry.js';

export interface ThrottleRule {
  limit: number;
  windowSeconds: number;
  /** `reached`: the attempt that reaches the limit blocks (failures); `exceeded`: the one past it is refused (sends). */
  blockWhen: 'reached' | 'exceeded';
}

const hour = 3600;
const blockSeconds = 24 * hour;

/** The flow's own throttles; each verification method adds its own (`throttle` in its rules). */
const flowThrottles = {
  failedProof: {
    rule: { limit: 5, windowSeconds: 24 * hour, blockWhen: 'reached' },
    blockedDetail: 'User failed to prove their identity too many times and is blocked for 24 hours',
  },
  phoneValidation: {
    rule: { limit: 5, windowSeconds: hour, blockWhen: 'exceeded' },
    blockedDetail: 'User tried to verify a phone number too many times and is blocked for 24 hours',
  },
} as const satisfies Record<string, { rule: ThrottleRule; blockedDetail: string }>;

export type ThrottleKind = keyof typeof flowThrottles | ThrottledKind;

const throttles = new Map<ThrottleKind, { rule: ThrottleRule; blockedDetail: string }>([
  ...(Object.entries(flowThrottles) as [ThrottleKind, { rule: ThrottleRule; blockedDetail: string }][]),
  ...policyMethods.map((method) => [method.throttle.kind, method.throttle] as const),
]);

export const throttleKinds: readonly ThrottleKind[] = [...throttles.keys()];

const table = <T>(pick: (entry: { rule: ThrottleRule; blockedDetail: string }) => T) =>
  Object.fromEntries([...throttles].map(([kind, entry]) => [kind, pick(entry)])) as Record<ThrottleKind, T>;

export const throttleRules: Record<ThrottleKind, ThrottleRule> = table((entry) => entry.rule);

export interface ThrottleState {
  /** ISO instants of the attempts still inside the window, oldest first. */
  attempts: string[];
  blockedUntil: string | null;
}

export const emptyThrottle: ThrottleState = { attempts: [], blockedUntil: null };

export const blockedUntil = (state: ThrottleState, now: Date): string | null =>
  state.blockedUntil !== null && Date.parse(state.blockedUntil) > now.getTime() ? state.blockedUntil : null;

export type ThrottleOutcome =
  | { allowed: true; state: ThrottleState; justBlocked: boolean; blockedUntil: string | null }
  | { allowed: false; state: ThrottleState; justBlocked: boolean; blockedUntil: string };

/**
 * Records one attempt of `kind` at `now`. `allowed` says whether the attempt may go ahead; for
 * `reached` rules the attempt itself is allowed (it already happened: a failure) but blocks what follows.
 * `justBlocked` is true only for the attempt that started a block, which is what gets audited.
 */
export const recordAttempt = (kind: ThrottleKind, state: ThrottleState, now: Date): ThrottleOutcome => {
  const current = blockedUntil(state, now);
  if (current) return { allowed: false, state, justBlocked: false, blockedUntil: current };
  const rule = throttleRules[kind];
  const windowStart = now.getTime() - rule.windowSeconds * 1000;
  const recent = state.attempts.filter((at) => Date.parse(at) > windowStart);
  const until = new Date(now.getTime() + blockSeconds * 1000).toISOString();
  if (rule.blockWhen === 'exceeded' && recent.length >= rule.limit) {
    return { allowed: false, state: { attempts: [], blockedUntil: until }, justBlocked: true, blockedUntil: until };
  }
  const attempts = [...recent, now.toISOString()];
  if (rule.blockWhen === 'reached' && attempts.length >= rule.limit) {
    return { allowed: true, state: { attempts: [], blockedUntil: until }, justBlocked: true, blockedUntil: until };
  }
  return { allowed: true, state: { attempts, blockedUntil: null }, justBlocked: false, blockedUntil: null };
};

/** Entra's "Blocked from self-service password reset" detail strings (reference §4), per kind. */
export const blockedDetail: Record<ThrottleKind, string> = table((entry) => entry.blockedDetail);

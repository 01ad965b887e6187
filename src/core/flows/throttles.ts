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

export const throttleKinds = [
  'failedProof',
  'phoneValidation',
  'sms',
  'mobileVoice',
  'officeVoice',
  'authenticator',
  'securityQuestions',
  'email',
] as const;
export type ThrottleKind = (typeof throttleKinds)[number];

export interface ThrottleRule {
  limit: number;
  windowSeconds: number;
  /** `reached`: the attempt that reaches the limit blocks (failures); `exceeded`: the one past it is refused (sends). */
  blockWhen: 'reached' | 'exceeded';
}

const hour = 3600;
const blockSeconds = 24 * hour;
const perHour: ThrottleRule = { limit: 5, windowSeconds: hour, blockWhen: 'exceeded' };

export const throttleRules: Record<ThrottleKind, ThrottleRule> = {
  failedProof: { limit: 5, windowSeconds: 24 * hour, blockWhen: 'reached' },
  phoneValidation: perHour,
  sms: perHour,
  mobileVoice: perHour,
  officeVoice: perHour,
  authenticator: perHour,
  securityQuestions: perHour,
  email: { limit: 10, windowSeconds: 10 * 60, blockWhen: 'exceeded' },
};

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
export const blockedDetail: Record<ThrottleKind, string> = {
  failedProof: 'User failed to prove their identity too many times and is blocked for 24 hours',
  phoneValidation: 'User tried to verify a phone number too many times and is blocked for 24 hours',
  sms: 'User entered too many invalid SMS verification codes and is blocked for 24 hours',
  mobileVoice: 'User tried mobile phone voice verification too many times and is blocked for 24 hours',
  officeVoice: 'User tried office phone voice verification too many times and is blocked for 24 hours',
  authenticator: 'User tried authenticator app verification too many times and is blocked for 24 hours',
  securityQuestions: 'User tried to answer security questions too many times and is blocked for 24 hours',
  email: 'User requested too many email verification codes and is blocked for 24 hours',
};

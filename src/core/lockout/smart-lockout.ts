/**
 * Entra smart lockout for cloud sign-in (reference §4, §5.6), as a pure state machine.
 *
 * - 10 counted failures lock the account for 60 s; each further lockout doubles the duration.
 * - A wrong password equal to one of the last 3 wrong passwords is not counted again (people
 *   retype the same typo; attackers try new passwords). Only keyed hashes of those attempts are kept.
 * - A new wrong password while locked does not extend the lock, but it is remembered: the count
 *   climbs (up to the threshold), so a guesser who keeps going is locked again — for twice as long —
 *   at the first wrong password after the lock ends.
 * - A successful sign-in (or a self-service reset) clears the failure count and the escalation.
 */

export interface LockoutPolicy {
  threshold: number;
  firstLockoutSeconds: number;
  /** Escalation stops here so a lock never becomes permanent by arithmetic. */
  maxLockoutSeconds: number;
  rememberedBadAttempts: number;
}

export const entraSmartLockout: LockoutPolicy = {
  threshold: 10,
  firstLockoutSeconds: 60,
  maxLockoutSeconds: 24 * 60 * 60,
  rememberedBadAttempts: 3,
};

export interface LockoutState {
  failedCount: number;
  lockoutCount: number;
  /** ISO-8601 instant, or null when not locked. */
  lockedUntil: string | null;
  /** Keyed hashes of the most recent wrong passwords, newest last. */
  recentBadAttempts: string[];
  /**
   * When wrong passwords reached the on-premises directory (ISO-8601, oldest first), for as long as the directory
   * may still count them (`directory-lockout.ts`). Absent or empty for users whose password is checked here.
   */
  directoryFailures?: readonly string[];
}

export const initialLockoutState: LockoutState = {
  failedCount: 0,
  lockoutCount: 0,
  lockedUntil: null,
  recentBadAttempts: [],
};

export const isLocked = (state: LockoutState, now: Date): boolean =>
  state.lockedUntil !== null && new Date(state.lockedUntil).getTime() > now.getTime();

export const lockoutDurationSeconds = (lockoutCount: number, policy: LockoutPolicy = entraSmartLockout): number =>
  Math.min(policy.firstLockoutSeconds * 2 ** Math.max(0, lockoutCount - 1), policy.maxLockoutSeconds);

export interface FailureOutcome {
  state: LockoutState;
  /** Whether this attempt counted towards the threshold (false for repeats and attempts while locked). */
  counted: boolean;
  /** Whether this attempt started a new lockout. */
  lockedNow: boolean;
}

export const recordFailedSignIn = (
  state: LockoutState,
  attemptHash: string,
  now: Date,
  policy: LockoutPolicy = entraSmartLockout,
): FailureOutcome => {
  if (state.recentBadAttempts.includes(attemptHash)) return { state, counted: false, lockedNow: false };
  const recentBadAttempts = [...state.recentBadAttempts, attemptHash].slice(-policy.rememberedBadAttempts);
  if (isLocked(state, now)) {
    const failedCount = Math.min(state.failedCount + 1, policy.threshold - 1);
    return { state: { ...state, failedCount, recentBadAttempts }, counted: false, lockedNow: false };
  }
  const failedCount = state.failedCount + 1;
  if (failedCount < policy.threshold) {
    return { state: { ...state, failedCount, recentBadAttempts }, counted: true, lockedNow: false };
  }
  const lockoutCount = state.lockoutCount + 1;
  const lockedUntil = new Date(now.getTime() + lockoutDurationSeconds(lockoutCount, policy) * 1000).toISOString();
  return {
    state: { failedCount: 0, lockoutCount, lockedUntil, recentBadAttempts },
    counted: true,
    lockedNow: true,
  };
};

export const recordSuccessfulSignIn = (): LockoutState => initialLockoutState;

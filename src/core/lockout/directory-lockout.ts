/**
 * Smart lockout in front of an on-premises directory that locks accounts itself (issue #13 item 3, checklist §11
 * row 26), as a pure rule. Entra's advice for pass-through authentication is the rule here: the service's lockout
 * trips before the directory's, and for longer than the directory remembers a wrong password.
 *
 * - Every wrong password that reached the directory counts, repeats included: the directory counts each bind, so a
 *   user retyping one typo three times locks a ppolicy account with `pwdMaxFailure: 3`.
 * - The limit is `min(tenant threshold, directory threshold − 1)`, at least 1. A directory threshold of 0 never
 *   locks: the tenant's smart lockout then applies as for cloud users (repeats not counted).
 * - Those failures are kept for as long as the directory keeps them (its window: ppolicy `pwdFailureCountInterval`,
 *   AD `lockOutObservationWindow`). The lock lasts the smart-lockout duration (escalating) and at least until the
 *   oldest kept failure leaves the window, so when it ends the directory has forgotten one: the next wrong password
 *   locks the service again, never the directory.
 * - A window of 0 means the directory forgets only on a right password or an unlock, so the service cannot let one
 *   more wrong password through: the account stays locked here until a self-service reset or unlock clears both
 *   sides (the retry time is then unknown: null).
 */
import { addSeconds } from '../clock.js';
import {
  entraSmartLockout,
  isLocked,
  lockoutDurationSeconds,
  recordFailedSignIn,
  type FailureOutcome,
  type LockoutPolicy,
  type LockoutState,
} from './smart-lockout.js';

export interface DirectoryLockoutPolicy {
  /** Wrong passwords after which the directory locks the account; 0: it never locks. */
  threshold: number;
  /** Seconds after which the directory forgets a wrong password; 0: only a right password or an unlock clears them. */
  windowSeconds: number;
}

/**
 * What the service assumes when the directory's policy cannot be read (no read access to it): the CIS benchmark's
 * strictest common setting, 5 failures, and AD's default window of 30 minutes. An administrator who grants the
 * service account read access to the policy gets the exact values instead (docs/directory.md).
 */
export const assumedDirectoryLockout: DirectoryLockoutPolicy = { threshold: 5, windowSeconds: 30 * 60 };

/** Wrong passwords the service lets reach the directory before it locks; null when the directory never locks. */
export const directoryAttemptLimit = (
  directory: DirectoryLockoutPolicy,
  tenant: LockoutPolicy = entraSmartLockout,
): number | null =>
  directory.threshold <= 0 ? null : Math.max(1, Math.min(tenant.threshold, directory.threshold - 1));

/** The failures the directory may still be counting at `now`, oldest first. */
export const keptDirectoryFailures = (
  state: LockoutState,
  directory: DirectoryLockoutPolicy,
  now: Date,
): readonly string[] => {
  const failures = state.directoryFailures ?? [];
  if (directory.windowSeconds <= 0) return failures;
  return failures.filter((at) => addSeconds(new Date(at), directory.windowSeconds).getTime() > now.getTime());
};

export type DirectoryGate = { open: true } | { open: false; retryAfterSeconds: number | null };

const secondsUntil = (instant: Date, now: Date) => Math.max(1, Math.ceil((instant.getTime() - now.getTime()) / 1000));

/** Whether a password may be sent to the directory now: closed while a wrong one could lock the account there. */
export const directoryGate = (
  state: LockoutState,
  directory: DirectoryLockoutPolicy,
  now: Date,
  tenant: LockoutPolicy = entraSmartLockout,
): DirectoryGate => {
  if (isLocked(state, now)) return { open: false, retryAfterSeconds: secondsUntil(new Date(state.lockedUntil!), now) };
  const limit = directoryAttemptLimit(directory, tenant);
  if (limit === null) return { open: true };
  const kept = keptDirectoryFailures(state, directory, now);
  if (kept.length < limit) return { open: true };
  // Past the smart-lockout duration but the directory still counts them (a window of 0 keeps them until cleared).
  const oldest = kept[kept.length - limit]!;
  return {
    open: false,
    retryAfterSeconds:
      directory.windowSeconds > 0 ? secondsUntil(addSeconds(new Date(oldest), directory.windowSeconds), now) : null,
  };
};

/**
 * Counts a wrong password that reached the directory. `attemptHash` is only used when the directory never locks
 * (the tenant's smart lockout then decides, repeats not counted).
 */
export const recordDirectoryFailure = (
  state: LockoutState,
  attemptHash: string,
  directory: DirectoryLockoutPolicy,
  now: Date,
  tenant: LockoutPolicy = entraSmartLockout,
): FailureOutcome => {
  const limit = directoryAttemptLimit(directory, tenant);
  if (limit === null) return recordFailedSignIn(state, attemptHash, now, tenant);
  // Only the newest `limit` matter to the gate; a race past it (two requests through the open gate) keeps it closed.
  const directoryFailures = [...keptDirectoryFailures(state, directory, now), now.toISOString()].slice(-limit);
  if (directoryFailures.length < limit || isLocked(state, now)) {
    return {
      state: { ...state, failedCount: Math.min(directoryFailures.length, limit), directoryFailures },
      counted: true,
      lockedNow: false,
    };
  }
  const lockoutCount = state.lockoutCount + 1;
  const smartUntil = addSeconds(now, lockoutDurationSeconds(lockoutCount, tenant));
  const forgottenAt =
    directory.windowSeconds > 0 ? addSeconds(new Date(directoryFailures[0]!), directory.windowSeconds) : smartUntil;
  const lockedUntil = new Date(Math.max(smartUntil.getTime(), forgottenAt.getTime())).toISOString();
  return {
    state: { ...state, failedCount: 0, lockoutCount, lockedUntil, directoryFailures },
    counted: true,
    lockedNow: true,
  };
};

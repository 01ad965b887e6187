import { describe, expect, it } from 'vitest';
import {
  directoryAttemptLimit,
  directoryGate,
  recordDirectoryFailure,
  type DirectoryLockoutPolicy,
} from './directory-lockout.js';
import { entraSmartLockout, initialLockoutState, isLocked, type LockoutState } from './smart-lockout.js';

const t0 = new Date('2026-01-01T00:00:00.000Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const ppolicy3: DirectoryLockoutPolicy = { threshold: 3, windowSeconds: 300 };

/** Sends `count` wrong passwords (all the same one) through the gate, as sign-in does; returns the state. */
const fail = (state: LockoutState, count: number, now: Date, directory = ppolicy3) => {
  let current = state;
  let reached = 0;
  for (let i = 0; i < count; i++) {
    if (!directoryGate(current, directory, now).open) continue;
    reached += 1;
    current = recordDirectoryFailure(current, 'same-typo', directory, now).state;
  }
  return { state: current, reached };
};

describe('directory lockout rule', () => {
  it('trips one below the directory threshold, never above the tenant threshold, and at least at 1', () => {
    expect(directoryAttemptLimit({ threshold: 3, windowSeconds: 0 })).toBe(2);
    expect(directoryAttemptLimit({ threshold: 50, windowSeconds: 0 })).toBe(entraSmartLockout.threshold);
    expect(directoryAttemptLimit({ threshold: 1, windowSeconds: 0 })).toBe(1);
    expect(directoryAttemptLimit({ threshold: 0, windowSeconds: 0 })).toBeNull();
    expect(directoryAttemptLimit({ threshold: 5, windowSeconds: 0 }, { ...entraSmartLockout, threshold: 3 })).toBe(3);
  });

  it('counts repeats of one wrong password, and lets only threshold − 1 reach the directory', () => {
    const { state, reached } = fail(initialLockoutState, 10, t0);
    expect(reached).toBe(2);
    expect(isLocked(state, t0)).toBe(true);
    expect(directoryGate(state, ppolicy3, t0)).toEqual({ open: false, retryAfterSeconds: 300 });
  });

  it('locks for at least the directory window, then lets one more through and locks again, escalating', () => {
    const one = recordDirectoryFailure(initialLockoutState, 'a', ppolicy3, t0).state;
    const first = recordDirectoryFailure(one, 'a', ppolicy3, at(10)).state;
    // The smart duration (60 s) is shorter than the time the directory keeps the first failure.
    expect(first.lockedUntil).toBe(at(300).toISOString());
    expect(directoryGate(first, ppolicy3, at(299)).open).toBe(false);
    expect(directoryGate(first, ppolicy3, at(300)).open).toBe(true);
    // The directory forgot the first failure, not the second: one more locks again, for twice the smart duration.
    const again = recordDirectoryFailure(first, 'a', ppolicy3, at(300));
    expect(again.lockedNow).toBe(true);
    expect(again.state.lockoutCount).toBe(2);
    expect(again.state.lockedUntil).toBe(at(420).toISOString());
    expect(directoryGate(again.state, ppolicy3, at(419)).open).toBe(false);
  });

  it('keeps the smart-lockout duration when it is longer than the window', () => {
    const short: DirectoryLockoutPolicy = { threshold: 3, windowSeconds: 10 };
    const { state } = fail(initialLockoutState, 2, t0, short);
    expect(state.lockedUntil).toBe(at(entraSmartLockout.firstLockoutSeconds).toISOString());
    expect(directoryGate(state, short, at(entraSmartLockout.firstLockoutSeconds)).open).toBe(true);
  });

  it('with a window of 0 stays closed past the smart duration (only a reset or unlock clears it)', () => {
    const forever: DirectoryLockoutPolicy = { threshold: 3, windowSeconds: 0 };
    const { state } = fail(initialLockoutState, 5, t0, forever);
    expect(directoryGate(state, forever, at(3600 * 24 * 365))).toEqual({ open: false, retryAfterSeconds: null });
    expect(directoryGate(initialLockoutState, forever, at(1)).open).toBe(true);
  });

  it('a directory that never locks leaves the tenant smart lockout as it is (repeats not counted)', () => {
    const never: DirectoryLockoutPolicy = { threshold: 0, windowSeconds: 0 };
    const { state, reached } = fail(initialLockoutState, 20, t0, never);
    expect(reached).toBe(20);
    expect(state.failedCount).toBe(1);
    expect(isLocked(state, t0)).toBe(false);
  });

  it('failures older than the window no longer count towards the limit', () => {
    const one = recordDirectoryFailure(initialLockoutState, 'a', ppolicy3, t0).state;
    const later = recordDirectoryFailure(one, 'a', ppolicy3, at(301));
    expect(later.lockedNow).toBe(false);
    expect(later.state.directoryFailures).toEqual([at(301).toISOString()]);
  });
});

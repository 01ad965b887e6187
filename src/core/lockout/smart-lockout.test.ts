import { describe, expect, it } from 'vitest';
import {
  initialLockoutState,
  isLocked,
  lockoutDurationSeconds,
  recordFailedSignIn,
  type LockoutState,
} from './smart-lockout.js';

const t0 = new Date('2026-01-01T00:00:00.000Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

const failMany = (state: LockoutState, count: number, now: Date, prefix = 'bad') => {
  let current = state;
  for (let i = 0; i < count; i++) current = recordFailedSignIn(current, `${prefix}-${i}`, now).state;
  return current;
};

describe('smart lockout', () => {
  it('locks after 10 distinct failures for 60 s', () => {
    const nine = failMany(initialLockoutState, 9, t0);
    expect(isLocked(nine, t0)).toBe(false);
    const outcome = recordFailedSignIn(nine, 'tenth', t0);
    expect(outcome.lockedNow).toBe(true);
    expect(isLocked(outcome.state, at(59))).toBe(true);
    expect(isLocked(outcome.state, at(60))).toBe(false);
  });

  it('does not count a repeat of one of the last 3 wrong passwords', () => {
    let state = recordFailedSignIn(initialLockoutState, 'a', t0).state;
    state = recordFailedSignIn(state, 'b', t0).state;
    state = recordFailedSignIn(state, 'c', t0).state;
    const repeat = recordFailedSignIn(state, 'a', t0);
    expect(repeat.counted).toBe(false);
    expect(repeat.state.failedCount).toBe(3);
    // 'a' falls out of the window after a fourth distinct attempt, and counts again.
    state = recordFailedSignIn(state, 'd', t0).state;
    expect(recordFailedSignIn(state, 'a', t0).counted).toBe(true);
  });

  it('never locks when the same wrong password is retried', () => {
    let state = initialLockoutState;
    for (let i = 0; i < 100; i++) state = recordFailedSignIn(state, 'same', t0).state;
    expect(state.failedCount).toBe(1);
    expect(isLocked(state, t0)).toBe(false);
  });

  it('does not extend a lock, but re-locks at once (doubled) for someone who kept guessing', () => {
    const locked = failMany(initialLockoutState, 10, t0);
    expect(recordFailedSignIn(locked, 'during', at(10)).counted).toBe(false);
    const kept = failMany(locked, 12, at(10), 'during');
    expect(isLocked(kept, at(60))).toBe(false);
    const relocked = recordFailedSignIn(kept, 'after', at(61));
    expect(relocked.lockedNow).toBe(true);
    expect(isLocked(relocked.state, at(61 + 119))).toBe(true);
  });

  it('doubles the next lockout', () => {
    const locked = failMany(initialLockoutState, 10, t0);
    const second = failMany(locked, 10, at(61), 'again');
    expect(second.lockoutCount).toBe(2);
    expect(isLocked(second, at(61 + 119))).toBe(true);
    expect(isLocked(second, at(61 + 120))).toBe(false);
  });

  it('caps the escalation at 24 hours', () => {
    expect(lockoutDurationSeconds(1)).toBe(60);
    expect(lockoutDurationSeconds(3)).toBe(240);
    expect(lockoutDurationSeconds(40)).toBe(86_400);
  });
});

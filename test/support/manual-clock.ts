import type { Clock } from '../../src/core/clock.js';

/** A clock a test moves by hand. Test-only: each test (or each world) builds its own, never a shared one. */
export interface ManualClock extends Clock {
  monotonicMs(): number;
  /** Time passes: the wall clock and the monotonic reading move together. */
  advance(seconds: number): void;
  /** The wall clock is set (forward or back) and no time passes: the monotonic reading stays. */
  step(seconds: number): void;
}

export const createManualClock = (start = new Date('2026-01-01T00:00:00.000Z')): ManualClock => {
  let current = start.getTime();
  // An origin unrelated to the wall clock's, as performance.now()'s is.
  let elapsed = 1_000;
  return {
    now: () => new Date(current),
    monotonicMs: () => elapsed,
    advance(seconds: number) {
      current += seconds * 1000;
      elapsed += seconds * 1000;
    },
    step(seconds: number) {
      current += seconds * 1000;
    },
  };
};

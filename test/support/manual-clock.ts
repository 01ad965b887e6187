import type { Clock } from '../../src/core/clock.js';

/** A clock a test moves by hand. Test-only: each test (or each world) builds its own, never a shared one. */
export interface ManualClock extends Clock {
  advance(seconds: number): void;
}

export const createManualClock = (start = new Date('2026-01-01T00:00:00.000Z')): ManualClock => {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(seconds: number) {
      current += seconds * 1000;
    },
  };
};

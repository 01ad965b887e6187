import type { Clock } from '../../core/clock.js';

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests move by hand. */
export const createManualClock = (start = new Date('2026-01-01T00:00:00.000Z')) => {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(seconds: number) {
      current += seconds * 1000;
    },
  };
};

/** Time is injected so that core stays pure and tests can move it. */
export interface Clock {
  now(): Date;
  /**
   * Milliseconds from an arbitrary origin that only move forward, at the rate of real time (`performance.now`): for a
   * wait that a step of the wall clock (an operator, NTP) must not shorten. Optional so a clock made by hand for one
   * call need not have it; a caller that times a wait falls back on `now()` without it (`elapsedMsOf`).
   */
  monotonicMs?(): number;
}

export const addSeconds = (date: Date, seconds: number): Date => new Date(date.getTime() + seconds * 1000);

/** The clock's monotonic reading, or its wall clock where it has none. */
export const elapsedMsOf = (clock: Clock): number => clock.monotonicMs?.() ?? clock.now().getTime();

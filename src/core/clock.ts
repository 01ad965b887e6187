/** Time is injected so that core stays pure and tests can move it. */
export interface Clock {
  now(): Date;
}

export const addSeconds = (date: Date, seconds: number): Date => new Date(date.getTime() + seconds * 1000);

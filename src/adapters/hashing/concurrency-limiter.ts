import { SsprError } from '../../core/errors.js';
import { createLaneQueue, type Lane } from './lane-queue.js';

export interface ConcurrencyLimiterOptions {
  /** Jobs running at once. */
  maxRunning: number;
  /** Waiters per lane (lane-queue.ts); beyond it a job is refused with SERVICE_BUSY. */
  maxQueued: number;
  /** Priority waiters that may go ahead of a waiting normal one in a row (lane-queue.ts); default 4. */
  maxPriorityStreak?: number;
}

/**
 * Caps how many CPU-heavy jobs run at once and how many may wait. Without it a burst of sign-ins
 * queues unbounded argon2 work on libuv's pool and every request times out together; with it the
 * overflow gets a fast 503 SERVICE_BUSY and the rest finish at full speed.
 *
 * Waiters stand in two lanes (lane-queue.ts): a flood's allowed verifies can arrive in a burst and fill the normal
 * lane, and a proven user's job must not wait behind all of them. Each lane has its own bound, so a full normal lane
 * never refuses priority work; the running cap is shared, so priority work only reorders who runs next.
 */
export const createConcurrencyLimiter = ({
  maxRunning,
  maxQueued,
  maxPriorityStreak = 4,
}: ConcurrencyLimiterOptions) => {
  let running = 0;
  const queue = createLaneQueue<() => void>({ maxQueuedPerLane: maxQueued, maxPriorityStreak });

  // A finishing job hands its slot straight to the next waiter; freeing it first would let a
  // newcomer slip in between, exceeding the cap and jumping the queue.
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else running--;
  };

  return async <T>(job: () => Promise<T>, lane: Lane = 'normal'): Promise<T> => {
    if (running >= maxRunning) {
      let admit: () => void = () => undefined;
      const turn = new Promise<void>((resolve) => (admit = resolve));
      if (!queue.push(lane, admit)) throw new SsprError('SERVICE_BUSY');
      await turn;
    } else {
      running++;
    }
    try {
      return await job();
    } finally {
      release();
    }
  };
};

import { SsprError } from '../../core/errors.js';

/**
 * Caps how many CPU-heavy jobs run at once and how many may wait. Without it a burst of sign-ins
 * queues unbounded argon2 work on libuv's pool and every request times out together; with it the
 * overflow gets a fast 503 SERVICE_BUSY and the rest finish at full speed.
 */
export const createConcurrencyLimiter = (maxRunning: number, maxQueued: number) => {
  let running = 0;
  const queue: Array<() => void> = [];

  // A finishing job hands its slot straight to the next waiter; freeing it first would let a
  // newcomer slip in between, exceeding the cap and jumping the queue.
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else running--;
  };

  return async <T>(job: () => Promise<T>): Promise<T> => {
    if (running >= maxRunning) {
      if (queue.length >= maxQueued) throw new SsprError('SERVICE_BUSY');
      await new Promise<void>((resolve) => queue.push(resolve));
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

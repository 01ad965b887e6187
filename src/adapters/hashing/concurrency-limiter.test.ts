import { describe, expect, it } from 'vitest';
import { createConcurrencyLimiter } from './concurrency-limiter.js';

describe('createConcurrencyLimiter', () => {
  it('never runs more than the cap, even when callers arrive as a slot frees', async () => {
    const limit = createConcurrencyLimiter({ maxRunning: 1, maxQueued: 1000 });
    let running = 0;
    let peak = 0;
    const job = async () => {
      running++;
      peak = Math.max(peak, running);
      for (let i = 0; i < 3; i++) await Promise.resolve();
      running--;
    };
    const all: Array<Promise<void>> = [];
    // Callers arrive at every microtask boundary, so some land between a release and the waiter's resumption.
    for (let i = 0; i < 200; i++) {
      all.push(limit(job, i % 3 === 0 ? 'priority' : 'normal'));
      await Promise.resolve();
    }
    await Promise.all(all);
    expect(peak).toBe(1);
  });

  it('refuses work beyond the queue with SERVICE_BUSY', async () => {
    const limit = createConcurrencyLimiter({ maxRunning: 1, maxQueued: 1 });
    let finish: () => void = () => undefined;
    const first = limit(() => new Promise<void>((resolve) => (finish = resolve)));
    const second = limit(async () => undefined);
    await expect(limit(async () => undefined)).rejects.toMatchObject({ code: 'SERVICE_BUSY' });
    finish();
    await Promise.all([first, second]);
  });

  it('runs priority work before queued normal work, and admits it while the normal lane is full', async () => {
    const limit = createConcurrencyLimiter({ maxRunning: 1, maxQueued: 3 });
    const order: string[] = [];
    let finish: () => void = () => undefined;
    const first = limit(() => new Promise<void>((resolve) => (finish = resolve)));
    const normal = [1, 2, 3].map((i) => limit(async () => void order.push(`n${i}`)));
    await expect(limit(async () => undefined, 'normal')).rejects.toMatchObject({ code: 'SERVICE_BUSY' });
    const priority = limit(async () => void order.push('p'), 'priority');
    finish();
    await Promise.all([first, ...normal, priority]);
    expect(order).toEqual(['p', 'n1', 'n2', 'n3']);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { shownOncePurgeIntervalMs, startShownOncePurge } from './shown-once-service.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('startShownOncePurge', () => {
  it('purges every minute, survives a failing round, and stops', async () => {
    vi.useFakeTimers();
    let rounds = 0;
    const purge = async () => {
      rounds += 1;
      if (rounds === 2) throw new Error('store down');
      return rounds;
    };
    const seen: Array<[number | undefined, boolean]> = [];
    const schedule = startShownOncePurge(purge, (deleted, error) => seen.push([deleted, error !== undefined]));
    await vi.advanceTimersByTimeAsync(shownOncePurgeIntervalMs - 1);
    expect(rounds).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(2 * shownOncePurgeIntervalMs);
    expect(seen).toEqual([
      [1, false],
      [undefined, true],
      [3, false],
    ]);
    await schedule.stop();
    await vi.advanceTimersByTimeAsync(10 * shownOncePurgeIntervalMs);
    expect(rounds).toBe(3);
  });
});

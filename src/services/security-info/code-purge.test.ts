import { afterEach, describe, expect, it, vi } from 'vitest';
import { codePurgeIntervalMs, startCodePurge } from './code-purge.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('startCodePurge', () => {
  it('purges every minute, survives a failing round, and stops', async () => {
    vi.useFakeTimers();
    let rounds = 0;
    const purge = async () => {
      rounds += 1;
      if (rounds === 2) throw new Error('store down');
      return rounds;
    };
    const seen: Array<[number | undefined, boolean]> = [];
    const schedule = startCodePurge(purge, (deleted, error) => seen.push([deleted, error !== undefined]));
    await vi.advanceTimersByTimeAsync(codePurgeIntervalMs - 1);
    expect(rounds).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(2 * codePurgeIntervalMs);
    expect(seen).toEqual([
      [1, false],
      [undefined, true],
      [3, false],
    ]);
    await schedule.stop();
    await vi.advanceTimersByTimeAsync(10 * codePurgeIntervalMs);
    expect(rounds).toBe(3);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { agentQueuePurgeIntervalMs, startAgentQueuePurge, type AgentQueuePurged } from './agent-queue-purge.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('startAgentQueuePurge', () => {
  it('purges every minute, survives a failing round, and stops', async () => {
    vi.useFakeTimers();
    let rounds = 0;
    const purge = async (): Promise<AgentQueuePurged> => {
      rounds += 1;
      if (rounds === 2) throw new Error('store down');
      return { expired: 1, deleted: 2 };
    };
    const seen: Array<[AgentQueuePurged | undefined, boolean]> = [];
    const schedule = startAgentQueuePurge(purge, (purged, error) => seen.push([purged, error !== undefined]));
    await vi.advanceTimersByTimeAsync(agentQueuePurgeIntervalMs - 1);
    expect(rounds).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(rounds).toBe(1);
    await vi.advanceTimersByTimeAsync(2 * agentQueuePurgeIntervalMs);
    expect(rounds).toBe(3);
    expect(seen).toEqual([
      [{ expired: 1, deleted: 2 }, false],
      [undefined, true],
      [{ expired: 1, deleted: 2 }, false],
    ]);
    await schedule.stop();
    await vi.advanceTimersByTimeAsync(10 * agentQueuePurgeIntervalMs);
    expect(rounds).toBe(3);
  });
});

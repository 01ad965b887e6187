/**
 * `sspr serve`'s minute purges (shown-once claims, the agent queue, verification codes) are each a `startRepeating`
 * with their own interval: each purges every minute, survives a failing round, and stops; with leases, each round
 * runs only when this instance holds the task's lease, and stopping gives it up. One table of them, so a new purge is
 * one row here rather than another copy of the test. (The leases in the store: minute-purge-instances contract test.)
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RepeatingTask } from './repeating-task.js';
import type { RoundLeases } from './round-lease.js';
import { shownOncePurgeIntervalMs, shownOncePurgeTask, startShownOncePurge } from './admin/shown-once-service.js';
import { agentQueuePurgeIntervalMs, agentQueuePurgeTask, startAgentQueuePurge } from './agent/agent-queue-purge.js';
import { codePurgeIntervalMs, codePurgeTask, startCodePurge } from './security-info/code-purge.js';

afterEach(() => {
  vi.useRealTimers();
});

type Start = (
  purge: () => Promise<never>,
  onRound: (result: unknown, error?: unknown) => void,
  leases?: RoundLeases,
) => RepeatingTask;
const purges: Array<[string, Start, number, unknown, string]> = [
  ['startShownOncePurge', startShownOncePurge, shownOncePurgeIntervalMs, 4, shownOncePurgeTask],
  [
    'startAgentQueuePurge',
    startAgentQueuePurge,
    agentQueuePurgeIntervalMs,
    { expired: 1, deleted: 2 },
    agentQueuePurgeTask,
  ],
  ['startCodePurge', startCodePurge, codePurgeIntervalMs, 7, codePurgeTask],
];

describe.each(purges)('%s', (_name, start, intervalMs, result, task) => {
  it('purges every minute, survives a failing round, and stops', async () => {
    expect(intervalMs).toBe(60_000);
    vi.useFakeTimers();
    let rounds = 0;
    const purge = async () => {
      rounds += 1;
      if (rounds === 2) throw new Error('store down');
      return result as never;
    };
    const seen: Array<[unknown, boolean]> = [];
    const schedule = start(purge, (round, error) => seen.push([round, error !== undefined]));
    await vi.advanceTimersByTimeAsync(intervalMs - 1);
    expect(rounds).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(rounds).toBe(1);
    await vi.advanceTimersByTimeAsync(2 * intervalMs);
    expect(seen).toEqual([
      [result, false],
      [undefined, true],
      [result, false],
    ]);
    await schedule.stop();
    await vi.advanceTimersByTimeAsync(10 * intervalMs);
    expect(rounds).toBe(3);
  });

  it('with leases, runs only the rounds this instance claims, and gives the lease up as it stops', async () => {
    vi.useFakeTimers();
    // Another instance holds the second minute's round; the claim of the fourth fails (the store down).
    const claims = [true, false, true, 'down', true];
    const leased: Array<[string, number]> = [];
    let released = 0;
    const leases: RoundLeases = (name, ms) => {
      leased.push([name, ms]);
      return {
        async claim() {
          const claimed = claims.shift();
          if (claimed === 'down') throw new Error('store down');
          return claimed === true;
        },
        async release() {
          released += 1;
        },
      };
    };
    let rounds = 0;
    const seen: Array<[unknown, boolean]> = [];
    const schedule = start(
      async () => ((rounds += 1), result as never),
      (round, error) => seen.push([round, error !== undefined]),
      leases,
    );
    expect(leased).toEqual([[task, intervalMs]]);
    await vi.advanceTimersByTimeAsync(5 * intervalMs);
    expect(rounds).toBe(3);
    expect(seen).toEqual([
      [result, false],
      [result, false],
      [undefined, true],
      [result, false],
    ]);
    expect(released).toBe(0);
    await schedule.stop();
    expect(released).toBe(1);
  });
});

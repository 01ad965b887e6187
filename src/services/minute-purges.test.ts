/**
 * `sspr serve`'s minute purges (shown-once claims, the agent queue, verification codes) are each a `startRepeating`
 * with their own interval: each purges every minute, survives a failing round, and stops. One table of them, so a
 * new purge is one row here rather than another copy of the test.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RepeatingTask } from './repeating-task.js';
import { shownOncePurgeIntervalMs, startShownOncePurge } from './admin/shown-once-service.js';
import { agentQueuePurgeIntervalMs, startAgentQueuePurge } from './agent/agent-queue-purge.js';
import { codePurgeIntervalMs, startCodePurge } from './security-info/code-purge.js';

afterEach(() => {
  vi.useRealTimers();
});

type Start = (purge: () => Promise<never>, onRound: (result: unknown, error?: unknown) => void) => RepeatingTask;
const purges: Array<[string, Start, number, unknown]> = [
  ['startShownOncePurge', startShownOncePurge, shownOncePurgeIntervalMs, 4],
  ['startAgentQueuePurge', startAgentQueuePurge, agentQueuePurgeIntervalMs, { expired: 1, deleted: 2 }],
  ['startCodePurge', startCodePurge, codePurgeIntervalMs, 7],
];

describe.each(purges)('%s', (_name, start, intervalMs, result) => {
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
});

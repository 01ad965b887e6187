import { afterEach, describe, expect, it, vi } from 'vitest';
import { startSyncSchedule, type SyncRoundOutcome } from './directory-sync-schedule.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('startSyncSchedule', () => {
  it('runs a round every interval, timed from the end of the last one, and stop waits for a running round', async () => {
    vi.useFakeTimers();
    let active = 0;
    let maxActive = 0;
    let rounds = 0;
    let release: (() => void) | undefined;
    const service = {
      runScheduled: async (): Promise<SyncRoundOutcome> => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        rounds += 1;
        await new Promise<void>((resolve) => (release = resolve));
        active -= 1;
        return [{ tenantId: 't', result: { ok: false, code: 'DIRECTORY_SYNC_IN_PROGRESS' } }];
      },
    };
    const seen: SyncRoundOutcome[] = [];
    const schedule = startSyncSchedule(service, 30, (outcomes) => seen.push(outcomes));
    await vi.advanceTimersByTimeAsync(29 * 60_000);
    expect(rounds).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(rounds).toBe(1);
    // A long round: no second round starts while it runs.
    await vi.advanceTimersByTimeAsync(90 * 60_000);
    expect(rounds).toBe(1);
    release?.();
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    expect(rounds).toBe(2);
    expect(maxActive).toBe(1);
    const stopping = schedule.stop();
    let stoppedEarly = false;
    void stopping.then(() => (stoppedEarly = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stoppedEarly).toBe(false);
    release?.();
    await stopping;
    await vi.advanceTimersByTimeAsync(120 * 60_000);
    expect(rounds).toBe(2);
    expect(seen).toHaveLength(2);
  });

  it('is off at interval 0, and a failing round does not end the schedule', async () => {
    vi.useFakeTimers();
    const off = { runScheduled: vi.fn(async (): Promise<SyncRoundOutcome> => []) };
    await startSyncSchedule(off, 0, () => undefined).stop();
    await vi.advanceTimersByTimeAsync(10 * 24 * 60 * 60_000);
    expect(off.runScheduled).not.toHaveBeenCalled();

    let calls = 0;
    const failing = {
      runScheduled: async (): Promise<SyncRoundOutcome> => {
        calls += 1;
        throw new Error('store down');
      },
    };
    const errors: unknown[] = [];
    const schedule = startSyncSchedule(failing, 1, (_outcomes, error) => errors.push(error));
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(calls).toBe(3);
    expect(errors).toHaveLength(3);
    await schedule.stop();
  });
});

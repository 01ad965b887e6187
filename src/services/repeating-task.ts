/**
 * One background task of `sspr serve` repeated every `intervalMs`, the next round timed from the end of the previous
 * one so rounds never overlap within an instance (across instances the task's own leases or compare-and-set keep
 * them apart). `stop` waits for a running round, so shutdown never cuts a transaction batch in half.
 */
import type { RoundLease } from './round-lease.js';

export interface RepeatingTask {
  stop(): Promise<void>;
}

/**
 * With a `lease` (round-lease.ts) a round runs only when this instance claims it; a round another instance holds is
 * skipped without a call to `onRound`, and `stop` gives the lease up.
 */
export const startRepeating = <T>(
  work: () => Promise<T>,
  intervalMs: number,
  onRound: (value: T | undefined, error?: unknown) => void,
  lease?: RoundLease,
): RepeatingTask => {
  let stopped = false;
  let running: Promise<void> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const round = async () => {
    try {
      if (lease && !(await lease.claim())) return;
      onRound(await work());
    } catch (error) {
      // A store outage must not end the schedule; the next round tries again.
      onRound(undefined, error);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round().finally(() => {
        running = undefined;
        schedule();
      });
    }, intervalMs);
    // The schedule alone never keeps the process alive.
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      // A release that fails (the store gone) only leaves the lease to expire: shutdown goes on.
      await lease?.release().catch(() => undefined);
    },
  };
};

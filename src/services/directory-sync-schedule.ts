/**
 * The sync schedule of `sspr serve`: a round of `runScheduled` (every tenant with a directory connection)
 * every `intervalMinutes`, the next round timed from the end of the previous one so rounds never overlap
 * within an instance; across instances the per-connection lease keeps them apart. `stop` waits for a
 * running round, so shutdown never cuts a transaction batch in half.
 */
import type { DirectorySyncService } from './directory-sync-service.js';

export type SyncRoundOutcome = Awaited<ReturnType<DirectorySyncService['runScheduled']>>;

export interface SyncSchedule {
  stop(): Promise<void>;
}

export const startSyncSchedule = (
  service: Pick<DirectorySyncService, 'runScheduled'>,
  intervalMinutes: number,
  onRound: (outcomes: SyncRoundOutcome, error?: unknown) => void,
): SyncSchedule => {
  if (intervalMinutes <= 0) return { stop: async () => undefined };
  let stopped = false;
  let running: Promise<void> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const round = async () => {
    try {
      onRound(await service.runScheduled());
    } catch (error) {
      // A store outage must not end the schedule; the next round tries again.
      onRound([], error);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round().finally(() => {
        running = undefined;
        schedule();
      });
    }, intervalMinutes * 60_000);
    // The schedule alone never keeps the process alive.
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
};

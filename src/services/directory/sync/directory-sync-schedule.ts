/**
 * The sync schedule of `sspr serve`: a round of `runScheduled` (every tenant with a directory connection)
 * every `intervalMinutes`, the next round timed from the end of the previous one so rounds never overlap
 * within an instance; across instances the per-connection lease keeps them apart. `stop` waits for a
 * running round, so shutdown never cuts a transaction batch in half.
 */
import type { DirectorySyncService } from './directory-sync-service.js';
import { startRepeating, type RepeatingTask } from '../../repeating-task.js';

export type SyncRoundOutcome = Awaited<ReturnType<DirectorySyncService['runScheduled']>>;

export type SyncSchedule = RepeatingTask;

export const startSyncSchedule = (
  service: Pick<DirectorySyncService, 'runScheduled'>,
  intervalMinutes: number,
  onRound: (outcomes: SyncRoundOutcome, error?: unknown) => void,
): SyncSchedule => {
  if (intervalMinutes <= 0) return { stop: () => Promise.resolve() };
  return startRepeating(
    () => service.runScheduled(),
    intervalMinutes * 60_000,
    (outcomes, error) => onRound(outcomes ?? [], error),
  );
};

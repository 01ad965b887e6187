/** Sync outcomes as the CLI and `sspr serve` print them (English, as every CLI message). */
import type { GroupCounts } from '../core/directory/sync-model.js';

/**
 * "disable 3 users and delete 2 groups" from a DIRECTORY_SYNC_THRESHOLD_EXCEEDED error's details; a record from
 * before groups were counted has `pending` only, all of them users.
 */
export const describeWithheld = (details: Record<string, unknown>): string => {
  const users = typeof details.pendingUsers === 'number' ? details.pendingUsers : Number(details.pending ?? 0);
  const groups = typeof details.pendingGroups === 'number' ? details.pendingGroups : 0;
  return `disable ${users} users and delete ${groups} groups`;
};

/** "in use (kept) 1, name taken 2" from a run's group counts. */
export const describeGroupSkips = (groups: GroupCounts): string => {
  const labels: Record<keyof GroupCounts['skippedReasons'], string> = {
    incomplete: 'no anchor or name',
    nameTaken: 'name taken',
    groupInUse: 'gone but in use (kept)',
  };
  return Object.entries(groups.skippedReasons ?? {})
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${labels[reason as keyof typeof labels] ?? reason} ${n}`)
    .join(', ');
};

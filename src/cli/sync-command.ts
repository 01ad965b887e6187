/**
 * `sspr sync --tenant D [--full] [--allow-deletions] [--json]`: syncs users and groups from the tenant's on-premises
 * directory. Progress goes to stderr (one line per page, or one updating line on a terminal), so stdout stays the
 * result: the counts as one JSON document with --json. A run stopped by the deletion threshold exits 1 with
 * DIRECTORY_SYNC_THRESHOLD_EXCEEDED (`pending`, `pendingUsers`, `pendingGroups`, `threshold` in the JSON error) and
 * says how to go on.
 */
import type { Command } from 'commander';
import type { SyncCounts } from '../core/directory/sync-model.js';
import { SsprError } from '../core/errors.js';
import { describeGroupSkips, describeWithheld } from './sync-text.js';
import { cliActor } from '../services/audit/audit-recorder.js';
import type { SyncProgress } from '../services/directory/sync/directory-sync-service.js';
import { runCommand } from './context.js';

const describeCounts = (c: SyncCounts): string =>
  [
    `${c.full ? 'full' : 'incremental'} sync: users ${c.created} created, ${c.updated} updated, ${c.disabled} disabled, ${c.unchanged} unchanged, ${c.skipped} skipped`,
    ...(c.skipped > 0
      ? [
          `  skipped: ${Object.entries(c.skippedReasons)
            .filter(([, n]) => n > 0)
            .map(([reason, n]) => `${reason} ${n}`)
            .join(', ')}`,
        ]
      : []),
    ...(c.phonesSkipped > 0 ? [`  phone numbers left out (not valid E.164): ${c.phonesSkipped}`] : []),
    `  groups ${c.groups.created} created, ${c.groups.updated} updated, ${c.groups.deleted} deleted, ${c.groups.unchanged} unchanged, ${c.groups.skipped} skipped; members ${c.groups.membersAdded} added, ${c.groups.membersRemoved} removed`,
    ...(c.groups.skipped > 0 ? [`  groups skipped: ${describeGroupSkips(c.groups)}`] : []),
    ...(!c.deletionsSeen
      ? [
          '  deletions not seen (OpenLDAP, or AD Deleted Objects not readable by the service account): the next full sync finds them',
        ]
      : []),
  ].join('\n');

/** What the operator can do next: one line, since errors print their first line only. */
const thresholdAdvice = (tenant: string, full: boolean, details: Record<string, unknown>): string =>
  `the ${full ? 'full' : 'incremental'} sync would ${describeWithheld(details)}, more than the connection's deletion threshold (${String(details.threshold)}), so it did none of it ` +
  `(every other change was applied). Check why the directory no longer returns them or disables them (base DN, filter, moved OU, a bulk change); if that is ` +
  `really so, run \`sspr sync --tenant ${tenant}${full ? ' --full' : ''} --allow-deletions\` once, or change the threshold with ` +
  `\`sspr directory set --tenant ${tenant} --id ${String(details.connectionId)} --deletion-threshold N\` (0: off)`;

/** On a terminal one line rewritten in place; otherwise a line per page (logs, CI). */
const progressReporter = (json: boolean): ((progress: SyncProgress) => void) | undefined => {
  const tty = process.stderr.isTTY === true;
  if (json && !tty) return undefined;
  return (progress) => {
    const line = `sync: ${progress.phase} ${progress.entries}`;
    process.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
  };
};

export const registerSyncCommand = (program: Command) => {
  program
    .command('sync')
    .description("sync users and groups from the tenant's on-premises directory (incremental unless --full)")
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .option('--full', 'read every entry and disable the users the directory no longer has')
    .option(
      '--allow-deletions',
      "disable users (gone from the directory, or disabled there) and delete groups gone from it even if more than the connection's deletion threshold (after review; audited)",
    )
    .option('--json', 'print the counts as one JSON document')
    .action(
      runCommand<{ tenant: string; full?: boolean; allowDeletions?: boolean; json?: boolean }>(async (app, o, out) => {
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        const onProgress = progressReporter(Boolean(o.json));
        const result = await app.services.directorySync.syncTenant(tenant.tenantId, {
          full: Boolean(o.full),
          ...(onProgress && { onProgress }),
          ...(o.allowDeletions && { allowDeletions: { actor: cliActor } }),
        });
        if (onProgress && process.stderr.isTTY) process.stderr.write('\n');
        if (!result.ok && result.code === 'DIRECTORY_SYNC_THRESHOLD_EXCEEDED') {
          throw new SsprError(
            result.code,
            thresholdAdvice(
              o.tenant,
              (result.details?.counts as SyncCounts | undefined)?.full ?? Boolean(o.full),
              result.details ?? {},
            ),
            result.details ?? {},
          );
        }
        if (!result.ok) throw new SsprError(result.code, undefined, result.details ?? {});
        out.result(result.value, () => describeCounts(result.value));
      }),
    );
};

/**
 * `sspr sync --tenant D [--full] [--json]`: syncs users and groups from the tenant's on-premises directory.
 * Progress goes to stderr (one line per page, or one updating line on a terminal), so stdout stays the
 * result: the counts as one JSON document with --json.
 */
import type { Command } from 'commander';
import type { SyncCounts } from '../core/directory/sync-model.js';
import { SsprError } from '../core/errors.js';
import type { SyncProgress } from '../services/directory-sync-service.js';
import { runCommand } from './context.js';

const describeCounts = (c: SyncCounts): string =>
  [
    `${c.full ? 'full' : 'incremental'} sync: users ${c.created} created, ${c.updated} updated, ${c.disabled} disabled, ${c.unchanged} unchanged, ${c.skipped} skipped`,
    ...(c.skipped > 0
      ? [`  skipped: ${Object.entries(c.skippedReasons).filter(([, n]) => n > 0).map(([reason, n]) => `${reason} ${n}`).join(', ')}`]
      : []),
    ...(c.phonesSkipped > 0 ? [`  phone numbers left out (not valid E.164): ${c.phonesSkipped}`] : []),
    `  groups ${c.groups.created} created, ${c.groups.updated} updated, ${c.groups.deleted} deleted, ${c.groups.unchanged} unchanged, ${c.groups.skipped} skipped; members ${c.groups.membersAdded} added, ${c.groups.membersRemoved} removed`,
  ].join('\n');

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
    .option('--json', 'print the counts as one JSON document')
    .action(runCommand<{ tenant: string; full?: boolean; json?: boolean }>(async (app, o, out) => {
      const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
      const onProgress = progressReporter(Boolean(o.json));
      const result = await app.services.directorySync.syncTenant(tenant.tenantId, { full: Boolean(o.full), ...(onProgress && { onProgress }) });
      if (onProgress && process.stderr.isTTY) process.stderr.write('\n');
      if (!result.ok) throw new SsprError(result.code, undefined, result.details ?? {});
      out.result(result.value, () => describeCounts(result.value));
    }));
};

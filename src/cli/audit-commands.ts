import type { Command } from 'commander';
import { runCommand } from './context.js';
import { wholeNumber } from './flags.js';
import { table } from './output.js';

interface ListOptions {
  tenant: string;
  since?: string;
  activity?: string;
  limit?: string;
  json?: boolean;
}

export const registerAuditCommands = (program: Command) => {
  const audit = program.command('audit').description("the tenant's audit log (Entra's activity names)");
  audit
    .command('list')
    .description('audit events, newest first')
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .option('--since <iso>', 'only events at or after this instant (ISO 8601)')
    .option('--activity <name>', 'only this activity, e.g. "Reset password (self-service)"')
    .option('--limit <n>', 'at most this many events (default 1000)')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<ListOptions>(async (app, o, out) => {
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        const limit = wholeNumber(o.limit, '--limit', 'VALIDATION_FAILED');
        const events = await app.services.audit.list(tenant.tenantId, {
          ...(o.since !== undefined && { since: o.since }),
          ...(o.activity && { activity: o.activity }),
          ...(limit !== undefined && { limit }),
        });
        out.result(events, () =>
          events.length === 0
            ? 'no audit events'
            : table([
                ['time', 'activity', 'result', 'actor', 'target', 'detail'],
                ...events.map((e) => [
                  e.occurredAt,
                  e.activity,
                  e.result,
                  e.actor.upn ?? e.actor.type,
                  e.target?.name ?? '',
                  String(e.details.detail ?? e.resultReason ?? ''),
                ]),
              ]),
        );
      }),
    );

  audit
    .command('verify')
    .description("check the tenant's audit hash chain; names the first broken link (exit code 1 when broken)")
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ tenant: string; json?: boolean }>(async (app, o, out) => {
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        const result = await app.services.audit.verify(tenant.tenantId);
        out.result({ tenant: tenant.domains[0], ...result }, () => {
          const anchor =
            result.anchor.seq > 0 ? ` (events up to ${result.anchor.seq} purged; anchor ${result.anchor.hash})` : '';
          const pending = result.pending > 0 ? `; ${result.pending} newer events pending their seal` : '';
          if (result.ok)
            return `audit chain intact: ${result.checked} events, positions ${result.anchor.seq + 1}-${result.lastSeq}${anchor}${pending}`;
          const b = result.firstBreak!;
          return [
            `audit chain BROKEN at position ${b.seq}: ${breakText[b.reason]}`,
            b.eventId ? `  event ${b.eventId}${b.activity ? ` (${b.activity}, ${b.occurredAt})` : ''}` : '',
            `  ${result.checked} events before it verified${anchor}`,
          ]
            .filter(Boolean)
            .join('\n');
        });
        // A broken chain is a finding, not a usage error: exit 1 so scripts and monitoring notice.
        if (!result.ok) process.exitCode = 1;
      }),
    );
};

const breakText = {
  hashMismatch: 'the event was changed after it was written (its hash no longer matches)',
  previousHashMismatch: 'the link to the event before it was cut or rewritten',
  missingEvents: 'events are missing from here on',
  missingTail: 'the newest events were removed',
  anchorUnexplained: 'events were removed without a recorded purge',
} as const;

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
};

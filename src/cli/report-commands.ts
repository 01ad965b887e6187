import { once } from 'node:events';
import type { Command } from 'commander';
import { parseRegistrationQuery } from '../services/reports/registration-report.js';
import { registrationCsv, usageCsv } from '../services/reports/report-csv.js';
import { runCommand } from './context.js';
import { table } from './output.js';

interface ReportOptions {
  tenant: string;
  json?: boolean;
  csv?: boolean;
}

interface RegistrationOptions extends ReportOptions {
  registered?: string;
  capable?: string;
  method?: string;
  group?: string;
  top?: string;
  skip?: string;
}

interface UsageOptions extends ReportOptions {
  since?: string;
  until?: string;
}

/** Writes CSV lines to stdout as they come, waiting when the pipe is full (flat memory for any size). */
const writeCsv = async (lines: AsyncIterable<string>) => {
  for await (const line of lines) if (!process.stdout.write(line)) await once(process.stdout, 'drain');
};

/** Only the flags given, as the query string the API takes, so both are checked by the same rules. */
const queryOf = (options: object, keys: readonly string[]) =>
  Object.fromEntries(
    Object.entries(options).filter(([key, value]) => keys.includes(key) && typeof value === 'string'),
  ) as Record<string, string>;

export const registerReportCommands = (program: Command) => {
  const report = program.command('report').description('Usage & insights: registration and usage reports');
  report
    .command('registration')
    .description("users' SSPR registration: registered, enabled, capable, methods (Entra's userRegistrationDetails)")
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .option('--registered <true|false>', 'only users registered (or not) for SSPR')
    .option('--capable <true|false>', 'only users capable (or not) of a reset')
    .option('--method <kind>', 'only users with this method, e.g. alternateEmail, mobilePhone, authenticatorApp')
    .option('--group <name>', 'only members of this group (nested membership included)')
    .option('--top <n>', 'rows to show (1-1000, default 100); --csv writes every row')
    .option('--skip <n>', 'rows to skip first')
    .option('--json', 'print one JSON document')
    .option('--csv', 'write CSV to standard output')
    .action(
      runCommand<RegistrationOptions>(async (app, o, out) => {
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        const { filter, page } = parseRegistrationQuery(
          queryOf(o, ['registered', 'capable', 'method', 'group', 'top', 'skip']),
        );
        const reports = app.services.registrationReport;
        if (o.csv) return writeCsv(registrationCsv(reports.rows(tenant.tenantId, filter)));
        const summary = await reports.summary(tenant.tenantId, filter, page);
        const yes = (b: boolean) => (b ? 'yes' : 'no');
        out.result(summary, () =>
          [
            `users ${summary.totals.users}: registered ${summary.totals.registered}, capable ${summary.totals.capable}`,
            `by method: ${summary.byMethod.map((m) => `${m.method} ${m.count}`).join(', ')}`,
            table([
              ['user', 'admin', 'registered', 'enabled', 'capable', 'methods', 'default', 'last update'],
              ...summary.value.map((r) => [
                r.userPrincipalName,
                yes(r.isAdmin),
                yes(r.isSsprRegistered),
                r.isSsprEnabled ? 'yes' : `no (${r.ssprDisabledReason})`,
                yes(r.isSsprCapable),
                r.methodsRegistered.join(', '),
                r.defaultMethod ?? '',
                r.lastUpdatedDateTime ?? '',
              ]),
            ]),
          ].join('\n'),
        );
      }),
    );
  report
    .command('usage')
    .description('resets, unlocks and registrations per day (needs a P1/P2 licence, as Entra)')
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .option('--since <iso>', 'from this date or instant (default: 30 days ago)')
    .option('--until <iso>', 'up to this date or instant (default: now)')
    .option('--json', 'print one JSON document')
    .option('--csv', 'write CSV (one line per day) to standard output')
    .action(
      runCommand<UsageOptions>(async (app, o, out) => {
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        const usage = await app.services.logs.usage(tenant.tenantId, queryOf(o, ['since', 'until']));
        if (o.csv) return writeCsv(usageCsv(usage));
        const t = usage.totals;
        out.result(usage, () =>
          [
            `${usage.since} – ${usage.until}`,
            `resets: ${t.resetsSucceeded} succeeded, ${t.resetsFailed} failed; unlocks: ${t.unlocksSucceeded} succeeded, ${t.unlocksFailed} failed; registrations: ${t.registrations}`,
            `failures: ${usage.failures.map((f) => `${f.reason} ${f.count}`).join(', ')}`,
            `by method: ${usage.byMethod.map((m) => `${m.method} ${m.count}`).join(', ') || 'none'}`,
            table([
              ['day', 'resets ok', 'resets failed', 'unlocks ok', 'unlocks failed', 'registrations'],
              ...usage.days.map((d) => [
                d.day,
                String(d.resetsSucceeded),
                String(d.resetsFailed),
                String(d.unlocksSucceeded),
                String(d.unlocksFailed),
                String(d.registrations),
              ]),
            ]),
          ].join('\n'),
        );
      }),
    );
};

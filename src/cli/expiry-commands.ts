import type { Command } from 'commander';
import { SsprError } from '../core/errors.js';
import type { PasswordExpiryView } from '../services/password/password-expiry-service.js';
import { cliActor } from '../services/audit/audit-recorder.js';
import { runCommand } from './context.js';
import { onOff, wholeNumber } from './flags.js';
import { table } from './output.js';

const describe = (view: PasswordExpiryView) =>
  [
    table([
      ['DOMAIN', 'EXPIRES AFTER', 'NOTIFY'],
      ...view.domains.map((d) => [
        d.domain,
        d.validityDays === null ? 'never' : `${d.validityDays} days`,
        `${d.notifyDays} days`,
      ]),
    ]),
    `reminders: ${view.reminders.reminderDays.join(', ')} days before expiry; SMS ${view.reminders.smsReminders ? 'on' : 'off'}; at most ${view.reminders.dailyReminderCap} a day`,
    ...view.warnings.map((w) => `warning: ${w}`),
  ].join('\n');

/** `--days N` or `--days never`. */
const daysOf = (value: string | undefined) =>
  value === 'never' ? null : wholeNumber(value, '--days', 'EXPIRY_DAYS_OUT_OF_RANGE');

/** `sspr password expiry show|set|user` (under `sspr password`) and `sspr expiry preview` (issue #16). */
export const registerExpiryCommands = (program: Command, password: Command): void => {
  const expiry = password.command('expiry').description('password expiry per domain and reminders before it');
  expiry
    .command('show')
    .description("each domain's expiry and the reminder settings")
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ tenant: string; json?: boolean }>(async (app, o, out) => {
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        const view = await app.services.passwordExpiry.show(tenant.tenantId);
        out.result(view, () => describe(view));
      }),
    );
  expiry
    .command('set')
    .description('set a domain\'s expiry (--days 14-730, or "never") and the reminder settings')
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .option('--domain <domain>', 'the domain to set (default: the one given to --tenant)')
    .option('--days <n|never>', 'days before passwords expire (14-730), or never')
    .option('--notify-days <n>', 'days before expiry that users are notified (1-30, default 14)')
    .option('--reminder-days <list>', 'reminder thresholds in days, comma-separated (default 14,7,1)')
    .option('--sms <on|off>', 'also remind by SMS')
    .option('--daily-cap <n>', 'reminder messages per day at most')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{
        tenant: string;
        domain?: string;
        days?: string;
        notifyDays?: string;
        reminderDays?: string;
        sms?: string;
        dailyCap?: string;
        json?: boolean;
      }>(async (app, o, out) => {
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        const reminderDays = o.reminderDays?.split(',').map((d) => {
          if (!/^\s*\d+\s*$/.test(d))
            throw new SsprError('EXPIRY_REMINDER_DAYS_INVALID', '--reminder-days: whole days, comma-separated');
          return Number(d);
        });
        const days = daysOf(o.days);
        const change = {
          domain: o.domain ?? o.tenant,
          ...(days !== undefined && { validityDays: days }),
          ...(o.notifyDays !== undefined && {
            notifyDays: wholeNumber(o.notifyDays, '--notify-days', 'EXPIRY_NOTIFY_DAYS_OUT_OF_RANGE'),
          }),
          ...(reminderDays && { reminderDays }),
          ...(o.sms !== undefined && { smsReminders: onOff(o.sms, '--sms', 'VALIDATION_FAILED') }),
          ...(o.dailyCap !== undefined && {
            dailyReminderCap: wholeNumber(o.dailyCap, '--daily-cap', 'EXPIRY_DAILY_CAP_INVALID'),
          }),
        };
        const view = await app.services.passwordExpiry.update(tenant.tenantId, change, cliActor);
        out.result(view, () => describe(view));
      }),
    );
  expiry
    .command('user')
    .description("show when a user's password expires; --never-expires on|off sets the service-account opt-out")
    .requiredOption('--upn <upn>', 'the user')
    .option('--never-expires <on|off>', 'password never expires')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ upn: string; neverExpires?: string; json?: boolean }>(async (app, o, out) => {
        const { tenant } = await app.services.users.findUserWithTenant(o.upn);
        const principal = { tenantId: tenant.tenantId, roles: ['GlobalAdministrator'] };
        let user = await app.services.passwordExpiry.userFor(principal, o.upn);
        const flag = onOff(o.neverExpires, '--never-expires', 'VALIDATION_FAILED');
        if (flag !== undefined) {
          await app.services.passwordExpiry.setPasswordNeverExpires(user, flag, cliActor);
          user = { ...user, passwordNeverExpires: flag };
        }
        const expiresAt = await app.services.passwordExpiry.expiresAtOf(user);
        const shown = {
          upn: user.upn,
          passwordNeverExpires: user.passwordNeverExpires === true,
          expiresAt: expiresAt?.toISOString() ?? null,
          expired: await app.services.passwordExpiry.hasExpired(user),
        };
        out.result(shown, () =>
          shown.passwordNeverExpires
            ? `${shown.upn}: password never expires`
            : `${shown.upn}: ${shown.expiresAt ? `expires ${shown.expiresAt}${shown.expired ? ' (expired)' : ''}` : 'does not expire'}`,
        );
      }),
    );

  program
    .command('expiry')
    .description('password expiry reminders')
    .command('preview')
    .description('list who would be reminded of an expiring password, and when, without sending anything')
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .option('--as-of <iso-date>', 'plan as of this date or date-time (default: now)')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ tenant: string; asOf?: string; json?: boolean }>(async (app, o, out) => {
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        const asOf = o.asOf === undefined ? app.services.deps.clock.now() : parseIsoDate(o.asOf);
        const planned = await app.services.passwordExpiry.preview(tenant.tenantId, asOf);
        out.result({ asOf: asOf.toISOString(), users: planned }, () =>
          planned.length === 0
            ? 'nobody would be reminded'
            : table([
                ['USER', 'EXPIRES', 'REMINDERS'],
                ...planned.map((p) => [
                  p.upn,
                  p.expiresAt.slice(0, 16).replace('T', ' '),
                  p.reminders
                    .map((r) => `${r.days}d ${r.status === 'scheduled' ? r.at.slice(0, 10) : r.status}`)
                    .join(', '),
                ]),
              ]),
        );
      }),
    );
};

/** `2026-12-06` or a full ISO 8601 date-time; anything else is refused rather than guessed. */
export const parseIsoDate = (value: string): Date => {
  const ok = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value);
  const date = new Date(value.length === 10 ? `${value}T00:00:00.000Z` : value);
  if (!ok || Number.isNaN(date.getTime()))
    throw new SsprError('EXPIRY_AS_OF_INVALID', '--as-of must be an ISO 8601 date (2026-12-06) or date-time');
  return date;
};

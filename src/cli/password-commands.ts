import type { Command } from 'commander';
import { SsprError } from '../core/errors.js';
import { violationMessage } from '../i18n/violations.js';
import { cliActor } from '../services/audit/audit-recorder.js';
import { runCommand } from './context.js';
import { onOff, wholeNumber } from './flags.js';

export const registerPasswordCommands = (program: Command): Command => {
  const password = program.command('password').description('password protection: check, banned terms, settings');

  password
    .command('check')
    .description(
      "evaluate a candidate password for a user under the tenant's policy (exit 0 whenever it was evaluated)",
    )
    .requiredOption('--upn <upn>', 'the user the password is for')
    .argument('<password>', 'the candidate password')
    .option('--json', 'print one JSON document')
    .action((candidate: string, options: { upn: string; json?: boolean }) =>
      runCommand<{ upn: string; json?: boolean }>(async (app, o, out) => {
        const { tenant, user } = await app.services.users.findUserWithTenant(o.upn);
        const verdict = await app.services.passwordProtection.evaluate({ tenant, user }, candidate);
        out.result(verdict, () =>
          verdict.accepted
            ? `accepted (score ${verdict.score})`
            : [
                `rejected (score ${verdict.score}):`,
                ...verdict.violations.map((v) => `  - ${v.code}: ${violationMessage('en', v)}`),
              ].join('\n'),
        );
      })(options),
    );

  const banned = password
    .command('banned')
    .description("the tenant's custom banned password list (at most 1,000 terms of 4-16 characters)");
  banned
    .command('add')
    .description('add terms to the custom banned list')
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .argument('<terms...>', 'terms to ban, e.g. contoso fabrikam')
    .option('--json', 'print one JSON document')
    .action((terms: string[], options: { tenant: string; json?: boolean }) =>
      runCommand<{ tenant: string; json?: boolean }>(async (app, o, out) => {
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        const result = await app.services.passwordProtection.addCustomTerms(tenant.tenantId, terms, cliActor);
        const settings = await app.services.passwordProtection.settingsOf(tenant.tenantId);
        out.result(
          { ...result, enforced: settings.enforceCustomList },
          () => `added ${result.added.length} term(s); the list has ${result.total}`,
        );
        if (!settings.enforceCustomList)
          out.info(
            `note: the custom list is not enforced; run: sspr password settings set --tenant ${o.tenant} --custom-list on`,
          );
      })(options),
    );
  banned
    .command('remove')
    .description('remove terms from the custom banned list')
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .argument('<terms...>', 'terms to remove')
    .option('--json', 'print one JSON document')
    .action((terms: string[], options: { tenant: string; json?: boolean }) =>
      runCommand<{ tenant: string; json?: boolean }>(async (app, o, out) => {
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        const result = await app.services.passwordProtection.removeCustomTerms(tenant.tenantId, terms, cliActor);
        if (result.removed === 0) throw new SsprError('NOT_FOUND', 'none of these terms is on the custom banned list');
        out.result(result, () => `removed ${result.removed} term(s)`);
      })(options),
    );
  banned
    .command('list')
    .description('list the custom banned list')
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ tenant: string; json?: boolean }>(async (app, o, out) => {
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        const terms = await app.services.passwordProtection.listCustomTerms(tenant.tenantId);
        out.result(
          terms.map((t) => t.term),
          () => (terms.length === 0 ? '(empty)' : terms.map((t) => t.term).join('\n')),
        );
      }),
    );

  const settings = password.command('settings').description("the tenant's password protection settings");
  settings
    .command('show')
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ tenant: string; json?: boolean }>(async (app, o, out) => {
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        const shown = await app.services.passwordProtection.settingsOf(tenant.tenantId);
        out.result(shown, () =>
          Object.entries(shown)
            .map(([k, v]) => `${k}: ${String(v)}`)
            .join('\n'),
        );
      }),
    );
  settings
    .command('set')
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .option('--profile <profile>', 'entra (default) or nist (SP 800-63B)')
    .option('--min-length <n>', 'NIST profile minimum length (default 15, at least 8)')
    .option('--max-length <n>', 'NIST profile maximum length (at least 64)')
    .option('--custom-list <on|off>', 'enforce the custom banned list')
    .option('--breached <on|off>', 'check breached-password corpora (always on with the NIST profile)')
    .option('--common <on|off>', 'refuse the most common passwords (on by default)')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{
        tenant: string;
        profile?: string;
        minLength?: string;
        maxLength?: string;
        customList?: string;
        breached?: string;
        common?: string;
        json?: boolean;
      }>(async (app, o, out) => {
        if (o.profile !== undefined && o.profile !== 'entra' && o.profile !== 'nist')
          throw new SsprError('SETTING_INVALID', '--profile must be "entra" or "nist"');
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        const changes = Object.fromEntries(
          Object.entries({
            profile: o.profile,
            nistMinLength: wholeNumber(o.minLength, '--min-length', 'SETTING_INVALID'),
            nistMaxLength: wholeNumber(o.maxLength, '--max-length', 'SETTING_INVALID'),
            enforceCustomList: onOff(o.customList, '--custom-list', 'SETTING_INVALID'),
            breachedCheck: onOff(o.breached, '--breached', 'SETTING_INVALID'),
            commonPasswordCheck: onOff(o.common, '--common', 'SETTING_INVALID'),
          }).filter(([, v]) => v !== undefined),
        );
        const updated = await app.services.passwordProtection.updateSettings(tenant.tenantId, changes, cliActor);
        out.result(updated, () =>
          Object.entries(updated)
            .map(([k, v]) => `${k}: ${String(v)}`)
            .join('\n'),
        );
      }),
    );
  return password;
};

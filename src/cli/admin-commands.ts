import type { Command } from 'commander';
import type { App } from '../app.js';
import { SsprError } from '../core/errors.js';
import { cliPrincipal } from '../services/admin/admin-principal.js';
import type { UserPatch } from '../services/admin/user-admin-service.js';
import { runCommand } from './context.js';
import { collect, onOff, userFieldsOf, wholeNumber, type UserFieldFlags } from './flags.js';
import { table } from './output.js';

type UpdateOptions = UserFieldFlags & { upn: string; enabled?: string; json?: boolean };

/** The CLI's patch: a flag given as "" clears the field, as null does in the API. */
const patchOf = (o: UpdateOptions): UserPatch => {
  const patch: UserPatch = userFieldsOf(o);
  const enabled = onOff(o.enabled, '--enabled', 'VALIDATION_FAILED');
  if (enabled !== undefined) patch.accountEnabled = enabled;
  if (Object.keys(patch).length === 0)
    throw new SsprError('VALIDATION_FAILED', 'nothing to change: give at least one field flag');
  return patch;
};

/**
 * User administration beyond create/list/show, and API tokens. The CLI acts as the operator (Global
 * Administrator's reach), through the same services and audit as the admin API.
 */
export const registerAdminCommands = (program: Command) => {
  const user =
    program.commands.find((command) => command.name() === 'user') ??
    program.command('user').description('manage users');
  const principalFor = async (app: App, upn: string) =>
    cliPrincipal((await app.services.users.tenantOfUpn(upn)).tenant.tenantId);

  user
    .command('update')
    .description('change a user; a flag given as "" clears that field')
    .requiredOption('--upn <upn>', 'user principal name')
    .option('--display-name <name>', 'display name')
    .option('--given <name>', 'given name')
    .option('--surname <name>', 'surname')
    .option('--usage-location <cc>', 'two-letter usage location (recomputes licences)')
    .option('--mobile <number>', 'mobile phone, international format')
    .option('--office-phone <number>', 'office phone, international format')
    .option('--alternate-email <address>', 'alternate email address')
    .option('--enabled <on|off>', 'account enabled (off also signs the user out)')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<UpdateOptions>(async (app, o, out) => {
        const patch = patchOf(o);
        const updated = await app.services.userAdmin.update(await principalFor(app, o.upn), o.upn, patch);
        out.result(updated, () => `updated ${updated.upn}: ${Object.keys(patch).join(', ')}`);
      }),
    );

  user
    .command('delete')
    .description('delete a user')
    .requiredOption('--upn <upn>', 'user principal name')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ upn: string; json?: boolean }>(async (app, o, out) => {
        await app.services.userAdmin.remove(await principalFor(app, o.upn), o.upn);
        out.result({ upn: o.upn, deleted: true }, () => `deleted ${o.upn}`);
      }),
    );

  user
    .command('reset-password')
    .description("reset a user's password (admin reset): the one given, or a temporary one printed once")
    .requiredOption('--upn <upn>', 'user principal name')
    .option('--password <password>', 'the new password (default: generate a temporary one)')
    .option('--no-force-change', 'do not make the user change it at the next sign-in (the default, as in Entra, does)')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ upn: string; password?: string; forceChange: boolean; json?: boolean }>(async (app, o, out) => {
        const result = await app.services.userAdmin.resetPassword(await principalFor(app, o.upn), o.upn, o.password, {
          forceChange: o.forceChange,
        });
        out.result(result, () =>
          [
            `reset ${result.upn}; ${result.revokedSessions} session(s) signed out`,
            ...(result.temporaryPassword ? [`temporary password: ${result.temporaryPassword}`] : []),
            ...(result.forceChangePasswordNextSignIn ? ['the user must change it at the next sign-in'] : []),
          ].join('\n'),
        );
      }),
    );

  const role = user.command('role').description("a user's administrator roles");
  for (const verb of ['add', 'remove'] as const) {
    role
      .command(verb)
      .description(verb === 'add' ? 'assign a role' : 'remove a role')
      .requiredOption('--upn <upn>', 'user principal name')
      .requiredOption('--role <role>', 'e.g. "Helpdesk Administrator"')
      .option('--json', 'print one JSON document')
      .action(
        runCommand<{ upn: string; role: string; json?: boolean }>(async (app, o, out) => {
          const principal = await principalFor(app, o.upn);
          const updated =
            verb === 'add'
              ? await app.services.userAdmin.assignRole(principal, o.upn, o.role)
              : await app.services.userAdmin.removeRole(principal, o.upn, o.role);
          out.result(updated, () => `${updated.upn}: ${updated.roles.join(', ') || '(no roles)'}`);
        }),
      );
  }

  const token = program.command('token').description('API tokens for automation (Bearer on /api/v1/admin/*)');
  token
    .command('create')
    .description('create a token; it is printed once and only its keyed hash is kept')
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .requiredOption('--name <name>', 'what the token is for, e.g. "HR sync"')
    .requiredOption('--role <role>', 'a role the token acts with (repeatable), e.g. "User Administrator"', collect)
    .option('--expires-days <n>', 'lifetime in days, 1 to 365 (default 90)')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ tenant: string; name: string; role: string[]; expiresDays?: string; json?: boolean }>(
        async (app, o, out) => {
          const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
          const days = wholeNumber(o.expiresDays, '--expires-days', 'VALIDATION_FAILED');
          const created = await app.services.apiTokens.create(cliPrincipal(tenant.tenantId), {
            name: o.name,
            roles: o.role,
            ...(days !== undefined && { expiresInDays: days }),
          });
          out.result(created, () => created.token);
          out.info(
            `token "${created.name}" (${created.tokenId}) acts as ${created.roles.join(', ')} until ${created.expiresAt}; store it now, it is not shown again`,
          );
        },
      ),
    );
  token
    .command('list')
    .description("a tenant's tokens (never the tokens themselves)")
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ tenant: string; json?: boolean }>(async (app, o, out) => {
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        const tokens = await app.services.apiTokens.list(tenant.tenantId);
        out.result(tokens, () =>
          table([
            ['ID', 'NAME', 'ROLES', 'STATUS', 'EXPIRES', 'LAST USED'],
            ...tokens.map((t) => [t.tokenId, t.name, t.roles.join(','), t.status, t.expiresAt, t.lastUsedAt ?? '-']),
          ]),
        );
      }),
    );
  token
    .command('revoke')
    .description('revoke a token at once')
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .requiredOption('--id <id>', 'the token id (from token list)')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ tenant: string; id: string; json?: boolean }>(async (app, o, out) => {
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        const revoked = await app.services.apiTokens.revoke(cliPrincipal(tenant.tenantId), o.id);
        out.result(revoked, () => `revoked token "${revoked.name}" (${revoked.tokenId})`);
      }),
    );
};

import type { Command } from 'commander';
import { SsprError } from '../core/errors.js';
import { toUserView, type UserView } from '../services/identity/user-service.js';
import { runCommand } from './context.js';
import { collect, userFieldsOf, type UserFieldFlags } from './flags.js';
import { table } from './output.js';

const describeUser = (user: UserView) =>
  [
    `${user.displayName} <${user.upn}>`,
    `  source: ${user.source}   enabled: ${user.accountEnabled ? 'yes' : 'no'}   usage location: ${user.usageLocation ?? '(tenant default)'}`,
    `  roles: ${user.roles.join(', ') || '(none)'}`,
    `  mobile: ${user.mobilePhone ?? '-'}   office: ${user.officePhone ?? '-'}   alternate email: ${user.alternateEmail ?? '-'}`,
    `  password last set: ${user.passwordLastSetAt ?? '-'}`,
  ].join('\n');

export const registerDirectoryCommands = (program: Command) => {
  const tenant = program.command('tenant').description('manage tenants');
  tenant
    .command('create')
    .description('create a tenant with its first verified domain')
    .requiredOption('--name <name>', 'organisation name, e.g. Contoso')
    .requiredOption('--domain <domain>', 'verified domain, e.g. contoso.example')
    .option('--country <cc>', 'two-letter country: the default usage location', 'US')
    .option('--trial', 'mark the tenant as a trial')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ name: string; domain: string; country: string; trial?: boolean; json?: boolean }>(
        async (app, o, out) => {
          const created = await app.services.tenants.createTenant({
            name: o.name,
            domain: o.domain,
            country: o.country,
            isTrial: Boolean(o.trial),
          });
          out.result(
            created,
            () => `created tenant ${created.name} (${created.domains.join(', ')}, ${created.country})`,
          );
        },
      ),
    );
  tenant
    .command('list')
    .description('list tenants')
    .option('--json', 'print one JSON document')
    .action(
      runCommand(async (app, _o, out) => {
        const tenants = await app.services.tenants.listTenants();
        out.result(tenants, () =>
          table([
            ['NAME', 'DOMAINS', 'COUNTRY', 'CREATED'],
            ...tenants.map((t) => [t.name, t.domains.join(','), t.country, t.createdAt]),
          ]),
        );
      }),
    );

  const user = program.command('user').description('manage users');
  user
    .command('create')
    .description('create a cloud user; the tenant is found from the UPN domain')
    .requiredOption('--upn <upn>', 'user principal name, e.g. adele.vance@contoso.example')
    .requiredOption('--password <password>', 'initial password (cloud password policy applies)')
    .option('--given <name>', 'given name')
    .option('--surname <name>', 'surname')
    .option('--display-name <name>', 'display name (default: given name + surname)')
    .option('--usage-location <cc>', 'two-letter usage location')
    .option('--mobile <number>', 'mobile phone, international format')
    .option('--office-phone <number>', 'office phone, international format')
    .option('--alternate-email <address>', 'alternate email address')
    .option('--role <role>', 'administrator role (repeatable), e.g. "Global Administrator"', collect)
    .option('--json', 'print one JSON document')
    .action(
      runCommand<UserFieldFlags & { upn: string; password: string; role?: string[]; json?: boolean }>(
        async (app, o, out) => {
          const created = await app.services.users.createUser({
            upn: o.upn,
            password: o.password,
            ...userFieldsOf(o),
            roles: o.role ?? [],
          });
          out.result(created, () => `created ${describeUser(created)}`);
        },
      ),
    );
  user
    .command('list')
    .description("list a tenant's users")
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ tenant: string; json?: boolean }>(async (app, o, out) => {
        const found = await app.services.tenants.requireTenantByDomain(o.tenant);
        const users = await app.services.users.listUsers(found.tenantId, found.domains[0] ?? o.tenant);
        out.result(users, () =>
          table([
            ['UPN', 'DISPLAY NAME', 'SOURCE', 'ENABLED', 'ROLES'],
            ...users.map((u) => [u.upn, u.displayName, u.source, u.accountEnabled ? 'yes' : 'no', u.roles.join(',')]),
          ]),
        );
      }),
    );
  user
    .command('show')
    .description('show one user')
    .requiredOption('--upn <upn>', 'user principal name')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ upn: string; json?: boolean }>(async (app, o, out) => {
        const { tenant, user } = await app.services.users.findUserWithTenant(o.upn);
        const shown = toUserView(user, tenant.domains[0] ?? '');
        const licensing = await app.services.licensing.licensingOf(user);
        const capability = (c: { allowed: boolean; reason?: string }) => (c.allowed ? 'yes' : `no (${c.reason})`);
        const { eligibility } = licensing;
        out.result(
          {
            ...shown,
            licenses: licensing.licenses,
            entitlements: licensing.entitlements,
            canChangePassword: eligibility.canChangePassword.allowed,
            canResetPassword: eligibility.canResetPassword.allowed,
            canUnlock: eligibility.canUnlock.allowed,
            eligibility,
          },
          () =>
            [
              describeUser(shown),
              `  licences: ${licensing.licenses.map((l) => `${l.sku} (${l.state}, via ${l.assignedVia})`).join('; ') || '(none: Free)'}`,
              `  entitlements: ${licensing.entitlements.join(', ')}`,
              `  can change password: ${capability(eligibility.canChangePassword)}   reset: ${capability(eligibility.canResetPassword)}   unlock: ${capability(eligibility.canUnlock)}`,
            ].join('\n'),
        );
      }),
    );

  const group = program.command('group').description('manage groups');
  group
    .command('create')
    .description('create a group')
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .requiredOption('--name <name>', 'group name')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ tenant: string; name: string; json?: boolean }>(async (app, o, out) => {
        const found = await app.services.tenants.requireTenantByDomain(o.tenant);
        const created = await app.services.groups.createGroup(found.tenantId, o.name);
        out.result(created, () => `created group "${created.name}"`);
      }),
    );
  group
    .command('add')
    .description('add a user (--upn) or a nested group (--member-group) to a group')
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .requiredOption('--group <name>', 'the group to add to')
    .option('--upn <upn>', 'the user to add')
    .option('--member-group <name>', 'the group to nest')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ tenant: string; group: string; upn?: string; memberGroup?: string; json?: boolean }>(
        async (app, o, out) => {
          if (Boolean(o.upn) === Boolean(o.memberGroup))
            throw new SsprError('VALIDATION_FAILED', 'give exactly one of --upn or --member-group');
          const found = await app.services.tenants.requireTenantByDomain(o.tenant);
          const added = await app.services.groups.addMember(
            found.tenantId,
            o.group,
            o.upn ? { upn: o.upn } : { group: o.memberGroup! },
          );
          out.result(added, () => `added ${added.member.type} ${added.member.name} to "${added.group.name}"`);
        },
      ),
    );
};

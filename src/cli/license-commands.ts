import type { Command } from 'commander';
import { SsprError } from '../core/errors.js';
import { skuCatalogue } from '../core/licensing/sku-catalogue.js';
import { runCommand } from './context.js';
import { table } from './output.js';

const seatsOf = (raw: string): number => {
  if (!/^\d+$/.test(raw)) throw new SsprError('SEATS_INVALID', `--seats must be a whole number (got "${raw}")`);
  return Number(raw);
};

type Target = { tenant?: string; upn?: string; group?: string; sku: string; json?: boolean };

export const registerLicenseCommands = (program: Command) => {
  const license = program.command('license').description('subscriptions (seats) and licence assignments');

  license
    .command('catalogue')
    .description('the SKUs and what they grant')
    .option('--json', 'print one JSON document')
    .action(
      runCommand((_app, _o, out) => {
        out.result(skuCatalogue, () =>
          table([
            ['SKU', 'NAME', 'ENTITLEMENTS'],
            ...skuCatalogue.map((s) => [s.id, s.displayName, s.entitlements.join(',')]),
          ]),
        );
      }),
    );

  for (const mode of ['add', 'update'] as const) {
    license
      .command(mode)
      .description(mode === 'add' ? 'add a subscription with seats' : "change a subscription's seats")
      .requiredOption('--tenant <domain>', "one of the tenant's domains")
      .requiredOption('--sku <sku>', 'e.g. AAD_PREMIUM_P1')
      .requiredOption('--seats <n>', 'number of seats')
      .option('--json', 'print one JSON document')
      .action(
        runCommand<{ tenant: string; sku: string; seats: string; json?: boolean }>(async (app, o, out) => {
          const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
          const result = await app.services.licensing.setSubscription(tenant.tenantId, o.sku, seatsOf(o.seats), mode);
          out.result(result, () => `${result.sku}: ${result.seats} seats`);
        }),
      );
  }

  license
    .command('assign')
    .description('assign a licence to a user (--upn) or to a group (--tenant --group)')
    .requiredOption('--sku <sku>', 'e.g. AAD_PREMIUM_P1')
    .option('--upn <upn>', 'the user')
    .option('--usage-location <cc>', "sets the user's usage location (needed for a direct assignment)")
    .option('--tenant <domain>', "one of the tenant's domains (with --group)")
    .option('--group <name>', 'the group (direct members only; nested groups are not expanded)')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<Target & { usageLocation?: string }>(async (app, o, out) => {
        if (o.upn) {
          const { user } = await app.services.users.findUserWithTenant(o.upn);
          const result = await app.services.licensing.assignToUser(user, o.sku, o.usageLocation);
          out.result(result, () => `${result.skuId} assigned to ${user.upn}: ${result.state}`);
          return;
        }
        if (!o.tenant || !o.group) throw new SsprError('VALIDATION_FAILED', 'give --upn, or --tenant with --group');
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        const result = await app.services.licensing.assignToGroup(tenant.tenantId, o.group, o.sku);
        out.result(
          result,
          () => `${result.sku} assigned to "${result.group}": ${result.members} member(s), ${result.errors} in error`,
        );
      }),
    );

  license
    .command('remove')
    .description(
      'remove a subscription (--tenant --sku), a user assignment (--upn) or a group assignment (--tenant --group)',
    )
    .requiredOption('--sku <sku>', 'the SKU')
    .option('--upn <upn>', 'the user')
    .option('--tenant <domain>', "one of the tenant's domains")
    .option('--group <name>', 'the group')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<Target>(async (app, o, out) => {
        if (o.upn) {
          const { user } = await app.services.users.findUserWithTenant(o.upn);
          const result = await app.services.licensing.removeFromUser(user, o.sku);
          out.result(result, () => `${result.sku} removed from ${user.upn}`);
          return;
        }
        if (!o.tenant)
          throw new SsprError('VALIDATION_FAILED', 'give --upn, or --tenant (with --group for a group assignment)');
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        const result = o.group
          ? await app.services.licensing.assignToGroup(tenant.tenantId, o.group, o.sku, true)
          : await app.services.licensing.removeSubscription(tenant.tenantId, o.sku);
        out.result(result, () => `${result.sku} removed`);
      }),
    );

  license
    .command('list')
    .description("the tenant's subscriptions: seats used and free, assignment errors")
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ tenant: string; json?: boolean }>(async (app, o, out) => {
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        const overview = await app.services.licensing.overview(tenant.tenantId);
        out.result(overview, () =>
          table([
            ['SKU', 'SEATS', 'USED', 'FREE', 'ERRORS'],
            ...overview.map((s) => [s.sku, String(s.seats), String(s.used), String(s.free), String(s.errors.length)]),
          ]),
        );
      }),
    );
};

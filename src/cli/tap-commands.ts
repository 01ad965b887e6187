import type { Command } from 'commander';
import type { App } from '../app.js';
import { tapRules } from '../core/recovery/temporary-access-pass.js';
import { cliPrincipal } from '../services/admin/admin-principal.js';
import { runCommand } from './context.js';
import { wholeNumber } from './flags.js';

/**
 * `sspr tap create|revoke|show`: a user's Temporary Access Pass (issue #17 item 2), through the same service and
 * audit as the console and the API. The pass is printed once and never again.
 */
export const registerTapCommands = (program: Command) => {
  const tap = program.command('tap').description("manage a user's Temporary Access Pass");
  const principalFor = async (app: App, upn: string) =>
    cliPrincipal((await app.services.users.tenantOfUpn(upn)).tenant.tenantId);

  tap
    .command('create')
    .description('issue a Temporary Access Pass (replaces any earlier one); the pass is printed once')
    .requiredOption('--upn <upn>', 'user principal name')
    .option(
      '--lifetime-minutes <n>',
      `minutes the pass is valid, ${tapRules.minLifetimeMinutes}–${tapRules.maxLifetimeMinutes} (default ${tapRules.defaultLifetimeMinutes})`,
    )
    .option('--one-time', 'usable for one sign-in only (default: multi-use until it expires)')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ upn: string; lifetimeMinutes?: string; oneTime?: boolean; json?: boolean }>(async (app, o, out) => {
        const lifetimeMinutes =
          o.lifetimeMinutes === undefined
            ? undefined
            : wholeNumber(o.lifetimeMinutes, '--lifetime-minutes', 'TAP_LIFETIME_INVALID');
        const issued = await app.services.temporaryAccessPass.issue(await principalFor(app, o.upn), o.upn, {
          ...(lifetimeMinutes !== undefined && { lifetimeMinutes }),
          oneTime: o.oneTime === true,
        });
        out.result(issued, () =>
          [
            `Temporary Access Pass for ${issued.upn} (${issued.oneTime ? 'one-time' : 'multi-use'}, valid until ${issued.expiresAt}):`,
            issued.temporaryAccessPass,
            'It is shown only once.',
          ].join('\n'),
        );
      }),
    );

  tap
    .command('show')
    .description('whether the user holds a pass, and its state (never the pass)')
    .requiredOption('--upn <upn>', 'user principal name')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ upn: string; json?: boolean }>(async (app, o, out) => {
        const status = await app.services.temporaryAccessPass.status(await principalFor(app, o.upn), o.upn);
        out.result(status, () =>
          status.pass
            ? `${status.upn}: ${status.pass.state}, ${status.pass.oneTime ? 'one-time' : 'multi-use'}, expires ${status.pass.expiresAt}`
            : `${status.upn}: no Temporary Access Pass`,
        );
      }),
    );

  tap
    .command('revoke')
    .description("delete the user's Temporary Access Pass (and end the sessions it opened)")
    .requiredOption('--upn <upn>', 'user principal name')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ upn: string; json?: boolean }>(async (app, o, out) => {
        await app.services.temporaryAccessPass.revoke(await principalFor(app, o.upn), o.upn);
        out.result({ upn: o.upn, revoked: true }, () => `revoked the Temporary Access Pass of ${o.upn}`);
      }),
    );
};

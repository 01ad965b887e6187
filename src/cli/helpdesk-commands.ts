import type { Command } from 'commander';
import type { App } from '../app.js';
import { cliPrincipal } from '../services/admin/admin-principal.js';
import { runCommand } from './context.js';
import { table } from './output.js';

type UpnOptions = { upn: string; json?: boolean };

/**
 * The helpdesk's actions on a user (issue #14 item 5), under `sspr user` as the other user commands: the tenant is
 * the UPN's (as `user update` and `user reset-password` find it), so there is no `--tenant`. The CLI acts with Global
 * Administrator's reach through the same service, audit and notices as the console and the admin API.
 * `sspr user methods` (security-info-commands.ts) lists the methods with the ids `user method delete` takes.
 */
export const registerHelpdeskCommands = (program: Command) => {
  const user = program.commands.find((c) => c.name() === 'user') ?? program.command('user').description('manage users');
  const principalFor = async (app: App, upn: string) =>
    cliPrincipal((await app.services.users.tenantOfUpn(upn)).tenant.tenantId);

  user
    .command('unlock')
    .description("unlock an account: smart lockout here and, with writeback, the on-premises directory's lock")
    .requiredOption('--upn <upn>', 'user principal name')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<UpnOptions>(async (app, o, out) => {
        const result = await app.services.helpdesk.unlock(await principalFor(app, o.upn), o.upn);
        const onPrem = {
          notApplicable: '',
          unlocked: '; the on-premises account is unlocked too',
          notAvailable: '; the on-premises account was NOT unlocked (writeback is not available)',
        }[result.onPremises];
        out.result(result, () => `unlocked ${result.upn}${result.wasLocked ? '' : ' (it was not locked)'}${onPrem}`);
      }),
    );

  const method = user.command('method').description("one of a user's authentication methods");
  method
    .command('delete')
    .description('delete an authentication method (ids from `sspr user methods`); the address or number is told')
    .requiredOption('--upn <upn>', 'user principal name')
    .requiredOption('--id <id>', 'the method id')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<UpnOptions & { id: string }>(async (app, o, out) => {
        const result = await app.services.helpdesk.deleteMethod(await principalFor(app, o.upn), o.upn, o.id);
        out.result(result, () => `deleted ${result.deleted.type} ${result.deleted.display} of ${result.upn}`);
      }),
    );

  user
    .command('require-reregistration')
    .description(
      'remove the security info the user registered themselves and send them to register again at the next sign-in',
    )
    .requiredOption('--upn <upn>', 'user principal name')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<UpnOptions>(async (app, o, out) => {
        const result = await app.services.helpdesk.requireReregistration(await principalFor(app, o.upn), o.upn);
        out.result(result, () =>
          [
            `${result.upn} must register security info again at the next sign-in`,
            result.removedMethods.length === 0
              ? '(nothing the user registered was left to remove)'
              : table([['REMOVED', 'SHOWN AS'], ...result.removedMethods.map((m) => [m.type, m.display])]),
          ].join('\n'),
        );
      }),
    );
};

import type { Command } from 'commander';
import { cliActor } from '../services/audit/audit-recorder.js';
import { runCommand } from './context.js';
import { table } from './output.js';

/** `sspr questions …` (a tenant's custom security questions) and `sspr user methods` (masked; never answers or secrets). */
export const registerSecurityInfoCommands = (program: Command) => {
  const questions = program
    .command('questions')
    .description("a tenant's custom security questions (up to 20, 3-200 characters, not localised)");
  questions
    .command('list')
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ tenant: string; json?: boolean }>(async (app, o, out) => {
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        const list = (await app.services.securityInfoAdmin.listCustomQuestions(tenant.tenantId)).map((q) => ({
          id: q.questionId,
          text: q.text,
          createdAt: q.createdAt,
        }));
        out.result(list, () =>
          list.length === 0 ? '(no custom questions)' : table([['ID', 'QUESTION'], ...list.map((q) => [q.id, q.text])]),
        );
      }),
    );
  questions
    .command('add')
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .requiredOption('--text <question>', 'the question, as users will read it')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ tenant: string; text: string; json?: boolean }>(async (app, o, out) => {
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        const added = await app.services.securityInfoAdmin.addCustomQuestion(tenant.tenantId, o.text, cliActor);
        out.result({ id: added.questionId, text: added.text }, () => `added ${added.questionId}: ${added.text}`);
      }),
    );
  questions
    .command('remove')
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .requiredOption('--id <id>', 'the question id (see list)')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ tenant: string; id: string; json?: boolean }>(async (app, o, out) => {
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        await app.services.securityInfoAdmin.removeCustomQuestion(tenant.tenantId, o.id, cliActor);
        out.result({ id: o.id, removed: true }, () => `removed ${o.id} and every answer to it`);
      }),
    );

  const user = program.commands.find((c) => c.name() === 'user') ?? program.command('user').description('manage users');
  user
    .command('methods')
    .description("a user's security info, masked, and registration status")
    .requiredOption('--upn <upn>', 'the user principal name')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ upn: string; json?: boolean }>(async (app, o, out) => {
        const { user: found } = await app.services.users.findUserWithTenant(o.upn);
        const methods = await app.services.securityInfo.methodsOf(found);
        const registration = await app.services.securityInfo.registrationStatus(found);
        out.result({ upn: found.upn, methods, registration }, () =>
          [
            methods.length === 0
              ? '(no security info)'
              : table([
                  ['ID', 'TYPE', 'SHOWN AS', 'STATUS', 'SOURCE'],
                  ...methods.map((m) => [m.id, m.type, m.display, m.status, m.source]),
                ]),
            `registered ${registration.registeredCount} of ${registration.methodsRequired} required; in scope: ${registration.inScope ? 'yes' : 'no'}` +
              `${registration.needsRegistration ? '; must register' : ''}${registration.needsReconfirmation ? '; must reconfirm' : ''}`,
          ].join('\n'),
        );
      }),
    );
};

/**
 * The operations commands: serve, migrate, demo, outbox. Their heavy parts (the server, the demo seed) are imported
 * when a command runs, so `sspr --help` and the other commands start without them (issue 14 item 6).
 */
import type { Command } from 'commander';
import { runCommand } from './context.js';

export const registerOperationsCommands = (program: Command) => {
  program
    .command('serve')
    .description('run the portal and API (migrates first)')
    .option('--json', 'print the startup summary as JSON')
    .action(async (options: { json?: boolean }) => (await import('./serve-run.js')).serve(options));

  program
    .command('migrate')
    .description('apply pending database migrations')
    .option('--json', 'print one JSON document')
    // createApp migrates; reporting what is now applied is all that is left to do.
    .action(
      runCommand((app, _o, out) => {
        out.result(
          { dialect: app.store.dialect, status: 'up-to-date' },
          () => `store (${app.store.dialect}) is up to date`,
        );
      }),
    );

  program
    .command('demo')
    .description('seed the Contoso demo tenant (contoso.example) and print its users')
    .option('--json', 'print one JSON document')
    .action(
      runCommand(async (app, _o, out) => {
        const { seedDemoTenant } = await import('../services/identity/demo-seed.js');
        const { describeDemo } = await import('./serve-run.js');
        const demo = await seedDemoTenant(app.services);
        out.result(demo, () => describeDemo(demo));
      }),
    );

  program
    .command('outbox')
    .description('show messages in the outbox, newest first (embedded mode delivers email, SMS and voice here)')
    .option('--to <address>', 'only messages to this recipient')
    .option('--limit <n>', 'at most this many, newest first', '20')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ to?: string; limit: string; json?: boolean }>(async (app, o, out) => {
        const limit = Math.min(Math.max(Number.parseInt(o.limit, 10) || 20, 1), 1000);
        const messages = await app.services.operations.listOutbox({ ...(o.to && { recipient: o.to }), limit });
        // The JSON shape is the documented one (docs/channels.md), not the store's row.
        const shown = messages.map((m) => ({
          channel: m.channel,
          to: m.recipient,
          subject: m.subject,
          text: m.bodyText,
          createdAt: m.createdAt,
        }));
        out.result(shown, () =>
          messages.length === 0
            ? 'no messages'
            : messages
                .map((m) => `--- ${m.createdAt} ${m.channel} to ${m.recipient}\n${m.subject ?? ''}\n\n${m.bodyText}`)
                .join('\n'),
        );
      }),
    );
};

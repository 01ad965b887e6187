import type { Command } from 'commander';
import { evaluatePassword } from '../core/password/evaluate-password.js';
import { violationMessage } from '../i18n/violations.js';
import { runCommand } from './context.js';

export const registerPasswordCommands = (program: Command) => {
  const password = program.command('password').description('password policy tools');
  password
    .command('check')
    .description("evaluate a candidate password against the user's password policy (exit 0 whenever it was evaluated)")
    .requiredOption('--upn <upn>', 'the user the password is for')
    .argument('<password>', 'the candidate password')
    .option('--json', 'print one JSON document')
    .action((candidate: string, options: { upn: string; json?: boolean }) =>
      runCommand<{ upn: string; json?: boolean }>(async (app, o, out) => {
        await app.services.users.showUser(o.upn);
        const verdict = evaluatePassword(candidate);
        out.result(verdict, () =>
          verdict.accepted
            ? 'accepted'
            : [`rejected (score ${verdict.score}):`, ...verdict.violations.map((v) => `  - ${v.code}: ${violationMessage('en', v)}`)].join('\n'));
      })(options));
};

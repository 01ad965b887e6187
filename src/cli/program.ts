import { Command } from 'commander';
import { registerAdminCommands } from './admin-commands.js';
import { registerAgentCommands } from './agent-commands.js';
import { registerAuditCommands } from './audit-commands.js';
import { registerReportCommands } from './report-commands.js';
import { registerBreachedCommands } from './breached-commands.js';
import { registerDirectoryCommands } from './directory-commands.js';
import { registerOnPremDirectoryCommands } from './on-prem-directory-commands.js';
import { registerSyncCommand } from './sync-command.js';
import { registerLicenseCommands } from './license-commands.js';
import { registerPasswordCommands } from './password-commands.js';
import { registerExpiryCommands } from './expiry-commands.js';
import { registerPolicyCommands } from './policy-commands.js';
import { registerSecurityInfoCommands } from './security-info-commands.js';
import { registerOperationsCommands } from './serve-command.js';
import { registerTapCommands } from './tap-commands.js';
import { registerBrandingCommands } from './branding-commands.js';
import { registerHelpdeskCommands } from './helpdesk-commands.js';

export const createProgram = (): Command => {
  const program = new Command('sspr')
    .description('OpenSSPR: self-service password reset. Configuration comes from SSPR_* environment variables.')
    .version('0.1.0')
    .showHelpAfterError(process.argv.includes('--json') ? false : '(run with --help for usage)')
    .configureOutput({
      // Usage errors also honour --json: one JSON line on stderr instead of prose.
      outputError: (text, write) => {
        const message =
          text
            .replace(/^error: /, '')
            .trim()
            .split('\n')[0] ?? '';
        write(
          process.argv.includes('--json')
            ? `${JSON.stringify({ error: { code: 'VALIDATION_FAILED', message } })}\n`
            : `error: ${message}\n`,
        );
      },
    });
  registerOperationsCommands(program);
  registerDirectoryCommands(program);
  registerAdminCommands(program);
  registerLicenseCommands(program);
  registerPolicyCommands(program);
  registerOnPremDirectoryCommands(program);
  registerSyncCommand(program);
  registerAgentCommands(program);
  registerSecurityInfoCommands(program);
  registerHelpdeskCommands(program);
  registerAuditCommands(program);
  registerTapCommands(program);
  registerReportCommands(program);
  registerBrandingCommands(program);
  const password = registerPasswordCommands(program);
  registerBreachedCommands(password);
  registerExpiryCommands(program, password);
  return program;
};

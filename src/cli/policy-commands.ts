import type { Command } from 'commander';
import { SsprError } from '../core/errors.js';
import { methodTypes } from '../core/policy/sspr-policy.js';
import { cliActor } from '../services/audit/audit-recorder.js';
import type { PolicyChanges } from '../services/policy/sspr-policy-service.js';
import { runCommand } from './context.js';
import { onOff, wholeNumber } from './flags.js';

const flag = (value: string | undefined, name: string) => onOff(value, name, 'POLICY_INVALID');
const whole = (value: string | undefined, name: string) => wholeNumber(value, name, 'POLICY_INVALID');

interface SetOptions {
  tenant: string;
  enabled?: string;
  group?: string;
  methods?: string;
  required?: string;
  questionsRegister?: string;
  questionsReset?: string;
  requireRegistration?: string;
  reconfirmDays?: string;
  notifyUsers?: string;
  notifyAdmins?: string;
  helpdeskUrl?: string;
  helpdeskEmail?: string;
  writeback?: string;
  unlockWithoutReset?: string;
  adminSspr?: string;
  revealEligibility?: string;
  requireStrongMethod?: string;
  json?: boolean;
}

/** Turns flags into policy changes; everything else is validated by the policy itself. */
const changesFrom = (o: SetOptions): PolicyChanges => {
  if (o.enabled !== undefined && !['none', 'selected', 'all'].includes(o.enabled))
    throw new SsprError('POLICY_INVALID', '--enabled must be none, selected or all');
  if (o.helpdeskUrl && o.helpdeskEmail)
    throw new SsprError('POLICY_INVALID', 'give --helpdesk-url or --helpdesk-email, not both');
  const required = whole(o.required, '--required');
  const entries: Partial<Record<keyof PolicyChanges, unknown>> = {
    enabled: o.enabled,
    selectedGroup: o.group,
    methods: o.methods
      ?.split(',')
      .map((m) => m.trim())
      .filter(Boolean),
    methodsRequired: required,
    questionsToRegister: whole(o.questionsRegister, '--questions-register'),
    questionsToReset: whole(o.questionsReset, '--questions-reset'),
    requireRegistration: flag(o.requireRegistration, '--require-registration'),
    reconfirmDays: whole(o.reconfirmDays, '--reconfirm-days'),
    notifyUsers: flag(o.notifyUsers, '--notify-users'),
    notifyAdmins: flag(o.notifyAdmins, '--notify-admins'),
    helpdesk: o.helpdeskUrl
      ? { kind: 'url', url: o.helpdeskUrl }
      : o.helpdeskEmail
        ? { kind: 'email', email: o.helpdeskEmail }
        : undefined,
    writeback: flag(o.writeback, '--writeback'),
    unlockWithoutReset: flag(o.unlockWithoutReset, '--unlock-without-reset'),
    adminSspr: flag(o.adminSspr, '--admin-sspr'),
    revealEligibility: flag(o.revealEligibility, '--reveal-eligibility'),
    requireStrongMethod: flag(o.requireStrongMethod, '--require-strong-method'),
  };
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
};

const describe = (policy: Record<string, unknown>) =>
  Object.entries(policy)
    .filter(([k]) => k !== 'selectedGroupId')
    .map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join('\n');

export const registerPolicyCommands = (program: Command) => {
  const policy = program.command('policy').description("the tenant's self-service password reset policy");
  policy
    .command('show')
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ tenant: string; json?: boolean }>(async (app, o, out) => {
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        const shown = await app.services.ssprPolicy.describe(tenant.tenantId);
        out.result(shown, () => describe(shown));
      }),
    );
  policy
    .command('set')
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .option('--enabled <scope>', 'none, selected or all')
    .option('--group <name>', 'the group for "selected" (nested members count)')
    .option('--methods <list>', `comma-separated: ${methodTypes.join(',')}`)
    .option('--required <n>', 'methods required to reset: 1 or 2')
    .option('--questions-register <n>', 'security questions to register (3-5)')
    .option('--questions-reset <n>', 'security questions to answer (3-5)')
    .option('--require-registration <on|off>', 'ask users to register at sign-in')
    .option('--reconfirm-days <n>', '0-730; 0 = never')
    .option('--notify-users <on|off>', 'notify users on password resets')
    .option('--notify-admins <on|off>', 'notify all admins when other admins reset')
    .option('--helpdesk-url <url>', 'custom helpdesk link')
    .option('--helpdesk-email <address>', 'custom helpdesk email')
    .option('--writeback <on|off>', 'write passwords back on-premises')
    .option('--unlock-without-reset <on|off>', 'allow unlock without reset')
    .option('--admin-sspr <on|off>', 'administrators may use SSPR')
    .option('--reveal-eligibility <on|off>', "Entra's explicit eligibility messages instead of enumeration-safe ones")
    .option('--require-strong-method <on|off>', 'a user holding an authenticator app must pass it as one of the gates')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<SetOptions>(async (app, o, out) => {
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        await app.services.ssprPolicy.update(tenant.tenantId, changesFrom(o), cliActor);
        const shown = await app.services.ssprPolicy.describe(tenant.tenantId);
        out.result(shown, () => describe(shown));
      }),
    );
};

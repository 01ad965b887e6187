/**
 * `sspr directory add|set|test|list|remove`: a tenant's connection to its on-premises directory (issue 7). The bind
 * password goes straight to the service, which seals it; no command prints it back.
 */
import type { Command } from 'commander';
import { defaultDeletionThreshold } from '../core/directory/sync-safety.js';
import { SsprError } from '../core/errors.js';
import { cliActor } from '../services/audit/audit-recorder.js';
import type { DirectoryConnectionView } from '../services/directory/directory-service.js';
import { runCommand } from './context.js';
import { directoryTypeOption, directoryTypesHelp } from './dialect-help.js';
import { collect, wholeNumber } from './flags.js';
import { table } from './output.js';

interface AddOptions {
  tenant: string;
  type: string;
  url: string;
  bindDn: string;
  bindPassword?: string;
  baseDn: string;
  userFilter?: string;
  agent?: string;
  starttls?: boolean;
  caFile?: string;
  mode?: string;
  protectedGroup?: string[];
  deletionThreshold?: string;
  json?: boolean;
}

const thresholdText = (threshold: number | undefined) =>
  threshold === 0 ? 'off' : String(threshold ?? defaultDeletionThreshold);

const describeConnection = (c: DirectoryConnectionView) =>
  [
    `${c.connectionId}  ${c.type}  ${c.url}${c.startTls ? ' (StartTLS)' : ''}`,
    `  bind DN: ${c.bindDn}   base DN: ${c.baseDn}   mode: ${c.mode}`,
    `  user filter: ${c.userFilter ?? '(dialect default)'}   CA file: ${c.caFile ?? '(system store)'}`,
    `  protected groups: ${c.protectedGroups.join('; ') || '(none)'}`,
    `  deletion threshold: ${thresholdText(c.deletionThreshold)} (a sync disables and deletes nothing when it would disable users and delete groups, more than this in all)`,
    `  last test: ${c.lastTest ? `${c.lastTest.outcome}${c.lastTest.reason ? ` (${c.lastTest.reason})` : ''} at ${c.lastTest.at}` : 'never'}`,
  ].join('\n');

export const registerOnPremDirectoryCommands = (program: Command) => {
  const directory = program
    .command('directory')
    .description("the tenant's on-premises directory connection (OpenLDAP or Active Directory)");
  directory
    .command('add')
    .description('connect the tenant to its on-premises directory')
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .requiredOption('--type <type>', directoryTypeOption())
    .requiredOption('--url <url>', 'ldaps://host[:port], or ldap://host[:port] with --starttls')
    .requiredOption('--bind-dn <dn>', "the service account's DN")
    .option('--bind-password <password>', "the service account's password (stored encrypted); not with --agent")
    .option(
      '--agent <agentId>',
      'reach the directory through this enrolled on-premises agent (it holds the bind password)',
    )
    .requiredOption('--base-dn <dn>', 'where users are searched')
    .option('--user-filter <filter>', 'LDAP filter narrowing user searches, e.g. (objectClass=inetOrgPerson)')
    .option('--starttls', 'upgrade ldap:// with StartTLS')
    .option('--ca-file <file>', 'PEM file of the CA that signed the directory certificate')
    .option('--mode <mode>', 'passwordHashSync, passthrough or federated', 'passwordHashSync')
    .option('--protected-group <dn>', 'members are never reset or unlocked (repeatable)', collect)
    .option(
      '--deletion-threshold <n>',
      `a sync that would disable users and delete groups, more than this in all, does none of it (default ${defaultDeletionThreshold}; 0: off)`,
    )
    .option('--json', 'print one JSON document')
    .addHelpText('after', directoryTypesHelp())
    .action(
      runCommand<AddOptions>(async (app, o, out) => {
        const deletionThreshold = wholeNumber(o.deletionThreshold, '--deletion-threshold', 'VALIDATION_FAILED');
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        const added = await app.services.directories.add(
          tenant.tenantId,
          {
            type: o.type,
            url: o.url,
            bindDn: o.bindDn,
            bindPassword: o.bindPassword ?? '',
            baseDn: o.baseDn,
            userFilter: o.userFilter ?? null,
            startTls: Boolean(o.starttls),
            caFile: o.caFile ?? null,
            ...(o.mode !== undefined && { mode: o.mode }),
            protectedGroups: o.protectedGroup ?? [],
            ...(o.agent !== undefined && { agentId: o.agent }),
            ...(deletionThreshold !== undefined && { deletionThreshold }),
          },
          cliActor,
        );
        out.result(added, () => `added ${describeConnection(added)}`);
      }),
    );
  directory
    .command('set')
    .description("change a connection's settings: its accidental-deletion threshold")
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .requiredOption('--id <connectionId>', 'the connection (see directory list)')
    .requiredOption(
      '--deletion-threshold <n>',
      'a sync that would disable users and delete groups, more than this in all, does none of it (0: off)',
    )
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ tenant: string; id: string; deletionThreshold: string; json?: boolean }>(async (app, o, out) => {
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        const threshold = wholeNumber(o.deletionThreshold, '--deletion-threshold', 'VALIDATION_FAILED');
        const updated = await app.services.directories.setDeletionThreshold(tenant.tenantId, o.id, threshold, cliActor);
        out.result(updated, () => `updated ${describeConnection(updated)}`);
      }),
    );
  directory
    .command('list')
    .description("list the tenant's directory connections")
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ tenant: string; json?: boolean }>(async (app, o, out) => {
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        const agents = await app.services.agents.list(tenant.tenantId);
        // A connection via an agent shows the agent's heartbeat status (Entra's writeback client line), not only a test.
        const connections = (await app.services.directories.list(tenant.tenantId)).map((c) => {
          const agent = c.agentId ? agents.find((a) => a.agentId === c.agentId) : undefined;
          return agent
            ? {
                ...c,
                agent: {
                  agentId: agent.agentId,
                  status: agent.status,
                  version: agent.version,
                  lastHeartbeatAt: agent.lastHeartbeatAt,
                  message: agent.message,
                },
              }
            : c;
        });
        out.result(connections, () =>
          connections.length === 0
            ? 'no directory connection'
            : [
                table([
                  ['ID', 'TYPE', 'URL', 'MODE', 'DELETION THRESHOLD', 'LAST TEST', 'AGENT'],
                  ...connections.map((c) => [
                    c.connectionId,
                    c.type,
                    c.url,
                    c.mode,
                    thresholdText(c.deletionThreshold),
                    c.lastTest?.outcome ?? 'never',
                    'agent' in c
                      ? `${c.agent.status} (version ${c.agent.version ?? '-'}, last heartbeat ${c.agent.lastHeartbeatAt ?? 'never'})`
                      : '-',
                  ]),
                ]),
                ...connections.flatMap((c) => ('agent' in c ? [`${c.connectionId}: ${c.agent.message}`] : [])),
              ].join('\n'),
        );
      }),
    );
  directory
    .command('test')
    .description('bind as the service account and read the base DN')
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .requiredOption('--id <connectionId>', 'the connection (see directory list)')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ tenant: string; id: string; json?: boolean }>(async (app, o, out) => {
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        const tested = await app.services.directories.test(tenant.tenantId, o.id);
        if (!tested.ok) throw new SsprError(tested.code, undefined, tested.details ?? {});
        out.result(
          { ok: true, baseDn: tested.value.baseDn },
          () => `connected: bound as the service account and read ${tested.value.baseDn}`,
        );
      }),
    );
  directory
    .command('remove')
    .description('remove a directory connection (its users stay; writeback stops)')
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .requiredOption('--id <connectionId>', 'the connection (see directory list)')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ tenant: string; id: string; json?: boolean }>(async (app, o, out) => {
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        await app.services.directories.remove(tenant.tenantId, o.id, cliActor);
        out.result({ removed: o.id }, () => `removed ${o.id}`);
      }),
    );
};

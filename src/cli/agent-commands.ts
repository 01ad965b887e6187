/**
 * `sspr agent …` (issue 7, item 5). Without a subcommand it runs the agent next to the directory:
 * `sspr agent --server URL --token T --directory-url … --bind-dn … --bind-password-file … --base-dn …`.
 * `enroll` creates an agent and prints its token once; `list`, `revoke` and `rotate-keys` manage it.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { createRsaEnvelope } from '../adapters/agent/rsa-envelope.js';
import { createDirectoryConnector } from '../adapters/directory/directory-connector.js';
import { runAgent } from '../agent/agent-runner.js';
import { currentAgentVersion } from '../core/directory/agent-version.js';
import { cliActor } from '../services/audit/audit-recorder.js';
import type { AgentView } from '../services/agent/agent-service.js';
import { directoryTypes, isDirectoryType } from '../dialects/registry.js';
import { runCommand } from './context.js';
import { directoryTypeOption, directoryTypesHelp } from './dialect-help.js';
import { table } from './output.js';

interface RunOptions {
  server?: string;
  token?: string;
  tokenFile?: string;
  directoryUrl?: string;
  bindDn?: string;
  bindPasswordFile?: string;
  baseDn?: string;
  type: string;
  starttls?: boolean;
  caFile?: string;
  userFilter?: string;
  keyFile: string;
  heartbeatSeconds: string;
}

// The agent ships with the service: it reports the package version (core keeps it), which the service compares.
const agentVersion = currentAgentVersion;
const readSecret = (file: string) => readFileSync(file, 'utf8').trim();

/** The agent's key pair lives in one private file: a restart keeps the key the service pinned. */
const loadKeys = (file: string) => {
  const envelope = createRsaEnvelope();
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { publicKey: string; privateKey: string };
  const keys = envelope.generateKeyPair();
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  chmodSync(file, 0o600);
  return keys;
};

const runAgentProcess = async (o: RunOptions) => {
  const token = o.token ?? process.env.SSPR_AGENT_TOKEN ?? (o.tokenFile ? readSecret(o.tokenFile) : undefined);
  const missing = [
    !o.server && '--server',
    !token && '--token',
    !o.directoryUrl && '--directory-url',
    !o.bindDn && '--bind-dn',
    !o.bindPasswordFile && '--bind-password-file',
    !o.baseDn && '--base-dn',
  ].filter(Boolean);
  if (missing.length > 0 || !isDirectoryType(o.type)) {
    process.stderr.write(`error: the agent needs ${missing.join(', ') || `--type ${directoryTypes.join('|')}`}\n`);
    process.exitCode = 2;
    return;
  }
  const connection = createDirectoryConnector().connect({
    type: o.type,
    url: o.directoryUrl!,
    startTls: Boolean(o.starttls),
    bindDn: o.bindDn!,
    bindPassword: readSecret(o.bindPasswordFile!),
    baseDn: o.baseDn!,
    userFilter: o.userFilter ?? null,
    caFile: o.caFile ?? null,
    protectedGroups: [],
  });
  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort());
  const log = (event: string, fields: Record<string, string | number | boolean> = {}) =>
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), event, ...fields })}\n`);
  log('agent started', { server: new URL(o.server!).origin, version: agentVersion });
  await runAgent({
    server: o.server!,
    token: token!,
    connection,
    envelope: createRsaEnvelope(),
    keys: loadKeys(o.keyFile),
    version: agentVersion,
    log,
    signal: controller.signal,
    heartbeatMs: Number(o.heartbeatSeconds) * 1000,
  });
  log('agent stopped');
};

const describeAgent = (a: AgentView) => [
  a.agentId,
  a.name,
  a.status,
  a.version ?? '-',
  a.lastHeartbeatAt ?? 'never',
  a.lastPollAt ?? 'never',
];
/** Entra's status line per agent, with the version to install when it is out-of-date. */
const statusLine = (a: AgentView) => `${a.name}: ${a.message}${a.upgradeTo ? ` (upgrade to ${a.upgradeTo})` : ''}`;

export const registerAgentCommands = (program: Command) => {
  const agent = program
    .command('agent')
    .description('the on-premises writeback agent: run it next to the directory, or manage enrolled agents')
    .option('--server <url>', "the service's URL (the agent connects out to it)")
    .option('--token <token>', 'the token from `sspr agent enroll` (or SSPR_AGENT_TOKEN, or --token-file)')
    .option('--token-file <file>', 'a file holding the token')
    .option('--directory-url <url>', 'the local directory: ldaps://host[:port], or ldap://host[:port] with --starttls')
    .option('--bind-dn <dn>', "the service account's DN")
    .option('--bind-password-file <file>', "a file holding the service account's password")
    .option('--base-dn <dn>', 'where users are searched')
    .option('--type <type>', directoryTypeOption(), directoryTypes[0])
    .option('--starttls', 'upgrade ldap:// with StartTLS')
    .option('--ca-file <file>', 'PEM file of the CA that signed the directory certificate')
    .option('--user-filter <filter>', 'LDAP filter narrowing user searches')
    .option('--key-file <file>', "the agent's key pair (created on first run, mode 0600)", 'sspr-agent-key.json')
    .option('--heartbeat-seconds <n>', 'seconds between heartbeats', '300')
    .addHelpText('after', directoryTypesHelp())
    .action(runAgentProcess);
  agent
    .command('enroll')
    .description('enroll an agent for the tenant; prints its token once')
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .option('--name <name>', 'a name for the agent', 'on-premises agent')
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ tenant: string; name: string; json?: boolean }>(async (app, o, out) => {
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        const enrolled = await app.services.agents.enroll(tenant.tenantId, o.name, cliActor);
        out.result(
          enrolled,
          () => `enrolled agent ${enrolled.agentId}\ntoken (shown once, store it safely): ${enrolled.token}`,
        );
      }),
    );
  agent
    .command('list')
    .description("the tenant's agents with their status, version, last heartbeat and last poll")
    .requiredOption('--tenant <domain>', "one of the tenant's domains")
    .option('--json', 'print one JSON document')
    .action(
      runCommand<{ tenant: string; json?: boolean }>(async (app, o, out) => {
        const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
        const agents = await app.services.agents.list(tenant.tenantId);
        out.result(agents, () =>
          [
            table([['ID', 'NAME', 'STATUS', 'VERSION', 'LAST HEARTBEAT', 'LAST POLL'], ...agents.map(describeAgent)]),
            '',
            ...agents.map(statusLine),
          ].join('\n'),
        );
      }),
    );
  for (const [name, description, verb] of [
    ['revoke', 'revoke an agent at once (its token stops working)', 'revoke'],
    ['rotate-keys', "new service keys for an agent; its next contact pins the agent's key again", 'rotateKeys'],
  ] as const) {
    agent
      .command(name)
      .description(description)
      .requiredOption('--tenant <domain>', "one of the tenant's domains")
      .requiredOption('--id <agentId>', 'the agent')
      .option('--json', 'print one JSON document')
      .action(
        runCommand<{ tenant: string; id: string; json?: boolean }>(async (app, o, out) => {
          const tenant = await app.services.tenants.requireTenantByDomain(o.tenant);
          await app.services.agents[verb](tenant.tenantId, o.id, cliActor);
          out.result({ agentId: o.id, done: name }, () => `${name}: ${o.id}`);
        }),
      );
  }
};

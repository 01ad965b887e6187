/**
 * Directory sync through the outbound-only agent (issue 7, item 5), on both store dialects: the service listens
 * on loopback, a real `sspr agent` process reaches a private slapd (StartTLS) and answers the sync's listings one
 * page at a time (page size 5, so every listing takes several pages). The outcomes are the direct sync's
 * (test/integration/sync/directory-sync.test.ts): users with phones, nested groups, skips, an incremental change,
 * a deletion disabled by a full run, idempotent re-runs. An agent restarted mid-listing makes that run fail
 * cleanly with DIRECTORY_UNREACHABLE (the new agent does not know the listing; the page the stopped agent
 * took is handed out again after the visibility timeout), and the next run starts over and succeeds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../src/adapters/clock/system-clock.js';
import type { SyncOptions } from '../../../src/services/directory/sync/directory-sync-service.js';
import { cliActor } from '../../../src/services/audit/audit-recorder.js';
import { asDirectoryRoot, groupMemberNames } from '../../support/directory-world.js';
import { testDialects } from '../../support/postgres.js';
import { baseDn, peopleDn, serviceDn, servicePassword, startSlapd, type Slapd } from '../../support/slapd.js';
import { dnOf, expectFirstSync, syncScenarioLdif, syncScenarioTests } from '../../support/sync-scenarios.js';
import { useHttpWorld } from '../../support/world.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const dir = mkdtempSync(join(tmpdir(), 'sspr-agent-sync-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(testDialects())('directory sync through an on-premises agent (%s)', (dialect) => {
  // The real clock: re-delivery after the visibility timeout (2 s here) must happen while the test waits.
  const ctx = useHttpWorld(dialect, {
    overrides: { clock: systemClock, agentTiming: { pollWaitMs: 1000, checkIntervalMs: 50, redeliverAfterSeconds: 2 } },
  });
  const services = () => ctx.world.app.services;
  const store = () => services().deps.store;
  let slapd: Slapd;
  let tenantId: string;
  let token: string;
  let port: number;
  let agentLog = '';
  const agents: ChildProcess[] = [];

  const startAgent = (): ChildProcess => {
    const passwordFile = join(dir, `bind-${dialect}`);
    writeFileSync(passwordFile, servicePassword, { mode: 0o600 });
    const agent = spawn(
      process.execPath,
      [
        '--import',
        tsxLoader,
        resolve('src/cli.ts'),
        'agent',
        '--server',
        `http://127.0.0.1:${port}`,
        '--directory-url',
        slapd.url,
        '--starttls',
        '--ca-file',
        slapd.caFile!,
        '--bind-dn',
        serviceDn,
        '--bind-password-file',
        passwordFile,
        '--base-dn',
        baseDn,
        '--key-file',
        join(dir, `key-${dialect}.json`),
      ],
      { env: { ...process.env, SSPR_AGENT_TOKEN: token } },
    );
    agent.stdout.setEncoding('utf8').on('data', (text: string) => (agentLog += text));
    agent.stderr.setEncoding('utf8').on('data', (text: string) => (agentLog += text));
    agents.push(agent);
    return agent;
  };
  const stopAgent = async (agent: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') => {
    if (agent.exitCode !== null || agent.signalCode !== null) return;
    const exited = new Promise((r) => agent.once('exit', r));
    agent.kill(signal);
    await exited;
  };

  /** Each page the sync stored, as the running count of users read: several pages means paging went through. */
  let userProgress: number[] = [];
  const syncRun = (full: boolean, extra: SyncOptions = {}) => {
    userProgress = [];
    return services().directorySync.syncTenant(tenantId, {
      full,
      pageSize: 5,
      ...extra,
      onProgress: (progress) => {
        if (progress.phase === 'users') userProgress.push(progress.entries);
        extra.onProgress?.(progress);
      },
    });
  };
  const sync = async (full = false) => {
    const result = await syncRun(full);
    if (!result.ok) throw new Error(`sync failed: ${result.code} ${JSON.stringify(result.details)}\n${agentLog}`);
    return result.value;
  };
  const userOf = (upn: string) => store().users.findByUpn(tenantId, upn);
  const asRoot = <T>(work: (client: Client) => Promise<T>) => asDirectoryRoot(slapd, work);
  const membersOf = (name: string) => groupMemberNames(store(), tenantId, name);
  const suite = {
    sync,
    userOf,
    membersOf,
    asRoot,
    auditOf: (activity: string) => store().audit.list(tenantId, { limit: 50, activity }),
  };
  const until = async (check: () => Promise<boolean>, what: string) => {
    const end = Date.now() + 30_000;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${agentLog}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    slapd = await startSlapd({ tls: true, extraLdif: syncScenarioLdif });
    tenantId = (await services().tenants.createTenant({ name: 'Example', domain: 'example.org', country: 'NL' }))
      .tenantId;
    const enrolled = await services().agents.enroll(tenantId, 'branch office', cliActor);
    token = enrolled.token;
    await services().directories.add(
      tenantId,
      {
        type: 'openldap',
        url: slapd.url,
        startTls: true,
        bindDn: serviceDn,
        bindPassword: '',
        baseDn,
        agentId: enrolled.agentId,
      },
      cliActor,
    );
    await ctx.server.listen({ host: '127.0.0.1', port: 0 });
    port = (ctx.server.server.address() as { port: number }).port;
    startAgent();
    await until(async () => (await services().agents.list(tenantId))[0]?.lastPollAt != null, "the agent's first poll");
  });
  afterAll(async () => {
    for (const agent of agents) await stopAgent(agent, 'SIGKILL');
    await slapd?.stop();
  });

  it('a first sync is full, page by page through the agent: the same users, phones, groups and skips as a direct sync', async () => {
    await expectFirstSync(suite, await sync());
    // 14 users read in pages of at most 5: several listPage requests, each page stored before the next was asked.
    expect(userProgress.length).toBeGreaterThanOrEqual(3);
    expect(userProgress.every((read, i) => read - (userProgress[i - 1] ?? 0) <= 5)).toBe(true);
    expect(agentLog).toContain('"operation":"listPage","ok":true');
    // Pages are sealed end to end; the agent logs operations, never entries.
    expect(agentLog).not.toContain('alice');
    expect(agentLog).not.toContain(servicePassword);
  });

  syncScenarioTests(suite);

  it('an agent restarted mid-listing fails that run cleanly; the next run starts over and succeeds', async () => {
    const [first] = agents;
    let restarted = false;
    const failed = await syncRun(true, {
      onProgress: (progress) => {
        if (progress.phase !== 'users' || restarted) return;
        restarted = true;
        // The agent stops dead after the first page (its long poll may still take the next page, which is then
        // handed out again after the visibility timeout); a new agent process with the same key takes over.
        first!.kill('SIGSTOP');
        startAgent();
      },
    });
    expect(restarted).toBe(true);
    expect(failed).toMatchObject({
      ok: false,
      code: 'DIRECTORY_UNREACHABLE',
      details: { diagnostic: expect.stringContaining('does not know this listing') },
    });
    await stopAgent(first!, 'SIGKILL');
    const connectionId = (await services().directories.list(tenantId))[0]!.connectionId;
    expect(await store().directorySync.getState(tenantId, connectionId)).toMatchObject({
      lastOutcome: 'failure',
      lockOwner: null,
    });

    const counts = await sync(true);
    expect(counts).toMatchObject({ full: true, created: 0, updated: 0, disabled: 0, unchanged: 12, skipped: 1 });
    expect(userProgress.length).toBeGreaterThanOrEqual(3);
    expect(await store().directorySync.getState(tenantId, connectionId)).toMatchObject({
      lastOutcome: 'success',
      lockOwner: null,
    });
  });

  it('syncs a group of 20,000 members through the agent (an entry over the page budget goes alone on its page)', async () => {
    const members = [
      dnOf('alice'),
      dnOf('bob'),
      ...Array.from({ length: 20_000 - 2 }, (_, i) => `uid=departed${i},${peopleDn}`),
    ];
    await asRoot((client) =>
      client.add(`cn=everyone,ou=groups,${baseDn}`, { objectClass: 'groupOfNames', cn: 'everyone', member: members }),
    );
    const counts = await sync(true);
    expect(counts.groups).toMatchObject({ created: 1 });
    // The members that are users of the tenant; the departed ones are no user here.
    expect(await membersOf('everyone')).toEqual(['alice@example.org', 'bob@example.org']);
  });
});

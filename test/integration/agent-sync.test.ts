/**
 * Directory sync through the outbound-only agent (issue 7, item 5), on both store dialects: the service listens
 * on loopback, a real `sspr agent` process reaches a private slapd (StartTLS) and answers the sync's listings one
 * page at a time (page size 5, so every listing takes several pages). The outcomes are the direct sync's
 * (test/integration/directory-sync.test.ts): users with phones, nested groups, skips, an incremental change,
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
import { Attribute, Change, Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../src/adapters/clock/system-clock.js';
import type { SyncOptions } from '../../src/services/directory-sync-service.js';
import { cliActor } from '../../src/services/audit-recorder.js';
import { asDirectoryRoot, groupMemberNames } from '../support/directory-world.js';
import { testDialects } from '../support/postgres.js';
import { baseDn, peopleDn, serviceDn, servicePassword, startSlapd, user, type Slapd } from '../support/slapd.js';
import { useHttpWorld } from '../support/world.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const dir = mkdtempSync(join(tmpdir(), 'sspr-agent-sync-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const escapedRdn = (uid: string) => uid.replace(/[\\"+,;<>=]/g, (c) => `\\${c}`).replace(/^[ #]/, (c) => `\\${c}`);
const crafted = 'smith, john+x=1;<a>"b"#\\';
const craftedDn = `uid=${escapedRdn(crafted)},${peopleDn}`;
const dnOf = (uid: string) => `uid=${uid},${peopleDn}`;

// The direct sync's directory, so that the expectations are the direct sync's.
const extraLdif = [
  user('zoe', 'Zoe', 'Zwart', { telephoneNumber: '12', mobile: '+31 20 555 0101' }),
  ['dn: uid=outsider,' + peopleDn, 'objectClass: inetOrgPerson', 'uid: outsider', 'cn: Out Sider', 'sn: Sider', 'mail: out@elsewhere.example', ''].join('\n'),
  [`dn: cn=all,ou=groups,${baseDn}`, 'objectClass: groupOfNames', 'cn: all', `member: cn=staff,ou=groups,${baseDn}`, `member: ${dnOf('carol')}`,
    `member: ${dnOf('outsider')}`, `member:: ${Buffer.from(craftedDn).toString('base64')}`, ''].join('\n'),
].join('\n');

describe.each(testDialects())('directory sync through an on-premises agent (%s)', (dialect) => {
  // The real clock: re-delivery after the visibility timeout (2 s here) must happen while the test waits.
  const ctx = useHttpWorld(dialect, { overrides: { clock: systemClock, agentTiming: { pollWaitMs: 1000, checkIntervalMs: 50, redeliverAfterSeconds: 2 } } });
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
    const agent = spawn(process.execPath, [
      '--import', tsxLoader, resolve('src/cli.ts'), 'agent', '--server', `http://127.0.0.1:${port}`,
      '--directory-url', slapd.url, '--starttls', '--ca-file', slapd.caFile!, '--bind-dn', serviceDn, '--bind-password-file', passwordFile,
      '--base-dn', baseDn, '--key-file', join(dir, `key-${dialect}.json`),
    ], { env: { ...process.env, SSPR_AGENT_TOKEN: token } });
    agent.stdout!.setEncoding('utf8').on('data', (text: string) => (agentLog += text));
    agent.stderr!.setEncoding('utf8').on('data', (text: string) => (agentLog += text));
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
      full, pageSize: 5, ...extra,
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
  const until = async (check: () => Promise<boolean>, what: string) => {
    const end = Date.now() + 30_000;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${agentLog}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    slapd = await startSlapd({ tls: true, extraLdif });
    tenantId = (await services().tenants.createTenant({ name: 'Example', domain: 'example.org', country: 'NL' })).tenantId;
    const enrolled = await services().agents.enroll(tenantId, 'branch office', cliActor);
    token = enrolled.token;
    await services().directories.add(tenantId, { type: 'openldap', url: slapd.url, startTls: true, bindDn: serviceDn, bindPassword: '', baseDn, agentId: enrolled.agentId }, cliActor);
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
    const counts = await sync();
    expect(counts).toMatchObject({ full: true, created: 13, updated: 0, disabled: 0, unchanged: 0, skipped: 1, phonesSkipped: 1 });
    expect(counts.skippedReasons.domainNotVerified).toBe(1);
    expect(counts.groups).toMatchObject({ created: 2, skipped: 0 });
    // 14 users read in pages of at most 5: several listPage requests, each page stored before the next was asked.
    expect(userProgress.length).toBeGreaterThanOrEqual(3);
    expect(userProgress.every((read, i) => read - (userProgress[i - 1] ?? 0) <= 5)).toBe(true);

    expect(await userOf('alice@example.org')).toMatchObject({ source: 'synced', accountEnabled: true, givenName: 'Alice', surname: 'Anders', mobilePhone: '+31612345678', passwordHash: null });
    expect(await userOf('zoe@example.org')).toMatchObject({ officePhone: null, mobilePhone: '+31205550101' });
    expect(await userOf('out@elsewhere.example')).toBeUndefined();
    expect(await membersOf('staff')).toEqual(['alice@example.org', 'bob@example.org']);
    expect(await membersOf('all')).toEqual(['carol@example.org', 'group:staff', 'john@example.org']);
    expect(agentLog).toContain('"operation":"listPage","ok":true');
    // Pages are sealed end to end; the agent logs operations, never entries.
    expect(agentLog).not.toContain('alice');
    expect(agentLog).not.toContain(servicePassword);
  });

  it('is idempotent: a re-run, incremental or full, changes nothing', async () => {
    expect(await sync()).toMatchObject({ full: false, created: 0, updated: 0, disabled: 0, skipped: 1 });
    const full = await sync(true);
    expect(full).toMatchObject({ full: true, created: 0, updated: 0, disabled: 0, unchanged: 13, skipped: 1 });
    expect(full.groups).toMatchObject({ created: 0, updated: 0, deleted: 0, unchanged: 2, membersAdded: 0, membersRemoved: 0 });
  });

  it('an incremental sync picks up a change in the directory and updates only that', async () => {
    await asRoot(async (client) => {
      await client.modify(dnOf('bob'), [new Change({ operation: 'replace', modification: new Attribute({ type: 'mobile', values: ['+31 6 87654321'] }) })]);
      await client.modify(`cn=staff,ou=groups,${baseDn}`, [new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [dnOf('erin')] }) })]);
    });
    const counts = await sync();
    expect(counts).toMatchObject({ full: false, created: 0, updated: 1, disabled: 0 });
    expect(counts.groups).toMatchObject({ created: 0, membersAdded: 1, membersRemoved: 0 });
    expect((await userOf('bob@example.org'))?.mobilePhone).toBe('+31687654321');
    expect(await membersOf('staff')).toEqual(['alice@example.org', 'bob@example.org', 'erin@example.org']);
  });

  it('disables (never deletes) a user removed from the directory at the next full sync', async () => {
    await asRoot((client) => client.del(dnOf('heidi')));
    expect((await sync()).disabled).toBe(0);
    expect(await sync(true)).toMatchObject({ disabled: 1, created: 0, updated: 0 });
    expect(await userOf('heidi@example.org')).toMatchObject({ accountEnabled: false, source: 'synced' });
  });

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
    expect(failed).toMatchObject({ ok: false, code: 'DIRECTORY_UNREACHABLE', details: { diagnostic: expect.stringContaining('does not know this listing') } });
    await stopAgent(first!, 'SIGKILL');
    const connectionId = (await services().directories.list(tenantId))[0]!.connectionId;
    expect(await store().directorySync.getState(tenantId, connectionId)).toMatchObject({ lastOutcome: 'failure', lockOwner: null });

    const counts = await sync(true);
    expect(counts).toMatchObject({ full: true, created: 0, updated: 0, disabled: 0, unchanged: 12, skipped: 1 });
    expect(userProgress.length).toBeGreaterThanOrEqual(3);
    expect(await store().directorySync.getState(tenantId, connectionId)).toMatchObject({ lastOutcome: 'success', lockOwner: null });
  });

  it('syncs a group of 20,000 members through the agent (an entry over the page budget goes alone on its page)', async () => {
    const members = [dnOf('alice'), dnOf('bob'), ...Array.from({ length: 20_000 - 2 }, (_, i) => `uid=departed${i},${peopleDn}`)];
    await asRoot((client) => client.add(`cn=everyone,ou=groups,${baseDn}`, { objectClass: 'groupOfNames', cn: 'everyone', member: members }));
    const counts = await sync(true);
    expect(counts.groups).toMatchObject({ created: 1 });
    // The members that are users of the tenant; the departed ones are no user here.
    expect(await membersOf('everyone')).toEqual(['alice@example.org', 'bob@example.org']);
  });
});

/**
 * Writeback through the outbound-only agent (issue 7, item 5), on both store dialects: the service listens on
 * loopback, a real `sspr agent` process connects out to it and reaches a private slapd (StartTLS) locally, and a
 * password reset through the reset API lands in the directory (a bind with the new password succeeds), and a
 * passthrough sign-in the directory answers with "must change" (ppolicy's changeAfterReset) opens a change-only session.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '../../../src/core/model.js';
import { cliActor } from '../../../src/services/audit/audit-recorder.js';
import { anOnPremUser, ldapBind, ldapDn, ldapDomain, ldapUser } from '../../support/directory-world.js';
import { testDialects } from '../../support/postgres.js';
import { signInApi } from '../../support/http.js';
import { resetApi } from '../../support/reset.js';
import { lastCodeTo } from '../../support/security-info.js';
import { baseDn, initialPassword, serviceDn, servicePassword, startSlapd, type Slapd } from '../../support/slapd.js';
import { useHttpWorld } from '../../support/world.js';

const env = { SSPR_CAPTCHA_DIFFICULTY: '20', SSPR_RESET_RATE_LIMIT: '100000', SSPR_RESET_TENANT_RATE_LIMIT: '100000' };
const dialects = testDialects();
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const dir = mkdtempSync(join(tmpdir(), 'sspr-agent-'));
const mustChangePolicy = `cn=mustchange,ou=policies,${baseDn}`;

let slapd: Slapd;
beforeAll(async () => {
  // A policy with pwdMustChange, so that a pwdReset user's bind says changeAfterReset (the must-change verdict).
  const policy = [
    `dn: ${mustChangePolicy}`,
    'objectClass: device',
    'objectClass: pwdPolicy',
    'cn: mustchange',
    'pwdAttribute: userPassword',
    'pwdMustChange: TRUE',
    '',
  ].join('\n');
  const users = dialects.flatMap((d) => [
    ldapUser(`Agent${d}`),
    ldapUser(`Must${d}`, { pwdPolicySubentry: mustChangePolicy, pwdReset: 'TRUE' }),
  ]);
  slapd = await startSlapd({ tls: true, extraLdif: [policy, ...users].join('\n') });
});
afterAll(async () => {
  await slapd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const until = async (check: () => Promise<boolean>, what: string, ms = 30_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe.each(dialects)('password writeback through an on-premises agent (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { env, overrides: { agentTiming: { pollWaitMs: 1000, checkIntervalMs: 50 } } });
  const app = () => ctx.world.app;
  let tenant: Tenant;
  let agentId: string;
  let agent: ChildProcess;
  let agentLog = '';

  beforeAll(async () => {
    tenant = await app().services.tenants.createTenant({ name: 'Example', domain: ldapDomain, country: 'NL' });
    const enrolled = await app().services.agents.enroll(tenant.tenantId, 'branch office', cliActor);
    agentId = enrolled.agentId;
    await app().services.directories.add(
      tenant.tenantId,
      {
        type: 'openldap',
        url: slapd.url,
        startTls: true,
        bindDn: serviceDn,
        bindPassword: '',
        baseDn,
        agentId,
      },
      cliActor,
    );
    await ctx.server.listen({ host: '127.0.0.1', port: 0 });
    const address = ctx.server.server.address() as { port: number };
    const passwordFile = join(dir, `bind-${dialect}`);
    writeFileSync(passwordFile, servicePassword, { mode: 0o600 });
    agent = spawn(
      process.execPath,
      [
        '--import',
        tsxLoader,
        resolve('src/cli.ts'),
        'agent',
        '--server',
        `http://127.0.0.1:${address.port}`,
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
      { env: { ...process.env, SSPR_AGENT_TOKEN: enrolled.token } },
    );
    agent.stdout!.setEncoding('utf8').on('data', (text: string) => (agentLog += text));
    agent.stderr!.setEncoding('utf8').on('data', (text: string) => (agentLog += text));
    await until(
      async () => (await app().services.agents.list(tenant.tenantId))[0]?.keyPinned === true,
      `the agent's first contact\n${agentLog}`,
    );
  }, 60_000);
  afterAll(async () => {
    agent?.kill('SIGTERM');
    await new Promise((r) => (agent?.exitCode !== null ? r(undefined) : agent.once('exit', r)));
  });

  it('resets the password in the local directory through the agent, and the agent logs no secret', async () => {
    const api = resetApi(ctx.server, ctx.world.clock);
    const name = `Agent${dialect}`;
    const user = await anOnPremUser(app(), tenant, name);
    const flowId = await api.flowOf(user.upn);
    const view = (await api.view(flowId)).json();
    expect((await api.intent(flowId, 'reset')).statusCode).toBe(200);
    const email = view.methods.find((m: { type: string }) => m.type === 'email');
    expect((await api.challenge(flowId, { methodId: email.id })).statusCode).toBe(200);
    expect(
      (await api.verify(flowId, { methodId: email.id, code: await lastCodeTo(app(), user.alternateEmail!) })).json(),
    ).toMatchObject({ canSetPassword: true });

    const done = await api.password(flowId, 'Agent-Windmill-Polder-42');
    expect(done.statusCode, `${done.body}\n${agentLog}`).toBe(200);
    expect(await ldapBind(slapd, ldapDn(name), 'Agent-Windmill-Polder-42')).toBe(true);
    expect(await ldapBind(slapd, ldapDn(name), initialPassword)).toBe(false);
    expect(agentLog).toContain('"operation":"setPassword","ok":true');
    expect(agentLog).not.toContain('Agent-Windmill-Polder-42');
    expect(agentLog).not.toContain(servicePassword);
    expect(agentLog).not.toContain(ldapDn(name));
  }, 60_000);

  it("carries the directory's must-change verdict: a passthrough sign-in lands in a change-only session", async () => {
    const user = await anOnPremUser(app(), tenant, `Must${dialect}`, 'passthrough');
    expect((await signInApi(ctx.server, user.upn, 'Not-The-Password-1')).statusCode).toBe(401);
    const signedIn = await signInApi(ctx.server, user.upn, initialPassword);
    expect(signedIn.statusCode, `${signedIn.body}\n${agentLog}`).toBe(200);
    expect(signedIn.json()).toMatchObject({ mustChangePassword: true });
  }, 60_000);

  it('reports the heartbeat and version as the status, and a revoked agent is refused', async () => {
    const [listed] = await app().services.agents.list(tenant.tenantId);
    expect(listed).toMatchObject({ agentId, status: 'connected', version: '0.1.0', keyPinned: true });
    expect(JSON.stringify(listed)).not.toMatch(/PRIVATE KEY|tokenHash/);
    await app().services.agents.revoke(tenant.tenantId, agentId, cliActor);
    const opened = (await app().services.directories.open(tenant.tenantId))!;
    expect(await opened.connection.test()).toMatchObject({ ok: false, code: 'DIRECTORY_UNREACHABLE' });
    await until(async () => agentLog.includes('answered 401'), 'the revoked agent to be refused');
  }, 30_000);
});

/**
 * Multi-instance password reset (issue 6 item 9): two real `sspr serve` processes on one throwaway
 * PostgreSQL database. A flow started on one finishes on the other; 30 concurrent verifications of
 * one code give exactly one success; throttle counts add up across both. The test process itself is
 * the administrator (it builds users through the services and reads the outbox, as a user reads mail),
 * and `sspr audit list` reads the trail afterwards.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../../../src/app.js';
import { loadConfig } from '../../../src/config/config.js';
import type { Tenant } from '../../../src/core/model.js';
import { aTenant } from '../../support/factories.js';
import { createThrowawayDatabase } from '../../support/postgres.js';
import { aResetUser } from '../../support/reset.js';
import { lastCodeTo } from '../../support/security-info.js';
import {
  cliEntry,
  startServeInstances,
  stopServeInstances,
  tsxLoader,
  type ServeInstance,
} from '../../support/serve-instances.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const secret = 'multi-instance-secret-multi-instance-0123';

describe('password reset across two instances (postgres)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let admin: App;
  let tenant: Tenant;
  let instances: ServeInstance[] = [];
  const env = (port: number) => ({
    ...process.env,
    SSPR_DATABASE_URL: database.url,
    SSPR_SECRET: secret,
    SSPR_PORT: String(port),
    SSPR_HOST: '127.0.0.1',
    SSPR_PUBLIC_URL: `http://127.0.0.1:${port}`,
    SSPR_MAIL_PROVIDER: 'outbox',
    SSPR_SMS_PROVIDER: 'outbox',
    SSPR_LOG_LEVEL: 'silent',
    SSPR_CAPTCHA_DIFFICULTY: '20',
    SSPR_RESET_RATE_LIMIT: '100000',
    SSPR_RESET_TENANT_RATE_LIMIT: '100000',
    SSPR_SIGNIN_RATE_LIMIT: '100000',
    SSPR_SIGNIN_ACCOUNT_RATE_LIMIT: '100000',
    SSPR_SIGNIN_FAMILIAR_RATE_LIMIT: '100000',
    SSPR_SIGNIN_TENANT_UNFAMILIAR_RATE_LIMIT: '100000',
    SSPR_RESET_ACCOUNT_RATE_LIMIT: '100000',
  });

  beforeAll(async () => {
    database = await createThrowawayDatabase();
    const loaded = loadConfig({
      SSPR_DATABASE_URL: database.url,
      SSPR_SECRET: secret,
      SSPR_PUBLIC_URL: 'http://127.0.0.1:3000',
      SSPR_MAIL_PROVIDER: 'outbox',
      SSPR_SMS_PROVIDER: 'outbox',
      SSPR_LOG_LEVEL: 'silent',
    });
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    admin = await createApp(loaded.config, { logger: false });
    tenant = await aTenant(admin, { name: 'Contoso' });
    instances = await startServeInstances(2, env);
  });

  afterAll(async () => {
    await stopServeInstances(instances);
    await admin?.close();
    await database?.drop();
  });

  const call = async (instance: number, method: string, path: string, body?: object) => {
    const response = await fetch(`${instances[instance]!.base}${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      ...(body && { body: JSON.stringify(body) }),
    });
    return {
      status: response.status,
      json: (await response.json().catch(() => ({}))) as Record<string, unknown> & { code?: string },
    };
  };

  /** Challenge fetched from one instance, solved, and submitted to the other. */
  const start = async (upn: string): Promise<string> => {
    const challenge = (await call(0, 'GET', '/api/v1/captcha')).json as {
      algorithm: string;
      challenge: string;
      maxnumber: number;
      salt: string;
      signature: string;
    };
    let number = 0;
    while (createHash('sha256').update(`${challenge.salt}${number}`).digest('hex') !== challenge.challenge) number += 1;
    const captcha = Buffer.from(JSON.stringify({ ...challenge, number, maxnumber: undefined })).toString('base64');
    const started = await call(1, 'POST', '/api/v1/passwordreset', { username: upn, captcha });
    expect(started.status).toBe(200);
    return started.json.flowId as string;
  };

  it('continues a flow on the other instance; of 30 concurrent verifications of one code exactly one passes', async () => {
    const user = await aResetUser(admin, tenant);
    const flowId = await start(user.upn);
    const view = await call(0, 'POST', `/api/v1/passwordreset/${flowId}/intent`, { intent: 'reset' });
    expect(view.status).toBe(200);
    const email = (view.json.methods as Array<{ id: string; type: string }>).find((m) => m.type === 'email')!;
    expect((await call(1, 'POST', `/api/v1/passwordreset/${flowId}/challenge`, { methodId: email.id })).status).toBe(
      200,
    );
    const code = await lastCodeTo(admin, user.alternateEmail!);

    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        call(i % 2, 'POST', `/api/v1/passwordreset/${flowId}/verify`, { methodId: email.id, code }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.every((r) => r.status < 500)).toBe(true);
    const refusals = new Set(results.filter((r) => r.status !== 200).map((r) => r.json.code));
    expect([...refusals].every((c) => ['CODE_EXPIRED', 'TOO_MANY_ATTEMPTS', 'GATE_ALREADY_PASSED'].includes(c!))).toBe(
      true,
    );

    expect(
      (await call(0, 'POST', `/api/v1/passwordreset/${flowId}/password`, { newPassword: 'Tulip-Canal-Bridge-88' }))
        .json,
    ).toEqual({ status: 'passwordReset' });
    expect((await call(1, 'GET', `/api/v1/passwordreset/${flowId}`)).json.code).toBe('FLOW_INVALID');
    expect(
      (await call(1, 'POST', '/api/v1/session', { username: user.upn, password: 'Tulip-Canal-Bridge-88' })).status,
    ).toBe(200);
  });

  it('adds up failed proofs from both instances towards one block', async () => {
    const user = await aResetUser(admin, tenant);
    const flowId = await start(user.upn);
    const view = await call(1, 'POST', `/api/v1/passwordreset/${flowId}/intent`, { intent: 'reset' });
    const email = (view.json.methods as Array<{ id: string; type: string }>).find((m) => m.type === 'email')!;
    await call(0, 'POST', `/api/v1/passwordreset/${flowId}/challenge`, { methodId: email.id });
    const code = await lastCodeTo(admin, user.alternateEmail!);
    const wrong = code === '99999999' ? '88888888' : '99999999';
    const codes: Array<string | undefined> = [];
    for (let i = 0; i < 5; i += 1)
      codes.push(
        (await call(i % 2, 'POST', `/api/v1/passwordreset/${flowId}/verify`, { methodId: email.id, code: wrong })).json
          .code,
      );
    expect(codes).toEqual(['CODE_INVALID', 'CODE_INVALID', 'CODE_INVALID', 'CODE_INVALID', 'SSPR_BLOCKED']);
    expect((await call(1, 'POST', `/api/v1/passwordreset/${flowId}/challenge`, { methodId: email.id })).json.code).toBe(
      'SSPR_BLOCKED',
    );
  });

  it('lists the audit trail with sspr audit list, newest first', async () => {
    const listed = await new Promise<{ code: number; stdout: string }>((done, fail) => {
      const child = spawn(
        process.execPath,
        ['--import', tsxLoader, cliEntry, 'audit', 'list', '--tenant', tenant.domains[0]!, '--json'],
        { env: env(0) },
      );
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
      child.on('error', fail);
      child.on('close', (code) => done({ code: code ?? -1, stdout }));
    });
    expect(listed.code).toBe(0);
    const events = JSON.parse(listed.stdout) as Array<{ activity: string; occurredAt: string }>;
    const activities = events.map((e) => e.activity);
    expect(activities).toContain('Reset password (self-service)');
    expect(activities).toContain('Blocked from self-service password reset');
    expect(events.map((e) => e.occurredAt)).toEqual([...events.map((e) => e.occurredAt)].sort().reverse());
  });
});

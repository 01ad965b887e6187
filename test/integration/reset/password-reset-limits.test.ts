/**
 * What stands in front of the reset flow and what leaves it: per-IP and per-tenant request limits
 * (in-process, so one dialect is enough), and logs that never carry a flow id, code or password.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../support/manual-clock.js';
import { createApp, type App } from '../../../src/app.js';
import { loadConfig } from '../../../src/config/config.js';
import { aTenant } from '../../support/factories.js';
import { aResetUser, resetApi } from '../../support/reset.js';
import { lastCodeTo } from '../../support/security-info.js';
import { createTestWorld, type TestWorld } from '../../support/world.js';

describe('password reset request limits', () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createTestWorld('sqlite', {
      SSPR_CAPTCHA_DIFFICULTY: '20',
      SSPR_RESET_RATE_LIMIT: '4',
      SSPR_RESET_TENANT_RATE_LIMIT: '2',
    });
  });
  afterAll(async () => world?.close());

  it('limits requests per client IP per route and starts per user-ID domain', async () => {
    const server = await world.app.http();
    const api = resetApi(server, world.clock);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await api.intent('A'.repeat(43), 'reset')).statusCode);
    expect(statuses).toEqual([404, 404, 404, 404, 429]);
    expect((await api.intent('A'.repeat(43), 'reset')).json().code).toBe('RATE_LIMITED');
    // Reads of a flow's state are counted apart (reset-page-reads-limit.test.ts): ten times the steps by default.
    const reads: number[] = [];
    for (let i = 0; i < 41; i += 1) reads.push((await api.view('A'.repeat(43))).statusCode);
    expect(reads.slice(0, 40).every((status) => status === 404)).toBe(true);
    expect(reads[40]).toBe(429);

    // Two starts for one domain, then refused before any work; another domain still gets in.
    const starts: number[] = [];
    for (let i = 0; i < 3; i += 1) starts.push((await api.start(`user${i}@limited.example`)).statusCode);
    expect(starts).toEqual([200, 200, 429]);
    expect((await api.start('user@other.example')).statusCode).toBe(200);
  });
});

describe('password reset delivery failures', () => {
  let world: TestWorld;
  beforeAll(async () => {
    const failing = { send: async () => Promise.reject(new Error('smtp down')) };
    world = await createTestWorld('sqlite', { SSPR_CAPTCHA_DIFFICULTY: '20' }, { channels: { email: failing } });
  });
  afterAll(async () => world?.close());

  it('answers the challenge while the relay is down; the queued code is retried, then dropped and audited once expired', async () => {
    const server = await world.app.http();
    const api = resetApi(server, world.clock);
    const tenant = await aTenant(world.app);
    const user = await aResetUser(world.app, tenant);
    const flowId = await api.flowOf(user.upn);
    const view = (await api.intent(flowId, 'reset')).json();
    const email = view.methods.find((m: { type: string }) => m.type === 'email');
    // Queued, not sent (issue #13 item 2): the answer does not depend on the relay, as a decoy's does not.
    const challenged = await api.challenge(flowId, { methodId: email.id });
    expect(challenged.statusCode).toBe(200);
    await world.app.services.delivery.drain();
    const [queued] = await world.app.store.deliveryQueue.list(tenant.tenantId);
    expect(queued).toMatchObject({ status: 'pending', attempts: 1, purpose: 'reset-code' });
    world.clock.advance(5 * 60 + 1);
    await world.app.services.delivery.drain();
    expect(await world.app.store.deliveryQueue.find(tenant.tenantId, queued!.messageId)).toMatchObject({
      status: 'dropped',
      lastError: 'EXPIRED',
      sealedBody: null,
    });
    const [dropped] = await world.app.store.audit.list(tenant.tenantId, { activity: 'Message not delivered' });
    expect(dropped).toMatchObject({ result: 'failure', resultReason: 'EXPIRED', target: { id: user.userId } });
    // The user can ask again.
    expect((await api.challenge(flowId, { methodId: email.id })).statusCode).toBe(200);
  });
});

describe('password reset logs', () => {
  const lines: string[] = [];
  let app: App;

  beforeAll(async () => {
    const loaded = loadConfig({
      SSPR_DATABASE_URL: 'sqlite::memory:',
      SSPR_SECRET: 'log-test-secret-log-test-secret-0123',
      SSPR_LOG_LEVEL: 'trace',
      SSPR_CAPTCHA_DIFFICULTY: '20',
    });
    if (!loaded.ok) throw new Error(loaded.problems.join());
    app = await createApp(loaded.config, {
      clock: createManualClock(new Date('2026-03-01T09:00:00.000Z')),
      logStream: { write: (line) => void lines.push(line) },
    });
  });
  afterAll(async () => app?.close());

  it('never contain the flow id, a code, an answer or the new password', async () => {
    const server = await app.http();
    const tenant = await aTenant(app);
    const user = await aResetUser(app, tenant);
    const api = resetApi(server, { advance: () => undefined });
    const flowId = await api.flowOf(user.upn);
    const view = (await api.intent(flowId, 'reset')).json();
    const email = view.methods.find((m: { type: string }) => m.type === 'email');
    await api.challenge(flowId, { methodId: email.id });
    const code = await lastCodeTo(app, user.alternateEmail!);
    await api.call('POST', '/current/verify', { methodId: email.id, code }, { 'x-sspr-flow': flowId });
    await api.password(flowId, 'Tulip-Canal-Bridge-88');
    await api.verify(flowId, { methodId: email.id, answers: [{ questionId: 'q01', answer: 'secret-answer-xyz' }] });

    const log = lines.join('');
    expect(log).toContain('/api/v1/passwordreset/:flowId');
    for (const secret of [flowId, code, 'Tulip-Canal-Bridge-88', 'secret-answer-xyz'])
      expect(log, secret).not.toContain(secret);
  });
});

/**
 * The agent protocol's guards: the token checked before the body is read, failed authentications that all look
 * the same and are counted per IP (SSPR_AGENT_RATE_LIMIT), each authenticated agent's own request allowance
 * (SSPR_AGENT_REQUEST_LIMIT, a long poll counting once) that agents behind one address do not share, and a real
 * agent runner that is too old for the service hearing AGENT_OUTDATED and saying so in its log. The limiter is
 * per process, the same on either store.
 */
import { describe, expect, it } from 'vitest';
import { createRsaEnvelope } from '../../../src/adapters/agent/rsa-envelope.js';
import { runAgent } from '../../../src/agent/agent-runner.js';
import type { DirectoryConnection } from '../../../src/core/ports.js';
import { cliActor } from '../../../src/services/audit/audit-recorder.js';
import { useHttpWorld } from '../../support/world.js';

const envelope = createRsaEnvelope();
const keys = envelope.generateKeyPair();

describe('the agent protocol limits', () => {
  const ctx = useHttpWorld('sqlite', {
    env: { SSPR_AGENT_RATE_LIMIT: '4', SSPR_AGENT_REQUEST_LIMIT: '4' },
    overrides: {
      agentVersions: { current: '0.3.0', minimum: '0.2.0' },
      agentTiming: { pollWaitMs: 300, checkIntervalMs: 20 },
    },
  });
  const post = (
    ip: string,
    path: string,
    authorization: string | undefined,
    payload: object = { publicKey: keys.publicKey },
  ) =>
    ctx.server.inject({
      method: 'POST',
      url: `/api/v1/agent/${path}`,
      remoteAddress: ip,
      headers: authorization === undefined ? {} : { authorization },
      payload,
    });

  it('answers every failed authentication alike, and the fifth request a minute from one address with 429 RATE_LIMITED', async () => {
    const { token } = await ctx.world.app.services.agents.enroll(ctx.tenantId, 'limits', cliActor);
    const [agentId, secret] = token.slice('sspra_'.length).split('.') as [string, string];
    const failures = await Promise.all([
      post('10.0.0.1', 'poll', `Bearer sspra_${agentId}.${secret.slice(0, -1)}x`),
      post('10.0.0.1', 'heartbeat', `Bearer sspra_00000000-0000-4000-8000-000000000000.${secret}`, {
        publicKey: keys.publicKey,
        version: '0.3.0',
      }),
      post('10.0.0.1', 'poll', `Bearer ${token}${'A'.repeat(200)}`),
      post('10.0.0.1', 'poll', undefined),
    ]);
    expect(failures.map((r) => r.statusCode)).toEqual([401, 401, 401, 401]);
    expect(new Set(failures.map((r) => r.body)).size).toBe(1);
    expect(failures[0].json()).toMatchObject({ code: 'AGENT_UNAUTHORIZED' });

    const limited = await post('10.0.0.1', 'poll', `Bearer ${token}`);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(limited.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address has its own allowance.
    expect((await post('10.0.0.2', 'poll', `Bearer ${token}`)).statusCode).toBe(200);
  });

  it('counts a valid token with another public key than the pinned one as a failed authentication', async () => {
    const { token } = await ctx.world.app.services.agents.enroll(ctx.tenantId, 'pinned', cliActor);
    const { token: neighbour } = await ctx.world.app.services.agents.enroll(ctx.tenantId, 'pinned neighbour', cliActor);
    const other = envelope.generateKeyPair();
    expect(
      (await post('10.0.0.9', 'heartbeat', `Bearer ${token}`, { publicKey: keys.publicKey, version: '0.3.0' }))
        .statusCode,
    ).toBe(200);
    // Three wrong keys and one wrong token: the address's four failures, so even another agent's request from it waits.
    const refused = await Promise.all(
      Array.from({ length: 3 }, () => post('10.0.0.9', 'poll', `Bearer ${token}`, { publicKey: other.publicKey })),
    );
    expect(refused.map((r) => r.json().code)).toEqual(Array(3).fill('AGENT_UNAUTHORIZED'));
    expect((await post('10.0.0.9', 'poll', 'Bearer sspra_wrong')).statusCode).toBe(401);
    expect((await post('10.0.0.9', 'poll', `Bearer ${neighbour}`)).statusCode).toBe(429);
  });

  it("gives each agent its own allowance, counting a long poll once; successes never use the address's failure allowance", async () => {
    const { token } = await ctx.world.app.services.agents.enroll(ctx.tenantId, 'long poll', cliActor);
    const { token: neighbour } = await ctx.world.app.services.agents.enroll(ctx.tenantId, 'same address', cliActor);
    const heartbeat = (bearer: string) =>
      post('10.0.0.3', 'heartbeat', `Bearer ${bearer}`, { publicKey: keys.publicKey, version: '0.3.0' });
    // Nothing is queued, so the poll waits out its 300 ms (some fifteen reads of the queue) and uses one of the four.
    const waited = await post('10.0.0.3', 'poll', `Bearer ${token}`);
    expect(waited.json()).toMatchObject({ requests: [] });
    for (let i = 0; i < 3; i += 1) expect((await heartbeat(token)).statusCode).toBe(200);
    const over = await heartbeat(token);
    expect([over.statusCode, over.json().code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    // Another agent behind the same address is not starved: eight successes there, and the address may still fail four times.
    for (let i = 0; i < 4; i += 1) expect((await heartbeat(neighbour)).statusCode).toBe(200);
    for (let i = 0; i < 4; i += 1) expect((await heartbeat(`${neighbour}x`)).statusCode).toBe(401);
    expect((await heartbeat(`${neighbour}x`)).statusCode).toBe(429);
  });

  it('refuses a bad token before reading the body: 401, not 413, for a body over the route limit', async () => {
    const { token } = await ctx.world.app.services.agents.enroll(ctx.tenantId, 'big body', cliActor);
    const huge = {
      publicKey: keys.publicKey,
      results: [
        { id: 'x', operation: 'listPage', wrappedKey: '', iv: '', tag: '', ciphertext: 'A'.repeat(5 * 1024 * 1024) },
      ],
    };
    const refused = await post('10.0.0.5', 'results', `Bearer ${token}x`, huge);
    expect([refused.statusCode, refused.json().code]).toEqual([401, 'AGENT_UNAUTHORIZED']);
    // With the right token the same body reaches the route's limit.
    expect((await post('10.0.0.5', 'results', `Bearer ${token}`, huge)).statusCode).toBe(413);
  });

  it('makes a runner below the minimum version log AGENT_OUTDATED with what to install, and never poll', async () => {
    const { token, agentId } = await ctx.world.app.services.agents.enroll(ctx.tenantId, 'old runner', cliActor);
    await ctx.server.listen({ host: '127.0.0.1', port: 0 });
    const { port } = ctx.server.server.address() as { port: number };
    const events: Array<{ event: string; fields: Record<string, unknown> }> = [];
    const controller = new AbortController();
    const running = runAgent({
      server: `http://127.0.0.1:${port}`,
      token,
      envelope,
      keys,
      version: '0.1.4',
      signal: controller.signal,
      maxBackoffMs: 20,
      // It is refused before any request could reach it.
      connection: {} as DirectoryConnection,
      log: (event, fields = {}) => {
        events.push({ event, fields });
        if (events.filter((e) => e.fields.code === 'AGENT_OUTDATED').length >= 2) controller.abort();
      },
    });
    await running;
    const outdated = events.filter((e) => e.fields.code === 'AGENT_OUTDATED');
    expect(outdated[0]).toEqual({
      event: expect.stringContaining('upgrade the OpenSSPR agent'),
      fields: { code: 'AGENT_OUTDATED', version: '0.1.4', minimumVersion: '0.2.0', currentVersion: '0.3.0' },
    });
    expect(events.some((e) => e.event.startsWith('service unreachable'))).toBe(false);
    const [agent] = (await ctx.world.app.services.agents.list(ctx.tenantId)).filter((a) => a.agentId === agentId);
    expect(agent).toMatchObject({ status: 'unsupported', version: '0.1.4', upgradeTo: '0.3.0' });
  });
});

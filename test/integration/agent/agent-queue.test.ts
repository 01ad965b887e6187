/**
 * The agent queue over HTTP, on both store dialects, with the test playing the agent: key pinning and token
 * checks, sealed requests, idempotent results (a duplicate is ignored, a tampered one refused), a request whose
 * result never came handed out again after the visibility timeout, failing fast on an agent that heartbeats but
 * does not poll, and a request no agent answers expiring into SSPR_0030 through the reset API. A result is
 * deleted as its caller reads it, a write is handed out at most once, the purge deletes what is left, and a lying
 * agent that never ends a listing is cut off. Tombstone (`deleted`) listings page like the others.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { createRsaEnvelope } from '../../../src/adapters/agent/rsa-envelope.js';
import type { Tenant } from '../../../src/core/model.js';
import type { SealedAgentMessage } from '../../../src/core/ports.js';
import { cliActor } from '../../../src/services/audit/audit-recorder.js';
import { anOnPremUser, ldapDomain } from '../../support/directory-world.js';
import { testDialects } from '../../support/postgres.js';
import { resetApi } from '../../support/reset.js';
import { lastCodeTo } from '../../support/security-info.js';
import { baseDn, serviceDn } from '../../support/slapd.js';
import { useHttpWorld } from '../../support/world.js';

const env = { SSPR_CAPTCHA_DIFFICULTY: '20', SSPR_RESET_RATE_LIMIT: '100000', SSPR_RESET_TENANT_RATE_LIMIT: '100000' };
const envelope = createRsaEnvelope();

describe.each(testDialects())('the agent queue (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { env, overrides: { agentTiming: { pollWaitMs: 300, checkIntervalMs: 20 } } });
  const app = () => ctx.world.app;
  const keys = envelope.generateKeyPair();
  let tenant: Tenant;
  let token: string;
  let agentId: string;

  const post = (path: string, payload: object, bearer = token) =>
    ctx.server.inject({
      method: 'POST',
      url: `/api/v1/agent/${path}`,
      headers: { authorization: `Bearer ${bearer}` },
      payload,
    });
  const poll = async () =>
    (await post('poll', { publicKey: keys.publicKey })).json<{
      servicePublicKey: string;
      requests: SealedAgentMessage[];
    }>();

  beforeAll(async () => {
    tenant = await app().services.tenants.createTenant({ name: 'Example', domain: ldapDomain, country: 'NL' });
    ({ token, agentId } = await app().services.agents.enroll(tenant.tenantId, 'queue test', cliActor));
    await app().services.directories.add(
      tenant.tenantId,
      { type: 'openldap', url: 'ldaps://dc.example.org', bindDn: serviceDn, bindPassword: '', baseDn, agentId },
      cliActor,
    );
  });

  it('refuses a wrong token, and pins the first public key it sees', async () => {
    expect((await post('poll', { publicKey: keys.publicKey }, `${token}x`)).json()).toMatchObject({
      code: 'AGENT_UNAUTHORIZED',
    });
    expect((await post('poll', { publicKey: keys.publicKey }, 'garbage')).statusCode).toBe(401);
    const notAKey = await post('poll', {
      publicKey: `-----BEGIN PUBLIC KEY-----\n${'A'.repeat(80)}\n-----END PUBLIC KEY-----`,
    });
    expect(notAKey.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await post('poll', { publicKey: keys.publicKey })).statusCode).toBe(200);
    expect((await post('heartbeat', { publicKey: keys.publicKey, version: '9.9.9' })).statusCode).toBe(200);
    const other = envelope.generateKeyPair();
    expect((await post('poll', { publicKey: other.publicKey })).statusCode).toBe(401);
  });

  it('forwards a call sealed for the agent; a duplicate result is ignored and a tampered one refused', async () => {
    const { connection } = (await app().services.directories.open(tenant.tenantId))!;
    const pending = connection.verifyPassword('uid=someone,ou=people,dc=example,dc=org', 'Hunter-2-Secret');
    let polled = await poll();
    while (polled.requests.length === 0) polled = await poll();
    const [request] = polled.requests;
    expect(request!.operation).toBe('verifyPassword');
    expect(JSON.stringify(request)).not.toContain('Hunter-2-Secret');
    expect(JSON.parse(envelope.open(keys.privateKey, request!))).toEqual([
      'uid=someone,ou=people,dc=example,dc=org',
      'Hunter-2-Secret',
    ]);

    const result = envelope.seal(
      polled.servicePublicKey,
      request!.id,
      request!.operation,
      JSON.stringify({ ok: true, value: true }),
    );
    const tampered = {
      ...result,
      ciphertext: envelope.seal(
        polled.servicePublicKey,
        request!.id,
        request!.operation,
        JSON.stringify({ ok: true, value: false }),
      ).ciphertext,
    };
    expect((await post('results', { publicKey: keys.publicKey, results: [tampered] })).json()).toEqual({
      accepted: 0,
      ignored: 1,
    });
    expect((await post('results', { publicKey: keys.publicKey, results: [result] })).json()).toEqual({
      accepted: 1,
      ignored: 0,
    });
    expect((await post('results', { publicKey: keys.publicKey, results: [result] })).json()).toEqual({
      accepted: 0,
      ignored: 1,
    });
    // An agent older than the verdicts answers a boolean: read as one (true = valid), never passed on as is.
    expect(await pending).toEqual({ ok: true, value: 'valid' });
    expect((await poll()).requests).toEqual([]);
    // The caller read the result and deleted it: no directory data stays in the queue.
    expect(await app().store.agents.findRequest(tenant.tenantId, request!.id)).toBeUndefined();
  });

  it('pages a listing over the queue, one request per page; a full page fits the results route; a malformed page is refused', async () => {
    const { connection } = (await app().services.directories.open(tenant.tenantId))!;
    const stored: number[] = [];
    const listing = connection.listUsers({ pageSize: 5000 }, async (entries) => void stored.push(entries.length));
    const entry = (i: number) => ({
      dn: `uid=user${i},ou=people,dc=example,dc=org`,
      attributes: { uid: [`user${i}`], description: ['x'.repeat(400)] },
    });
    const answer = async (value: unknown) => {
      let polled = await poll();
      while (polled.requests.length === 0) polled = await poll();
      const [request] = polled.requests;
      expect(request!.operation).toBe('listPage');
      const [args] = JSON.parse(envelope.open(keys.privateKey, request!)) as [{ listingId: string; page: number }];
      const result = envelope.seal(
        polled.servicePublicKey,
        request!.id,
        request!.operation,
        JSON.stringify({ ok: true, value }),
      );
      expect((await post('results', { publicKey: keys.publicKey, results: [result] })).json()).toEqual({
        accepted: 1,
        ignored: 0,
      });
      return args;
    };
    // About 120 KB of entries: twice the server's default body limit, sealed.
    const first = await answer({ entries: Array.from({ length: 250 }, (_, i) => entry(i)), done: false });
    expect(first).toMatchObject({ kind: 'users', page: 0, options: { pageSize: 500 } });
    const second = await answer({ entries: [entry(250)], done: true });
    expect(second).toMatchObject({ listingId: first.listingId, page: 1 });
    expect(await listing).toEqual({ ok: true, value: { entries: 251 } });
    expect(stored).toEqual([250, 1]);

    // Tombstones (AD's Deleted Objects, for an incremental sync) page over the same operation, as the `deleted` kind.
    const tombstones: string[] = [];
    const deleted = connection.listDeleted(
      { changedAfter: '4242' },
      async (entries) => void tombstones.push(...entries.map((e) => e.dn)),
    );
    expect(
      await answer({
        entries: [
          {
            dn: 'CN=gone,CN=Deleted Objects,DC=example,DC=org',
            attributes: { objectGUID: ['g-1'], isDeleted: ['TRUE'] },
          },
        ],
        done: true,
      }),
    ).toMatchObject({ kind: 'deleted', page: 0, options: { changedAfter: '4242' } });
    expect(await deleted).toEqual({ ok: true, value: { entries: 1 } });
    expect(tombstones).toEqual(['CN=gone,CN=Deleted Objects,DC=example,DC=org']);

    const groups = connection.listGroups({}, async () => undefined);
    await answer({ entries: [{ dn: 5, attributes: {} }], done: true });
    expect(await groups).toMatchObject({
      ok: false,
      code: 'DIRECTORY_MISCONFIGURED',
      details: { diagnostic: 'the agent returned a malformed page' },
    });
  });

  it('cuts off a lying agent that answers done: false for ever (DIRECTORY_MISCONFIGURED, unsupported)', async () => {
    const { connection } = (await app().services.directories.open(tenant.tenantId))!;
    const stored: number[] = [];
    const listing = connection.listGroups({}, async (entries) => void stored.push(entries.length));
    let settled = false;
    void listing.finally(() => (settled = true));
    let pages = 0;
    // The test is the agent: one entry, then empty pages that are never the last, until the service stops asking.
    while (!settled) {
      const polled = await poll();
      for (const request of polled.requests) {
        const value = {
          entries: pages === 0 ? [{ dn: 'cn=staff,ou=groups,dc=example,dc=org', attributes: { cn: ['staff'] } }] : [],
          done: false,
        };
        const result = envelope.seal(
          polled.servicePublicKey,
          request.id,
          request.operation,
          JSON.stringify({ ok: true, value }),
        );
        await post('results', { publicKey: keys.publicKey, results: [result] });
        pages += 1;
      }
    }
    expect(await listing).toEqual({
      ok: false,
      code: 'DIRECTORY_MISCONFIGURED',
      details: { reason: 'unsupported', diagnostic: 'the agent sent 12 pages for 1 entries in one listing' },
    });
    expect(pages).toBe(12);
    expect(stored).toEqual([1]);
  });

  it('hands a setPassword out once: unanswered, it is not handed out again and expires into SSPR_0030', async () => {
    const { connection } = (await app().services.directories.open(tenant.tenantId))!;
    const pending = connection.setPassword('uid=someone,ou=people,dc=example,dc=org', 'Once-Only-Secret-9', {
      mode: 'reset',
    });
    let polled = await poll();
    while (polled.requests.length === 0) polled = await poll();
    expect(polled.requests.map((r) => r.operation)).toEqual(['setPassword']);
    // Past the visibility timeout a read would come back; a write does not (the agent may have run it already).
    ctx.world.clock.advance(31);
    expect((await poll()).requests).toEqual([]);
    ctx.world.clock.advance(90);
    expect(await pending).toMatchObject({
      ok: false,
      code: 'DIRECTORY_UNREACHABLE',
      details: { diagnostic: 'the on-premises agent did not answer in time' },
    });
    // The purge deletes the expired row once it is past the retention.
    ctx.world.clock.advance(301);
    expect((await app().services.agents.purgeQueue()).deleted).toBeGreaterThanOrEqual(1);
    expect(await app().store.agents.findRequest(tenant.tenantId, polled.requests[0]!.id)).toBeUndefined();
    // Back to a live, polling agent for the tests that follow.
    expect((await post('heartbeat', { publicKey: keys.publicKey, version: '9.9.9' })).statusCode).toBe(200);
    await poll();
  });

  it('hands a request whose result never came out again after the visibility timeout, with the same id', async () => {
    const { connection } = (await app().services.directories.open(tenant.tenantId))!;
    const pending = connection.isLocked('uid=someone,ou=people,dc=example,dc=org');
    let polled = await poll();
    while (polled.requests.length === 0) polled = await poll();
    const [request] = polled.requests;
    // The agent "crashed" before answering: within the visibility timeout nobody else gets it.
    expect((await poll()).requests).toEqual([]);
    ctx.world.clock.advance(31);
    const again = await poll();
    expect(again.requests.map((r) => r.id)).toEqual([request!.id]);
    const result = envelope.seal(
      again.servicePublicKey,
      request!.id,
      request!.operation,
      JSON.stringify({ ok: true, value: false }),
    );
    expect((await post('results', { publicKey: keys.publicKey, results: [result] })).json()).toEqual({
      accepted: 1,
      ignored: 0,
    });
    expect(await pending).toEqual({ ok: true, value: false });
    ctx.world.clock.advance(31);
    expect((await poll()).requests).toEqual([]);
  });

  it('fails fast while the agent heartbeats but does not poll, and shows its last poll', async () => {
    await poll();
    const polledAt = ctx.world.clock.now().toISOString();
    expect((await app().services.agents.list(tenant.tenantId))[0]).toMatchObject({ lastPollAt: polledAt });
    ctx.world.clock.advance(90);
    expect((await post('heartbeat', { publicKey: keys.publicKey, version: '9.9.9' })).statusCode).toBe(200);
    const { connection } = (await app().services.directories.open(tenant.tenantId))!;
    // Answered at once (the manual clock does not move, so a queued request would never expire).
    expect(await connection.findUser('someone')).toMatchObject({
      ok: false,
      code: 'DIRECTORY_UNREACHABLE',
      details: { diagnostic: expect.stringContaining('not polling') },
    });
    expect((await app().services.agents.list(tenant.tenantId))[0]).toMatchObject({
      status: 'connected',
      lastPollAt: polledAt,
    });
    await poll();
    expect((await app().services.agents.list(tenant.tenantId))[0]!.lastPollAt).toBe(
      ctx.world.clock.now().toISOString(),
    );
  });

  it('fails fast while the agent sends no heartbeats', async () => {
    ctx.world.clock.advance(12 * 60);
    const { connection } = (await app().services.directories.open(tenant.tenantId))!;
    expect(await connection.findUser('someone')).toMatchObject({ ok: false, code: 'DIRECTORY_UNREACHABLE' });
    expect((await app().services.agents.list(tenant.tenantId))[0]).toMatchObject({
      status: 'notConnected',
      version: '9.9.9',
    });
    expect((await post('heartbeat', { publicKey: keys.publicKey, version: '9.9.9' })).statusCode).toBe(200);
    expect((await app().services.agents.list(tenant.tenantId))[0]).toMatchObject({ status: 'connected' });
  });

  it('fails fast, as a misconfiguration (SSPR_0029), while the agent is below the minimum version', async () => {
    const outdated = await post('heartbeat', { publicKey: keys.publicKey, version: '0.0.1' });
    expect(outdated.json()).toMatchObject({ code: 'AGENT_OUTDATED' });
    await post('poll', { publicKey: keys.publicKey });
    const { connection } = (await app().services.directories.open(tenant.tenantId))!;
    expect(await connection.findUser('someone')).toMatchObject({
      ok: false,
      code: 'DIRECTORY_MISCONFIGURED',
      details: { reason: 'agentOutdated' },
    });
    expect((await app().services.agents.list(tenant.tenantId))[0]).toMatchObject({ status: 'unsupported' });
    expect((await post('heartbeat', { publicKey: keys.publicKey, version: '9.9.9' })).statusCode).toBe(200);
    await poll();
  });

  it('expires a request no agent answers: the reset answers SSPR_0030 and the flow stays usable', async () => {
    const api = resetApi(ctx.server, ctx.world.clock);
    const user = await anOnPremUser(app(), tenant, 'Expiry');
    // The agent is alive (heartbeat) but answers nothing: each directory call waits out the ~2 minute expiry.
    const clockRunning = async <T>(work: Promise<T>): Promise<T> => {
      let settled = false;
      const done = work.finally(() => (settled = true));
      while (!settled) {
        ctx.world.clock.advance(15);
        await new Promise((r) => setTimeout(r, 50));
      }
      return done;
    };
    const flowId = await clockRunning(api.flowOf(user.upn));
    const view = (await api.view(flowId)).json();
    expect((await api.intent(flowId, 'reset')).statusCode).toBe(200);
    const email = view.methods.find((m: { type: string }) => m.type === 'email');
    expect((await api.challenge(flowId, { methodId: email.id })).statusCode).toBe(200);
    // Verifying reads the account's lock state through the agent: the test answers that one (not locked).
    const answering = async <T>(work: Promise<T>): Promise<T> => {
      let settled = false;
      const done = work.finally(() => (settled = true));
      while (!settled) {
        const polled = await poll();
        const results = polled.requests.map((r) =>
          envelope.seal(polled.servicePublicKey, r.id, r.operation, JSON.stringify({ ok: true, value: false })),
        );
        if (results.length > 0) await post('results', { publicKey: keys.publicKey, results });
      }
      return done;
    };
    await poll();
    const verified = await answering(
      api.verify(flowId, { methodId: email.id, code: await lastCodeTo(app(), user.alternateEmail!) }),
    );
    expect(verified.statusCode, verified.body).toBe(200);

    expect((await post('heartbeat', { publicKey: keys.publicKey, version: '9.9.9' })).statusCode).toBe(200);
    // It polled just now (so no fail fast), then goes quiet while the request waits.
    expect((await poll()).requests).toEqual([]);
    const before = ctx.world.clock.now().getTime();
    const response = await clockRunning(api.password(flowId, 'Nobody-Home-Agent-77'));
    // Answered by the expiry (a queued request waited two minutes), not by the fail-fast on a silent agent.
    expect(ctx.world.clock.now().getTime() - before).toBeGreaterThanOrEqual(120_000);
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'DIRECTORY_UNREACHABLE', reason: 'SSPR_0030' });
    expect((await api.view(flowId)).json()).toMatchObject({ status: 'active', canSetPassword: true });
    // The expired request is not handed out any more.
    expect((await poll()).requests).toEqual([]);
  });

  it('rotates keys: the service key changes and the agent may pin a new key', async () => {
    const before = await poll();
    await app().services.agents.rotateKeys(tenant.tenantId, agentId, cliActor);
    const fresh = envelope.generateKeyPair();
    const after = (await post('poll', { publicKey: fresh.publicKey })).json<{ servicePublicKey: string }>();
    expect(after.servicePublicKey).not.toBe(before.servicePublicKey);
    expect((await post('poll', { publicKey: keys.publicKey })).statusCode).toBe(401);
  });
});

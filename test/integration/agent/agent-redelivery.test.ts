/**
 * At-least-once delivery between the service and the agent runner, on both store dialects: the runner talks to
 * the service through a loopback proxy that refuses its result posts until told otherwise. The result is kept
 * (not lost) and posted again; meanwhile the service hands the unanswered request out again after the
 * visibility timeout, and the runner answers it from its remembered result instead of running it twice.
 * The directory is the memory adapter (held to the slapd contract suite): what is tested here is delivery.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRsaEnvelope } from '../../../src/adapters/agent/rsa-envelope.js';
import { createMemoryDirectory } from '../../../src/adapters/directory/memory-directory.js';
import { runAgent } from '../../../src/agent/agent-runner.js';
import { currentAgentVersion } from '../../../src/core/directory/agent-version.js';
import type { DirectoryConnection } from '../../../src/core/ports.js';
import { cliActor } from '../../../src/services/audit/audit-recorder.js';
import { testDialects } from '../../support/postgres.js';
import { baseDn, serviceDn } from '../../support/slapd.js';
import { useHttpWorld } from '../../support/world.js';

const dn = `uid=ada,ou=people,${baseDn}`;

const until = async (check: () => boolean | Promise<boolean>, what: string) => {
  const end = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** Forwards the agent's calls to the service; while `blockResults`, a result post is answered 503 unforwarded. */
const startProxy = async (target: string) => {
  const state = { blockResults: true, refusedResultIds: [] as string[], polledIds: [] as string[], forwarding: 0 };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      void (async () => {
        if (request.url === '/api/v1/agent/results' && state.blockResults) {
          state.refusedResultIds.push(
            ...(JSON.parse(body) as { results: Array<{ id: string }> }).results.map((r) => r.id),
          );
          response.writeHead(503).end();
          return;
        }
        state.forwarding += 1;
        const answer = await fetch(new URL(request.url!, target), {
          method: 'POST',
          headers: { authorization: request.headers.authorization!, 'content-type': 'application/json' },
          body,
        }).finally(() => (state.forwarding -= 1));
        const text = await answer.text();
        if (request.url === '/api/v1/agent/poll' && answer.ok)
          state.polledIds.push(...(JSON.parse(text) as { requests: Array<{ id: string }> }).requests.map((r) => r.id));
        response.writeHead(answer.status, { 'content-type': 'application/json' }).end(text);
      })().catch(() => response.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // Closing waits for the forwarded calls: a keep-alive connection busy when the service closes would hold it open.
  const close = async () => {
    await new Promise((r) => server.close(r));
    await until(() => state.forwarding === 0, 'the forwarded calls to end');
  };
  return { state, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close };
};

describe.each(testDialects())('agent re-delivery and result re-posting (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { overrides: { agentTiming: { pollWaitMs: 300, checkIntervalMs: 20 } } });
  const app = () => ctx.world.app;
  const stop = new AbortController();
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let tenantId: string;
  let running: Promise<void>;
  const log: string[] = [];
  const calls = { verifyPassword: 0 };

  beforeAll(async () => {
    tenantId = (await app().services.tenants.createTenant({ name: 'Example', domain: 'example.org', country: 'NL' }))
      .tenantId;
    const { token, agentId } = await app().services.agents.enroll(tenantId, 'branch office', cliActor);
    await app().services.directories.add(
      tenantId,
      { type: 'openldap', url: 'ldaps://dc.example.org', bindDn: serviceDn, bindPassword: '', baseDn, agentId },
      cliActor,
    );
    await ctx.server.listen({ host: '127.0.0.1', port: 0 });
    proxy = await startProxy(`http://127.0.0.1:${(ctx.server.server.address() as AddressInfo).port}`);
    const directory = createMemoryDirectory({
      users: [{ dn, attributes: { uid: ['ada'] }, password: 'Analytical-Engine-1843' }],
    });
    const connection: DirectoryConnection = {
      ...directory,
      verifyPassword: (userDn, password) => {
        calls.verifyPassword += 1;
        return directory.verifyPassword(userDn, password);
      },
    };
    running = runAgent({
      server: proxy.url,
      token,
      connection,
      envelope: createRsaEnvelope(),
      keys: createRsaEnvelope().generateKeyPair(),
      version: currentAgentVersion,
      log: (event, fields) => log.push(JSON.stringify({ event, ...fields })),
      signal: stop.signal,
      maxBackoffMs: 200,
    });
    await until(
      async () => (await app().services.agents.list(tenantId))[0]?.lastPollAt != null,
      "the agent's first poll",
    );
  });
  afterAll(async () => {
    stop.abort();
    await running;
    await proxy?.close();
  });

  it('keeps a result whose post failed, answers the re-delivered request from memory, and posts it once it can', async () => {
    const { connection } = (await app().services.directories.open(tenantId))!;
    const pending = connection.verifyPassword(dn, 'Analytical-Engine-1843');
    await until(() => proxy.state.refusedResultIds.length > 0, 'a refused result post');
    const [id] = proxy.state.refusedResultIds;
    expect(proxy.state.polledIds).toEqual([id]);

    // The service saw no result: after the visibility timeout it hands the request out again, with the same id.
    ctx.world.clock.advance(31);
    await until(() => proxy.state.polledIds.length === 2, 'the re-delivery');
    expect(proxy.state.polledIds).toEqual([id, id]);
    await until(
      () => proxy.state.refusedResultIds.filter((r) => r === id).length >= 3,
      'the remembered result posted again',
    );

    proxy.state.blockResults = false;
    expect(await pending).toEqual({ ok: true, value: 'valid' });
    // Run once on the directory, however often it was delivered or posted.
    expect(calls.verifyPassword).toBe(1);
    expect(log.filter((line) => line.includes('"request done"'))).toHaveLength(1);
    expect(log.join('\n')).not.toContain('Analytical-Engine-1843');
  });
});

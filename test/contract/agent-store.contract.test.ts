/**
 * The Store port's contract for the agent queue (issue 7, item 5), on every dialect: claims are compare-and-set
 * (two pollers never get one hand-out), a request handed out but not answered is handed out again after the
 * visibility timeout until it expires (except writes: at most once), a done or expired one never is, a result is
 * read once and deleted with it, the purge expires overdue requests and deletes old ones per tenant, and the
 * agent's last poll is kept.
 */
import { expect, it } from 'vitest';
import type { Agent, AgentRequest } from '../../src/core/model.js';
import type { Store } from '../../src/core/ports.js';
import { describeStore } from '../support/store-suite.js';

const uuid = () => crypto.randomUUID();
const at = (seconds: number) => new Date(Date.parse('2026-03-01T09:00:00.000Z') + seconds * 1000).toISOString();

const anAgent = async (store: Store): Promise<Agent> => {
  const tenant = {
    tenantId: uuid(),
    name: 'Contoso',
    country: 'NL',
    isTrial: false,
    createdAt: at(0),
    domains: [`t${uuid().slice(0, 8)}.example`],
  };
  await store.tenants.create(tenant);
  const agent: Agent = {
    tenantId: tenant.tenantId,
    agentId: uuid(),
    name: 'branch',
    tokenHash: 'h',
    agentPublicKey: 'pk',
    servicePublicKey: 'spk',
    sealedServicePrivateKey: 'sealed',
    version: null,
    lastHeartbeatAt: null,
    lastPollAt: null,
    createdAt: at(0),
    revokedAt: null,
  };
  await store.agents.create(agent);
  return agent;
};

const enqueue = async (
  store: Store,
  agent: Agent,
  createdSecond: number,
  operation = 'listPage',
): Promise<AgentRequest> => {
  const request: AgentRequest = {
    tenantId: agent.tenantId,
    requestId: uuid(),
    agentId: agent.agentId,
    operation,
    payload: '{"sealed":true}',
    status: 'queued',
    createdAt: at(createdSecond),
    expiresAt: at(createdSecond + 120),
    sentAt: null,
    result: null,
    completedAt: null,
  };
  await store.agents.enqueue(request);
  return request;
};

const ids = (requests: readonly AgentRequest[]) => requests.map((r) => r.requestId).sort();

describeStore('store contract: agent queue', (store) => {
  it('hands each queued request to one of two racing pollers, oldest first, and records when', async () => {
    const agent = await anAgent(store);
    const requests = [await enqueue(store, agent, 0), await enqueue(store, agent, 1), await enqueue(store, agent, 2)];
    const [a, b] = await Promise.all([
      store.agents.claim(agent.tenantId, agent.agentId, at(5), 10, at(-25)),
      store.agents.claim(agent.tenantId, agent.agentId, at(5), 10, at(-25)),
    ]);
    expect([...ids(a), ...ids(b)].sort()).toEqual(ids(requests));
    expect(new Set([...ids(a), ...ids(b)]).size).toBe(3);
    expect(await store.agents.findRequest(agent.tenantId, requests[0]!.requestId)).toMatchObject({
      status: 'sent',
      sentAt: at(5),
      payload: '{"sealed":true}',
    });
    // Within the visibility timeout a sent request is not handed out again.
    expect(await store.agents.claim(agent.tenantId, agent.agentId, at(20), 10, at(-10))).toEqual([]);
    const limited = await enqueue(store, agent, 3);
    const more = await enqueue(store, agent, 4);
    expect(ids(await store.agents.claim(agent.tenantId, agent.agentId, at(6), 1, at(-24)))).toEqual([
      limited.requestId,
    ]);
    expect(ids(await store.agents.claim(agent.tenantId, agent.agentId, at(6), 1, at(-24)))).toEqual([more.requestId]);
  });

  it('hands a sent request out again after the visibility timeout (once per hand-out), until it completes or expires', async () => {
    const agent = await anAgent(store);
    const done = await enqueue(store, agent, 0);
    const lost = await enqueue(store, agent, 1);
    const expiring = await enqueue(store, agent, 2);
    expect(await store.agents.claim(agent.tenantId, agent.agentId, at(3), 10, at(-27))).toHaveLength(3);
    expect(await store.agents.complete(agent.tenantId, agent.agentId, done.requestId, '{"ok":true}', at(4))).toBe(true);

    // 30 s later: the two unanswered ones come back, each to one poller, with the new hand-out time.
    const [a, b] = await Promise.all([
      store.agents.claim(agent.tenantId, agent.agentId, at(33), 10, at(3)),
      store.agents.claim(agent.tenantId, agent.agentId, at(33), 10, at(3)),
    ]);
    expect([...ids(a), ...ids(b)].sort()).toEqual(ids([lost, expiring]));
    expect([...a, ...b].every((r) => r.status === 'sent' && r.sentAt === at(33))).toBe(true);
    expect(await store.agents.claim(agent.tenantId, agent.agentId, at(34), 10, at(4))).toEqual([]);

    // A result for a re-delivered request completes it; a late duplicate is ignored.
    expect(await store.agents.complete(agent.tenantId, agent.agentId, lost.requestId, '{"ok":true}', at(35))).toBe(
      true,
    );
    expect(await store.agents.complete(agent.tenantId, agent.agentId, lost.requestId, '{"ok":true}', at(36))).toBe(
      false,
    );
    expect(await store.agents.expire(agent.tenantId, expiring.requestId, at(122))).toBe(true);
    expect(await store.agents.claim(agent.tenantId, agent.agentId, at(200), 10, at(170))).toEqual([]);
    expect(await store.agents.findRequest(agent.tenantId, lost.requestId)).toMatchObject({
      status: 'done',
      result: '{"ok":true}',
      payload: null,
    });
  });

  it('never hands out a request past its expiry, nor one of another agent or tenant', async () => {
    const agent = await anAgent(store);
    const other = await anAgent(store);
    const request = await enqueue(store, agent, 0);
    expect(await store.agents.claim(other.tenantId, agent.agentId, at(1), 10, at(-29))).toEqual([]);
    expect(await store.agents.claim(agent.tenantId, other.agentId, at(1), 10, at(-29))).toEqual([]);
    expect(await store.agents.claim(agent.tenantId, agent.agentId, at(120), 10, at(90))).toEqual([]);
    expect(await store.agents.findRequest(agent.tenantId, request.requestId)).toMatchObject({
      status: 'queued',
      sentAt: null,
    });
  });

  it("keeps the agent's last poll, per agent", async () => {
    const agent = await anAgent(store);
    const other = await anAgent(store);
    expect((await store.agents.find(agent.tenantId, agent.agentId))?.lastPollAt).toBeNull();
    await store.agents.recordPoll(agent.tenantId, agent.agentId, at(10));
    expect(await store.agents.find(agent.tenantId, agent.agentId)).toMatchObject({
      lastPollAt: at(10),
      lastHeartbeatAt: null,
    });
    expect((await store.agents.findById(other.agentId))?.lastPollAt).toBeNull();
  });

  it('hands a setPassword or unlock out at most once: unanswered, it expires; reads are handed out again', async () => {
    const agent = await anAgent(store);
    const write = await enqueue(store, agent, 0, 'setPassword');
    const unlock = await enqueue(store, agent, 0, 'unlock');
    const read = await enqueue(store, agent, 1, 'findUser');
    expect(ids(await store.agents.claim(agent.tenantId, agent.agentId, at(2), 10, at(-28)))).toEqual(
      ids([write, unlock, read]),
    );
    // Past the visibility timeout only the read comes back; the writes never do, however often the agent polls.
    expect(ids(await store.agents.claim(agent.tenantId, agent.agentId, at(40), 10, at(10)))).toEqual([read.requestId]);
    expect(await store.agents.claim(agent.tenantId, agent.agentId, at(60), 10, at(30))).toEqual([]);
    expect(await store.agents.findRequest(agent.tenantId, write.requestId)).toMatchObject({
      status: 'sent',
      sentAt: at(2),
    });
    // A late result still completes it (the write did happen); otherwise it expires into SSPR_0030.
    expect(await store.agents.complete(agent.tenantId, agent.agentId, write.requestId, '{"ok":true}', at(101))).toBe(
      true,
    );
    expect(await store.agents.expire(agent.tenantId, unlock.requestId, at(121))).toBe(true);
  });

  it('gives a result to one reader and deletes it with the row', async () => {
    const agent = await anAgent(store);
    const request = await enqueue(store, agent, 0);
    expect(await store.agents.takeResult(agent.tenantId, request.requestId)).toBeUndefined();
    await store.agents.claim(agent.tenantId, agent.agentId, at(1), 10, at(-29));
    expect(await store.agents.takeResult(agent.tenantId, request.requestId)).toBeUndefined();
    expect(
      await store.agents.complete(
        agent.tenantId,
        agent.agentId,
        request.requestId,
        '{"ok":true,"value":"cn=Ada"}',
        at(2),
      ),
    ).toBe(true);
    const other = await anAgent(store);
    expect(await store.agents.takeResult(other.tenantId, request.requestId)).toBeUndefined();
    const [a, b] = await Promise.all([
      store.agents.takeResult(agent.tenantId, request.requestId),
      store.agents.takeResult(agent.tenantId, request.requestId),
    ]);
    expect([a, b].filter((r) => r !== undefined)).toEqual(['{"ok":true,"value":"cn=Ada"}']);
    expect(await store.agents.findRequest(agent.tenantId, request.requestId)).toBeUndefined();
    // A late duplicate result finds nothing to complete.
    expect(await store.agents.complete(agent.tenantId, agent.agentId, request.requestId, '{"ok":true}', at(3))).toBe(
      false,
    );
  });

  it('purges per tenant: overdue requests expire first, done and expired ones are deleted after the retention', async () => {
    const agent = await anAgent(store);
    const other = await anAgent(store);
    const overdue = await enqueue(store, agent, 0);
    const sent = await enqueue(store, agent, 0);
    const fresh = await enqueue(store, agent, 100);
    const done = await enqueue(store, agent, 0);
    const theirs = await enqueue(store, other, 0);
    await store.agents.claim(agent.tenantId, agent.agentId, at(1), 1, at(-29));
    await store.agents.claim(agent.tenantId, agent.agentId, at(1), 10, at(-29));
    expect(await store.agents.complete(agent.tenantId, agent.agentId, done.requestId, '{"ok":true}', at(2))).toBe(true);

    expect(await store.agents.purge(agent.tenantId, at(150), at(0))).toEqual({ expired: 2, deleted: 0 });
    for (const request of [overdue, sent])
      expect(await store.agents.findRequest(agent.tenantId, request.requestId)).toMatchObject({
        status: 'expired',
        payload: null,
      });
    expect(await store.agents.findRequest(agent.tenantId, fresh.requestId)).toMatchObject({ status: 'sent' });
    expect(await store.agents.findRequest(other.tenantId, theirs.requestId)).toMatchObject({ status: 'queued' });

    expect(await store.agents.purge(agent.tenantId, at(500), at(200))).toEqual({ expired: 1, deleted: 3 });
    for (const request of [overdue, sent, done])
      expect(await store.agents.findRequest(agent.tenantId, request.requestId)).toBeUndefined();
    expect(await store.agents.findRequest(agent.tenantId, fresh.requestId)).toMatchObject({ status: 'expired' });
    expect(await store.agents.findRequest(other.tenantId, theirs.requestId)).toMatchObject({ status: 'queued' });
    expect(await store.agents.purge(other.tenantId, at(500), at(200))).toEqual({ expired: 1, deleted: 0 });
  });
});

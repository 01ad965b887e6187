import type { Kysely } from 'kysely';
import { agentAtMostOnceOperations } from '../../core/directory/agent-protocol.js';
import type { Agent, AgentRequest, AgentRequestStatus } from '../../core/model.js';
import type { AgentRepository } from '../../core/ports.js';
import type { AgentRequestsTable, AgentsTable } from './schema-directory.js';
import type { Database } from './schema.js';

const toAgent = (row: AgentsTable): Agent => ({
  tenantId: row.tenant_id,
  agentId: row.agent_id,
  name: row.name,
  tokenHash: row.token_hash,
  agentPublicKey: row.agent_public_key,
  servicePublicKey: row.service_public_key,
  sealedServicePrivateKey: row.sealed_service_private_key,
  version: row.version,
  lastHeartbeatAt: row.last_heartbeat_at,
  lastPollAt: row.last_poll_at ?? null,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

const toRequest = (row: AgentRequestsTable): AgentRequest => ({
  tenantId: row.tenant_id,
  requestId: row.request_id,
  agentId: row.agent_id,
  operation: row.operation,
  payload: row.payload,
  status: row.status as AgentRequestStatus,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  sentAt: row.sent_at ?? null,
  result: row.result,
  completedAt: row.completed_at,
});

export const createAgentStore = (db: Kysely<Database>): AgentRepository => ({
  async create(agent) {
    await db
      .insertInto('agents')
      .values({
        tenant_id: agent.tenantId,
        agent_id: agent.agentId,
        name: agent.name,
        token_hash: agent.tokenHash,
        agent_public_key: agent.agentPublicKey,
        service_public_key: agent.servicePublicKey,
        sealed_service_private_key: agent.sealedServicePrivateKey,
        version: agent.version,
        last_heartbeat_at: agent.lastHeartbeatAt,
        last_poll_at: agent.lastPollAt,
        created_at: agent.createdAt,
        revoked_at: agent.revokedAt,
      })
      .execute();
  },
  async list(tenantId) {
    const rows = await db
      .selectFrom('agents')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('agent_id')
      .execute();
    return rows.map(toAgent);
  },
  async find(tenantId, agentId) {
    const row = await db
      .selectFrom('agents')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('agent_id', '=', agentId)
      .executeTakeFirst();
    return row && toAgent(row);
  },
  async findById(agentId) {
    const row = await db.selectFrom('agents').selectAll().where('agent_id', '=', agentId).executeTakeFirst();
    return row && toAgent(row);
  },
  async pinPublicKey(tenantId, agentId, publicKey) {
    const result = await db
      .updateTable('agents')
      .set({ agent_public_key: publicKey })
      .where('tenant_id', '=', tenantId)
      .where('agent_id', '=', agentId)
      .where('agent_public_key', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },
  async rotateServiceKeys(tenantId, agentId, keys) {
    // The agent's pinned key is dropped too: its next contact pins the key it holds then.
    const result = await db
      .updateTable('agents')
      .set({
        service_public_key: keys.servicePublicKey,
        sealed_service_private_key: keys.sealedServicePrivateKey,
        agent_public_key: null,
      })
      .where('tenant_id', '=', tenantId)
      .where('agent_id', '=', agentId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },
  async heartbeat(tenantId, agentId, at, version) {
    await db
      .updateTable('agents')
      .set({ last_heartbeat_at: at, version })
      .where('tenant_id', '=', tenantId)
      .where('agent_id', '=', agentId)
      .execute();
  },
  async recordPoll(tenantId, agentId, at) {
    await db
      .updateTable('agents')
      .set({ last_poll_at: at })
      .where('tenant_id', '=', tenantId)
      .where('agent_id', '=', agentId)
      .execute();
  },
  async revoke(tenantId, agentId, at) {
    const result = await db
      .updateTable('agents')
      .set({ revoked_at: at })
      .where('tenant_id', '=', tenantId)
      .where('agent_id', '=', agentId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },
  async enqueue(request) {
    await db
      .insertInto('agent_requests')
      .values({
        tenant_id: request.tenantId,
        request_id: request.requestId,
        agent_id: request.agentId,
        operation: request.operation,
        payload: request.payload,
        status: request.status,
        created_at: request.createdAt,
        expires_at: request.expiresAt,
        sent_at: request.sentAt,
        result: request.result,
        completed_at: request.completedAt,
      })
      .execute();
  },
  async findRequest(tenantId, requestId) {
    const row = await db
      .selectFrom('agent_requests')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('request_id', '=', requestId)
      .executeTakeFirst();
    return row && toRequest(row);
  },
  async claim(tenantId, agentId, now, limit, redeliverBefore) {
    // Queued ones, and sent reads whose result never came within the visibility timeout; never an expired one,
    // and never a write a second time (at most once: it expires instead, see agentAtMostOnceOperations).
    const rows = await db
      .selectFrom('agent_requests')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('agent_id', '=', agentId)
      .where((eb) =>
        eb.or([
          eb('status', '=', 'queued'),
          eb.and([
            eb('status', '=', 'sent'),
            eb('sent_at', '<=', redeliverBefore),
            eb('operation', 'not in', [...agentAtMostOnceOperations]),
          ]),
        ]),
      )
      .where('expires_at', '>', now)
      .orderBy('created_at')
      .orderBy('request_id')
      .limit(limit)
      .execute();
    const claimed: AgentRequest[] = [];
    for (const row of rows) {
      // Compare-and-set on the status and the previous hand-out: two pollers (or instances) never both take it.
      const sentAt = row.sent_at ?? null;
      const result = await db
        .updateTable('agent_requests')
        .set({ status: 'sent', sent_at: now })
        .where('tenant_id', '=', tenantId)
        .where('request_id', '=', row.request_id)
        .where('status', '=', row.status)
        .where('sent_at', sentAt === null ? 'is' : '=', sentAt)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) > 0) claimed.push({ ...toRequest(row), status: 'sent', sentAt: now });
    }
    return claimed;
  },
  async complete(tenantId, agentId, requestId, result, at) {
    const updated = await db
      .updateTable('agent_requests')
      .set({ status: 'done', result, payload: null, completed_at: at })
      .where('tenant_id', '=', tenantId)
      .where('agent_id', '=', agentId)
      .where('request_id', '=', requestId)
      .where('status', 'in', ['queued', 'sent'])
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) > 0;
  },
  async takeResult(tenantId, requestId) {
    // One DELETE … RETURNING (SQLite ≥ 3.35 and PostgreSQL): of two readers, only the one that deleted the row has it.
    const row = await db
      .deleteFrom('agent_requests')
      .where('tenant_id', '=', tenantId)
      .where('request_id', '=', requestId)
      .where('status', '=', 'done')
      .returning('result')
      .executeTakeFirst();
    return row?.result ?? undefined;
  },
  async purge(tenantId, now, completedBefore) {
    const expired = await db
      .updateTable('agent_requests')
      .set({ status: 'expired', payload: null, completed_at: now })
      .where('tenant_id', '=', tenantId)
      .where('status', 'in', ['queued', 'sent'])
      .where('expires_at', '<=', now)
      .executeTakeFirst();
    const deleted = await db
      .deleteFrom('agent_requests')
      .where('tenant_id', '=', tenantId)
      .where('status', 'in', ['done', 'expired'])
      .where('completed_at', '<', completedBefore)
      .executeTakeFirst();
    return { expired: Number(expired.numUpdatedRows), deleted: Number(deleted.numDeletedRows) };
  },
  async expire(tenantId, requestId, at) {
    const updated = await db
      .updateTable('agent_requests')
      .set({ status: 'expired', payload: null, completed_at: at })
      .where('tenant_id', '=', tenantId)
      .where('request_id', '=', requestId)
      .where('status', 'in', ['queued', 'sent'])
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) > 0;
  },
});

import type { Kysely } from 'kysely';

/**
 * The outbound-only writeback agent (issue 7, item 5).
 *
 * - `agents`: one row per enrolled agent: the keyed hash of its token (shown once), the agent's public key
 *   (pinned on first contact), the service's per-agent key pair (private half sealed), version and last
 *   heartbeat for the status, and `revoked_at`.
 * - `agent_requests`: the durable queue between a forwarding connection and the agent: the request sealed for
 *   the agent, its status (queued → sent → done | expired), when it expires, and the result as JSON.
 * - `directory_connections.agent_id`: a connection reached through that agent instead of directly.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable('agents')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.tenant_id'))
    .addColumn('agent_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('agent_public_key', 'text')
    .addColumn('service_public_key', 'text', (c) => c.notNull())
    .addColumn('sealed_service_private_key', 'text', (c) => c.notNull())
    .addColumn('version', 'text')
    .addColumn('last_heartbeat_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addPrimaryKeyConstraint('agents_pk', ['tenant_id', 'agent_id'])
    .execute();
  await db.schema.createIndex('agents_id').on('agents').columns(['agent_id']).unique().execute();
  await db.schema
    .createTable('agent_requests')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.tenant_id'))
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'text', (c) => c.notNull())
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('payload', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('result', 'text')
    .addColumn('completed_at', 'text')
    .addPrimaryKeyConstraint('agent_requests_pk', ['tenant_id', 'request_id'])
    .execute();
  await db.schema
    .createIndex('agent_requests_queue')
    .on('agent_requests')
    .columns(['agent_id', 'status', 'created_at'])
    .execute();
  await db.schema.alterTable('directory_connections').addColumn('agent_id', 'text').execute();
};

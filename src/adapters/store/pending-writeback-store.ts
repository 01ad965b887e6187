import type { Kysely, Selectable } from 'kysely';
import type { PendingWriteback, PendingWritebackKind, PendingWritebackRepository } from '../../core/ports.js';
import type { AuditEvent } from '../../core/model.js';
import type { Database } from './schema.js';
import type { PendingWritebacksTable } from './schema-writeback.js';

const recordOf = (row: Selectable<PendingWritebacksTable>): PendingWriteback => ({
  tenantId: row.tenant_id,
  operationId: row.operation_id,
  userId: row.user_id,
  flowId: row.flow_id,
  kind: row.kind as PendingWritebackKind,
  actor: { type: row.actor_type as AuditEvent['actor']['type'], id: row.actor_id, upn: row.actor_upn },
  startedAt: row.started_at,
  instance: row.instance,
  unknownSince: row.unknown_since,
  passwordHash: row.password_hash,
  firstSeenAt: row.first_seen_at,
});

/**
 * The write-ahead records of on-premises password writes. The recovery's claim is one conditional UPDATE (pending →
 * unknown): on PostgreSQL a racing UPDATE waits on the row lock and then finds the condition false; SQLite runs one
 * writer at a time. Either way exactly one caller sees a changed row. The first sighting is set once the same way.
 */
export const createPendingWritebackStore = (db: Kysely<Database>): PendingWritebackRepository => ({
  async put(record) {
    await db
      .insertInto('pending_writebacks')
      .values({
        tenant_id: record.tenantId,
        operation_id: record.operationId,
        user_id: record.userId,
        flow_id: record.flowId,
        kind: record.kind,
        actor_type: record.actor.type,
        actor_id: record.actor.id,
        actor_upn: record.actor.upn,
        started_at: record.startedAt,
        instance: record.instance,
        unknown_since: record.unknownSince,
        password_hash: record.passwordHash,
        first_seen_at: record.firstSeenAt,
      })
      .execute();
  },
  async remove(tenantId, operationId) {
    const result = await db
      .deleteFrom('pending_writebacks')
      .where('tenant_id', '=', tenantId)
      .where('operation_id', '=', operationId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  },
  async listOfFlow(tenantId, userId, flowId) {
    const rows = await db
      .selectFrom('pending_writebacks')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('flow_id', '=', flowId)
      .orderBy('started_at')
      .orderBy('operation_id')
      .execute();
    return rows.map(recordOf);
  },
  async listPending(tenantId, limit) {
    const rows = await db
      .selectFrom('pending_writebacks')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('unknown_since', 'is', null)
      .orderBy('started_at')
      .orderBy('operation_id')
      .limit(limit)
      .execute();
    return rows.map(recordOf);
  },
  async noteFirstSeen(tenantId, operationId, at) {
    const result = await db
      .updateTable('pending_writebacks')
      .set({ first_seen_at: at })
      .where('tenant_id', '=', tenantId)
      .where('operation_id', '=', operationId)
      .where('first_seen_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
  async markUnknown(tenantId, operationId, at) {
    const result = await db
      .updateTable('pending_writebacks')
      .set({ unknown_since: at })
      .where('tenant_id', '=', tenantId)
      .where('operation_id', '=', operationId)
      .where('unknown_since', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
  async forgetPasswordsOfFlow(tenantId, userId, flowId) {
    await db
      .updateTable('pending_writebacks')
      .set({ password_hash: null })
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('flow_id', '=', flowId)
      .where('password_hash', 'is not', null)
      .execute();
  },
  async deleteUnknownBefore(tenantId, before) {
    const result = await db
      .deleteFrom('pending_writebacks')
      .where('tenant_id', '=', tenantId)
      .where('unknown_since', 'is not', null)
      .where('unknown_since', '<=', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
});

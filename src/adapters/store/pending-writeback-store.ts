import { sql, type Kysely, type Selectable } from 'kysely';
import type { PendingWriteback, PendingWritebackKind, PendingWritebackRepository } from '../../core/ports.js';
import type { AuditEvent } from '../../core/model.js';
import type { Dialect } from './database.js';
import { databaseNow } from './database-clock.js';
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

/** A tenant's records still pending (not marked unknown), oldest first. */
const pendingRecords = (db: Kysely<Database>, tenantId: string, limit: number) =>
  db
    .selectFrom('pending_writebacks')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('unknown_since', 'is', null)
    .orderBy('started_at')
    .orderBy('operation_id')
    .limit(limit);

/**
 * The write-ahead records of on-premises password writes. The recovery's claim is one conditional UPDATE (pending →
 * unknown): on PostgreSQL a racing UPDATE waits on the row lock and then finds the condition false; SQLite runs one
 * writer at a time. Either way exactly one caller sees a changed row. The first sighting is set once the same way, by
 * the database's clock, and its age is judged by that clock too (database-clock.ts): one clock for every instance.
 */
export const createPendingWritebackStore = (db: Kysely<Database>, dialect: Dialect): PendingWritebackRepository => ({
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
    return (await pendingRecords(db, tenantId, limit).execute()).map(recordOf);
  },
  async listPendingAged(tenantId, limit, backstopSeconds) {
    const rows = await pendingRecords(db, tenantId, limit)
      // 1 or 0 on both dialects (SQLite has no boolean); never true for a record not yet seen.
      .select(
        sql<number>`case when first_seen_at <= ${databaseNow(dialect, -backstopSeconds)} then 1 else 0 end`.as(
          'past_backstop',
        ),
      )
      .execute();
    return rows.map(({ past_backstop, ...row }) => ({
      record: recordOf(row),
      pastBackstop: Number(past_backstop) === 1,
    }));
  },
  async noteFirstSeen(tenantId, operationId) {
    const result = await db
      .updateTable('pending_writebacks')
      .set({ first_seen_at: databaseNow(dialect) })
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

import type { Kysely } from 'kysely';
import type { VoiceCall } from '../../core/model.js';
import type { VoiceCallRepository } from '../../core/ports.js';
import { inLockedBatch } from './batches.js';
import type { Dialect } from './database.js';
import type { Database, VoiceCallsTable } from './schema.js';

const toCall = (row: VoiceCallsTable): VoiceCall => ({
  tenantId: row.tenant_id,
  callId: row.call_id,
  locale: row.locale,
  status: row.status as VoiceCall['status'],
  createdAt: row.created_at,
  answeredAt: row.answered_at,
});

export const createVoiceCallStore = (db: Kysely<Database>, dialect: Dialect): VoiceCallRepository => ({
  async add(call) {
    await db
      .insertInto('voice_calls')
      .values({
        tenant_id: call.tenantId,
        call_id: call.callId,
        locale: call.locale,
        status: call.status,
        created_at: call.createdAt,
        answered_at: call.answeredAt,
      })
      .execute();
  },
  async find(tenantId, callId) {
    const row = await db
      .selectFrom('voice_calls')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('call_id', '=', callId)
      .executeTakeFirst();
    return row && toCall(row);
  },
  async settle(tenantId, callId, status, answeredAt) {
    // One conditional UPDATE: of racing answers exactly one sees the row still `placed`.
    const result = await db
      .updateTable('voice_calls')
      .set({ status, answered_at: answeredAt })
      .where('tenant_id', '=', tenantId)
      .where('call_id', '=', callId)
      .where('status', '=', 'placed')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
  async deleteCreatedBefore(tenantId, before, limit) {
    // The batch by key in a subquery, as the code purge's: a DELETE takes no LIMIT on PostgreSQL, and there the batch
    // skips rows another purge holds (batches.ts).
    const batch = db
      .selectFrom('voice_calls')
      .select('call_id')
      .where('tenant_id', '=', tenantId)
      .where('created_at', '<', before)
      .limit(limit);
    const result = await db
      .deleteFrom('voice_calls')
      .where('tenant_id', '=', tenantId)
      .where((eb) =>
        dialect === 'postgres' ? inLockedBatch('call_id', batch.forUpdate().skipLocked()) : eb('call_id', 'in', batch),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
});

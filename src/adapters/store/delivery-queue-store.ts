import { sql, type Kysely } from 'kysely';
import type { DeliveryQueueRepository, QueuedMessage } from '../../core/ports.js';
import { inLockedPairBatch } from './batches.js';
import type { Dialect } from './database.js';
import type { Database } from './schema.js';
import type { DeliveryQueueTable } from './schema-delivery.js';

const toMessage = (row: DeliveryQueueTable): QueuedMessage => ({
  tenantId: row.tenant_id,
  messageId: row.message_id,
  channel: row.channel as QueuedMessage['channel'],
  purpose: row.purpose,
  userId: row.user_id,
  recipient: row.recipient,
  sealedBody: row.sealed_body,
  status: row.status as QueuedMessage['status'],
  attempts: Number(row.attempts),
  nextAttemptAt: row.next_attempt_at,
  expiresAt: row.expires_at,
  claimToken: row.claim_token,
  leaseUntil: row.lease_until,
  lastError: row.last_error,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export const createDeliveryQueueStore = (db: Kysely<Database>, dialect: Dialect): DeliveryQueueRepository => ({
  async add(message) {
    await db
      .insertInto('delivery_queue')
      .values({
        tenant_id: message.tenantId,
        message_id: message.messageId,
        channel: message.channel,
        purpose: message.purpose,
        user_id: message.userId,
        recipient: message.recipient,
        sealed_body: message.sealedBody,
        status: message.status,
        attempts: 0,
        next_attempt_at: message.createdAt,
        expires_at: message.expiresAt,
        claim_token: null,
        lease_until: null,
        last_error: null,
        created_at: message.createdAt,
        updated_at: message.createdAt,
      })
      .execute();
  },

  async claimDue(now, leaseUntil, limit, claimToken) {
    // One UPDATE of the due rows: on PostgreSQL the inner SELECT locks what it picks and skips rows another worker
    // holds, so concurrent claimers split the queue (inLockedPairBatch: picked once, never past the limit); SQLite runs
    // one writer at a time.
    const due = db
      .selectFrom('delivery_queue')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
          eb.and([eb('status', '=', 'sending'), eb('lease_until', '<=', now)]),
        ]),
      )
      .orderBy('next_attempt_at')
      .limit(limit);
    const rows = await db
      .updateTable('delivery_queue')
      .set({
        status: 'sending',
        claim_token: claimToken,
        lease_until: leaseUntil,
        attempts: sql<number>`attempts + 1`,
        updated_at: now,
      })
      .where((eb) =>
        dialect === 'postgres'
          ? inLockedPairBatch(
              ['tenant_id', 'message_id'],
              due
                .select(sql`row(tenant_id, message_id)`.as('key'))
                .forUpdate()
                .skipLocked(),
            )
          : eb(
              eb.refTuple('tenant_id', 'message_id'),
              'in',
              due.select(['tenant_id', 'message_id']).$asTuple('tenant_id', 'message_id'),
            ),
      )
      .returningAll()
      .execute();
    return rows.map(toMessage).sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt));
  },

  async finish(tenantId, messageId, claimToken, status, now, lastError) {
    const result = await db
      .updateTable('delivery_queue')
      .set({ status, sealed_body: null, claim_token: null, lease_until: null, last_error: lastError, updated_at: now })
      .where('tenant_id', '=', tenantId)
      .where('message_id', '=', messageId)
      .where('claim_token', '=', claimToken)
      .where('status', '=', 'sending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async retryLater(tenantId, messageId, claimToken, nextAttemptAt, now, lastError) {
    const result = await db
      .updateTable('delivery_queue')
      .set({
        status: 'pending',
        next_attempt_at: nextAttemptAt,
        claim_token: null,
        lease_until: null,
        last_error: lastError,
        updated_at: now,
      })
      .where('tenant_id', '=', tenantId)
      .where('message_id', '=', messageId)
      .where('claim_token', '=', claimToken)
      .where('status', '=', 'sending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async find(tenantId, messageId) {
    const row = await db
      .selectFrom('delivery_queue')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('message_id', '=', messageId)
      .executeTakeFirst();
    return row && toMessage(row);
  },

  async list(tenantId, options = {}) {
    let query = db.selectFrom('delivery_queue').selectAll().where('tenant_id', '=', tenantId);
    if (options.status) query = query.where('status', '=', options.status);
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('message_id')
      .limit(options.limit ?? 100)
      .execute();
    return rows.map(toMessage);
  },

  async purge(before) {
    const result = await db
      .deleteFrom('delivery_queue')
      .where('status', 'in', ['delivered', 'dropped', 'blank'])
      .where('updated_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
});

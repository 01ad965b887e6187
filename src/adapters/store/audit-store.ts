import type { Kysely } from 'kysely';
import type { AuditEvent, OutboxMessage } from '../../core/model.js';
import type { AuditLog, OutboxRepository } from '../../core/ports.js';
import { appendChained, listChained, purgeExpired, readChainHead } from './audit-chain-store.js';
import { eventOfRow } from './audit-rows.js';
import { pendingCount, sealPending } from './audit-seal-store.js';
import type { Dialect } from './database.js';
import type { AuditEventsTable, Database } from './schema.js';

/** An event as readers get it: the chain's fields stay inside the store's chain calls. */
export const toAuditEvent = (row: AuditEventsTable): AuditEvent => {
  const { seq: _seq, prevHash: _prev, hash: _hash, ...event } = eventOfRow(row);
  return event;
};

/**
 * The audit log over the hash chain (audit-chain-store.ts; sealed per batch, audit-seal-store.ts, and
 * every reader of the chain seals first, so it never sees an event missing that is only waiting for its seal).
 */
export const createAuditStore = (db: Kysely<Database>, dialect: Dialect): AuditLog => {
  const seal = () => sealPending(db, dialect);
  return {
    async append(event) {
      await appendChained(db, dialect, [event]);
    },
    seal,
    pending: (tenantId) => pendingCount(db, dialect, tenantId),
    async list(tenantId, options = {}) {
      let query = db.selectFrom('audit_events').selectAll().where('tenant_id', '=', tenantId);
      if (options.activity) query = query.where('activity', '=', options.activity);
      if (options.since) query = query.where('occurred_at', '>=', options.since);
      const rows = await query
        .orderBy('occurred_at', 'desc')
        .orderBy('event_id', 'desc')
        .limit(options.limit ?? 100)
        .execute();
      return rows.map(toAuditEvent);
    },
    async listChained(tenantId, afterSeq, limit) {
      await seal();
      return listChained(db, dialect, tenantId, afterSeq, limit);
    },
    async chainHead(tenantId) {
      await seal();
      return readChainHead(db, tenantId);
    },
    async lastPositions() {
      await seal();
      const rows = await db.selectFrom('audit_chain_heads').select(['tenant_id', 'last_seq']).execute();
      return new Map(rows.map((r) => [r.tenant_id, Number(r.last_seq)]));
    },
    purgeExpired: (tenantId, cutoff, maxRows) => purgeExpired(db, dialect, tenantId, cutoff, maxRows),
  };
};

export const createOutboxStore = (db: Kysely<Database>): OutboxRepository => ({
  async add(message) {
    await db
      .insertInto('outbox_messages')
      .values({
        tenant_id: message.tenantId,
        message_id: message.messageId,
        channel: message.channel,
        recipient: message.recipient,
        subject: message.subject,
        body_text: message.bodyText,
        created_at: message.createdAt,
      })
      .execute();
  },
  async list(options = {}) {
    let query = db.selectFrom('outbox_messages').selectAll();
    if (options.tenantId) query = query.where('tenant_id', '=', options.tenantId);
    if (options.recipient) query = query.where('recipient', '=', options.recipient);
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('message_id', 'desc')
      .limit(options.limit ?? 50)
      .execute();
    return rows.map((row): OutboxMessage => ({
      tenantId: row.tenant_id,
      messageId: row.message_id,
      channel: row.channel as OutboxMessage['channel'],
      recipient: row.recipient,
      subject: row.subject,
      bodyText: row.body_text,
      createdAt: row.created_at,
    }));
  },
});

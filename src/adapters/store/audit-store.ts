import type { Kysely } from 'kysely';
import type { AuditEvent, OutboxMessage } from '../../core/model.js';
import type { AuditLog, OutboxRepository } from '../../core/ports.js';
import type { AuditEventsTable, Database } from './schema.js';

export const toAuditEvent = (row: AuditEventsTable): AuditEvent => ({
  tenantId: row.tenant_id,
  eventId: row.event_id,
  occurredAt: row.occurred_at,
  service: row.service,
  category: row.category,
  activity: row.activity,
  result: row.result === 'failure' ? 'failure' : 'success',
  resultReason: row.result_reason,
  actor: { type: row.actor_type as AuditEvent['actor']['type'], id: row.actor_id, upn: row.actor_upn },
  target: row.target_type
    ? { type: row.target_type as NonNullable<AuditEvent['target']>['type'], id: row.target_id, name: row.target_name }
    : null,
  ipAddress: row.ip_address,
  details: JSON.parse(row.details) as AuditEvent['details'],
});

/** The row of one event; also used by bulk writers (directory sync). */
export const auditRowOf = (event: AuditEvent): AuditEventsTable => ({
  tenant_id: event.tenantId,
  event_id: event.eventId,
  occurred_at: event.occurredAt,
  service: event.service,
  category: event.category,
  activity: event.activity,
  result: event.result,
  result_reason: event.resultReason,
  actor_type: event.actor.type,
  actor_id: event.actor.id,
  actor_upn: event.actor.upn,
  target_type: event.target?.type ?? null,
  target_id: event.target?.id ?? null,
  target_name: event.target?.name ?? null,
  ip_address: event.ipAddress,
  details: JSON.stringify(event.details),
});

export const createAuditStore = (db: Kysely<Database>): AuditLog => ({
  async append(event) {
    await db.insertInto('audit_events').values(auditRowOf(event)).execute();
  },
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
});

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

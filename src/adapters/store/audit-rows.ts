import type { ChainedAuditEvent } from '../../core/audit/audit-chain.js';
import type { AuditEvent } from '../../core/model.js';
import type { AuditEventsTable } from './schema.js';

/**
 * The stored details as the event's; text that is not a JSON object (a write outside the app: the app stores only
 * objects) is kept as it is in `unreadableDetails`, which the chain hashes instead. A parse failure must not throw:
 * the sealer reads every row, and one such row would stop every later event of every tenant from being sealed.
 */
const detailsOfRow = (text: string): Pick<AuditEvent, 'details' | 'unreadableDetails'> => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { details: {}, unreadableDetails: text };
  }
  // An array, a string or a number would hash like some object (its indexes as keys, or no keys): not an object.
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { details: {}, unreadableDetails: text };
  return { details: parsed as AuditEvent['details'] };
};

export const eventOfRow = (row: AuditEventsTable): ChainedAuditEvent => ({
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
  ...detailsOfRow(row.details),
  seq: Number(row.seq),
  prevHash: row.prev_hash ?? '',
  hash: row.hash ?? '',
});

/** An event's row without the chain's columns: SQLite's plain append, linked later by the sealer (0029). */
export const plainRowOfEvent = (event: AuditEvent): Omit<AuditEventsTable, 'seq' | 'prev_hash' | 'hash'> => ({
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

export const rowOfEvent = (event: ChainedAuditEvent): AuditEventsTable => ({
  ...plainRowOfEvent(event),
  seq: event.seq,
  prev_hash: event.prevHash,
  hash: event.hash,
});

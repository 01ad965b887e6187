import { auditActivities, type AuditActivity } from '../../core/audit/activities.js';
import type { AuditEvent } from '../../core/model.js';
import type { StoreRepositories } from '../../core/ports.js';
import type { ServiceDeps } from '../deps.js';

export interface AuditInput {
  tenantId: string;
  activity: AuditActivity;
  result?: AuditEvent['result'];
  resultReason?: string | null;
  actor: AuditEvent['actor'];
  target?: AuditEvent['target'];
  ipAddress?: string | null;
  details?: AuditEvent['details'];
}

/** Appends an audit event through the given repositories, normally those of the caller's transaction. */
export const recordAudit = async (
  deps: Pick<ServiceDeps, 'clock' | 'random'>,
  repositories: Pick<StoreRepositories, 'audit'>,
  input: AuditInput,
): Promise<void> => {
  await repositories.audit.append(auditEventOf(deps, input));
};

/** The event `recordAudit` appends, for callers that write many in one statement (directory sync). */
export const auditEventOf = (deps: Pick<ServiceDeps, 'clock' | 'random'>, input: AuditInput): AuditEvent => {
  const activity = auditActivities[input.activity];
  return {
    tenantId: input.tenantId,
    eventId: deps.random.uuid(),
    occurredAt: deps.clock.now().toISOString(),
    service: activity.service,
    category: activity.category,
    activity: activity.name,
    result: input.result ?? 'success',
    resultReason: input.resultReason ?? null,
    actor: input.actor,
    target: input.target ?? null,
    ipAddress: input.ipAddress ?? null,
    details: input.details ?? {},
  };
};

export const cliActor: AuditEvent['actor'] = { type: 'cli', id: null, upn: null };

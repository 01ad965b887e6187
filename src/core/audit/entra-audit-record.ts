/**
 * An audit event as Entra's `directoryAudit` resource (Microsoft Graph, `auditLogs/directoryAudits`), the shape the
 * SIEM stream sends, so rules and parsers written for Entra's audit logs read ours unchanged. Fields Entra has and
 * we keep differently are mapped (actor → `initiatedBy.user` or `.app`, target → `targetResources[0]`, details →
 * `additionalDetails`); what Entra lacks is added beside: `tenantId` and the hash chain's `chainSequence`,
 * `chainHash`, `chainPreviousHash`, so a receiver's copy pins the chain too.
 */
import type { ChainedAuditEvent } from './audit-chain.js';

export interface EntraDirectoryAudit {
  id: string;
  tenantId: string;
  category: string;
  correlationId: string;
  result: 'success' | 'failure';
  resultReason: string;
  activityDisplayName: string;
  activityDateTime: string;
  loggedByService: string;
  operationType: 'Add' | 'Update' | 'Delete' | 'Assign' | 'Unassign' | 'Other';
  initiatedBy: {
    user: {
      id: string | null;
      displayName: string | null;
      userPrincipalName: string | null;
      ipAddress: string | null;
    } | null;
    app: { appId: null; displayName: string; servicePrincipalId: null; servicePrincipalName: string } | null;
  };
  targetResources: {
    id: string | null;
    displayName: string | null;
    type: string;
    userPrincipalName: string | null;
    modifiedProperties: [];
  }[];
  additionalDetails: { key: string; value: string }[];
  chainSequence: number;
  chainHash: string;
  chainPreviousHash: string;
}

/** Entra's operation types, read from the activity's verb. */
const operationTypeOf = (activity: string): EntraDirectoryAudit['operationType'] => {
  if (/^(Add|Create|Register)/i.test(activity)) return 'Add';
  if (/^(Delete|Remove|Revoke)/i.test(activity)) return 'Delete';
  if (/^Assign/i.test(activity)) return 'Assign';
  if (/^Unassign/i.test(activity)) return 'Unassign';
  if (/^(Update|Change|Reset|Unlock|Set|Enable|Disable)/i.test(activity)) return 'Update';
  return 'Other';
};

const appNames: Record<string, string> = { system: 'OpenSSPR', cli: 'OpenSSPR command line' };

export const toEntraDirectoryAudit = (event: ChainedAuditEvent): EntraDirectoryAudit => {
  const human = event.actor.type === 'user' || event.actor.type === 'admin';
  const correlation = event.details.flow ?? event.details.correlationId;
  return {
    id: event.eventId,
    tenantId: event.tenantId,
    category: event.category,
    // A reset flow's events share its id, as Entra's share a correlation id; any other event stands alone.
    correlationId: typeof correlation === 'string' ? correlation : event.eventId,
    result: event.result,
    resultReason: event.resultReason ?? '',
    activityDisplayName: event.activity,
    activityDateTime: event.occurredAt,
    loggedByService: event.service,
    operationType: operationTypeOf(event.activity),
    initiatedBy: {
      user: human
        ? { id: event.actor.id, displayName: null, userPrincipalName: event.actor.upn, ipAddress: event.ipAddress }
        : null,
      app: human
        ? null
        : {
            appId: null,
            displayName: appNames[event.actor.type] ?? 'OpenSSPR',
            servicePrincipalId: null,
            servicePrincipalName: appNames[event.actor.type] ?? 'OpenSSPR',
          },
    },
    targetResources: event.target
      ? [
          {
            id: event.target.id,
            displayName: event.target.name,
            type: event.target.type === 'user' ? 'User' : event.target.type,
            userPrincipalName: event.target.type === 'user' ? event.target.name : null,
            modifiedProperties: [],
          },
        ]
      : [],
    // Details stored as something other than a JSON object (a write outside the app) go as they are, under one key.
    additionalDetails:
      event.unreadableDetails === undefined
        ? Object.entries(event.details).map(([key, value]) => ({ key, value: String(value) }))
        : [{ key: 'unreadableDetails', value: event.unreadableDetails }],
    chainSequence: event.seq,
    chainHash: event.hash,
    chainPreviousHash: event.prevHash,
  };
};

/**
 * Audit events of reset flows (reference §8.1), with Entra's activity names and details strings.
 * Never a code, an answer, a password or the flow id: the flow's public reference correlates steps,
 * the support code ties an event to what the user saw.
 */
import type { AuditActivity } from '../../core/audit/activities.js';
import type { AuditEvent } from '../../core/model.js';
import type { StoreRepositories } from '../../core/ports.js';
import { recordAudit } from '../audit/audit-recorder.js';
import type { ServiceDeps } from '../deps.js';
import type { ResetContext } from './password-reset-types.js';
import { decoyTenantId, type StoredFlow } from './reset-state.js';
import { policyMethods, type MethodType } from '../../methods/registry.js';

/** Entra's names of the verification options in details strings ("User started the mobile SMS verification option"). */
export const optionName = Object.fromEntries(policyMethods.map((m) => [m.id, m.auditName])) as Record<
  MethodType,
  string
>;

const passedMethods = (flow: StoredFlow['flow']): MethodType[] => [
  ...new Set(flow.passed.flatMap((id) => flow.methods.find((m) => m.id === id)?.type ?? [])),
];

export interface FlowAuditInput {
  activity?: AuditActivity;
  detail: string;
  result?: AuditEvent['result'];
  resultReason?: string | null;
  extra?: Record<string, string | number | boolean>;
}

/** Appends one event for the flow, in the caller's transaction. Decoys of unknown domains have no tenant to log to. */
export const auditFlow = async (
  deps: Pick<ServiceDeps, 'clock' | 'random'>,
  store: Pick<StoreRepositories, 'audit'>,
  stored: StoredFlow,
  ctx: ResetContext,
  input: FlowAuditInput,
): Promise<void> => {
  const { flow } = stored;
  if (flow.tenantId === decoyTenantId) return;
  // A decoy's steps only look like progress to the user; the log tells the admin why nothing can pass.
  const decoy = stored.decoy && input.result !== 'failure';
  await recordAudit(deps, store, {
    tenantId: flow.tenantId,
    activity: input.activity ?? 'resetFlowProgress',
    result: decoy ? 'failure' : (input.result ?? 'success'),
    resultReason: decoy ? (stored.decoyReason ?? 'UserNotEligible') : (input.resultReason ?? null),
    actor: { type: 'user', id: flow.userId, upn: stored.username },
    target: { type: 'user', id: flow.userId, name: stored.username },
    ipAddress: ctx.ipAddress,
    details: {
      detail: input.detail,
      flow: flow.flowId,
      supportCode: ctx.supportCode,
      // The methods of the gates passed so far, for Usage & insights' "resets by authentication method".
      ...(flow.passed.length > 0 && { methods: passedMethods(flow).join(',') }),
      ...input.extra,
    },
  });
};

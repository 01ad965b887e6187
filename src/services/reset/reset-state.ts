/**
 * A reset flow as the service keeps it: the core state machine's `ResetFlow` plus what the service
 * needs between requests (the pending challenge's code id, call id or question pick), stored as JSON
 * under the keyed hash of the flow id and written with compare-and-set on `version`.
 *
 * `flow.flowId` is the flow's public reference (a random UUID that audit events carry to correlate
 * steps), never the bearer secret: that one exists only in the user's hands.
 */
import { isLive, type ResetFlow } from '../../core/flows/reset-flow.js';
import type { ResetFlowRecord, StoreRepositories } from '../../core/ports.js';
import { failure, success, type Result } from '../../core/result.js';
import type { ServiceDeps } from '../deps.js';
import type { Helpdesk, Ineligible } from './password-reset-types.js';

/** Decoy flows for domains no tenant has live here (no tenant row, so no foreign key on the table). */
export const decoyTenantId = '~unknown';

export interface PendingChallenge {
  methodId: string;
  codeId?: string;
  callId?: string;
  questionIds?: string[];
  /** A client-side ceremony's challenge (a passkey's), bound to this flow: the proof must sign it, once. */
  ceremonyChallenge?: string;
  /** Nothing was sent (a typed number that is not the one on file): it can never be passed. */
  blind?: boolean;
}

export interface StoredFlow {
  flow: ResetFlow;
  /** The normalised user ID as typed: the audit target's name. */
  username: string;
  /** Whose throttles count: the user id, or for a decoy a keyed hash of the user ID. */
  userKey: string;
  decoy: boolean;
  /** Why a decoy is one (`UserNotFound`, `UserDisabled`, `SSPR_00xx`): its audit events are failures with this reason. */
  decoyReason?: string;
  /** Why the user may not reset (kept even when not revealed); SSPR_0010 flows are real up to the password step. */
  ineligible: Ineligible | null;
  reveal: boolean;
  tenantName: string | null;
  helpdesk: Helpdesk;
  pending: PendingChallenge | null;
  contacted: boolean;
  /**
   * Whether the account was locked when the flow started. The unlock path is offered to every user ID when the
   * policy allows it (`flow.canUnlock`), so this is told only after the gates; absent in flows stored before it.
   */
  locked?: boolean;
  /**
   * Keyed hash of (flow, new password) once the on-premises directory accepted it but the cloud write failed
   * (Entra's OnPremisesSuccessCloudFailure): a retry with the same password then writes only the cloud,
   * instead of being refused by the directory's history rule.
   */
  onPremWritten?: string;
}

export interface LoadedFlow {
  record: ResetFlowRecord;
  stored: StoredFlow;
}

/** Thrown inside a transaction when another request changed the flow first; the caller retries from a fresh read. */
export class FlowConflict extends Error {
  constructor() {
    super('reset flow changed concurrently');
    this.name = 'FlowConflict';
  }
}

/** 32 random bytes, base64url: exactly 43 characters of the alphabet. */
const flowIdShape = /^[A-Za-z0-9_-]{43}$/;

export const flowHashOf = (deps: Pick<ServiceDeps, 'keyed'>, flowId: string): string =>
  deps.keyed.digest('reset-flow', flowId);

/** FLOW_INVALID alike for a malformed, unknown, expired, cancelled or finished flow. */
/** Whether the flow's account was locked (flows stored before `locked` offered unlock only to locked accounts). */
export const wasLocked = (stored: StoredFlow): boolean => stored.locked ?? stored.flow.canUnlock;

export const loadFlow = async (
  deps: Pick<ServiceDeps, 'keyed' | 'clock' | 'store'>,
  flowId: string,
): Promise<Result<LoadedFlow>> => {
  if (!flowIdShape.test(flowId)) return failure('FLOW_INVALID');
  const record = await deps.store.resetFlows.find(flowHashOf(deps, flowId));
  if (!record) return failure('FLOW_INVALID');
  const stored = JSON.parse(record.state) as StoredFlow;
  if (!isLive(stored.flow, deps.clock.now())) return failure('FLOW_INVALID');
  return success({ record, stored });
};

/** Writes the next state if nobody wrote since `loaded` was read; throws FlowConflict otherwise. */
export const saveFlow = async (store: StoreRepositories, loaded: LoadedFlow, next: StoredFlow): Promise<void> => {
  const won = await store.resetFlows.update(loaded.record.tenantId, loaded.record.flowHash, loaded.record.version, {
    state: JSON.stringify(next),
    version: next.flow.version,
  });
  if (!won) throw new FlowConflict();
};

/** Runs `attempt` again from a fresh read when it lost a race (a few times; then the caller sees SERVICE_BUSY). */
export const retryOnConflict = async <T>(attempt: () => Promise<Result<T>>): Promise<Result<T>> => {
  for (let i = 0; i < 5; i += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof FlowConflict)) throw error;
    }
  }
  return failure('SERVICE_BUSY');
};

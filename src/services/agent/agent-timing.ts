import type { ServiceDeps } from '../deps.js';

/** Entra's writeback waits about two minutes for its agent before it reports the directory unreachable. */
export const agentTimingOf = (deps: ServiceDeps) => ({
  requestTtlSeconds: deps.agentTiming?.requestTtlSeconds ?? 120,
  pollWaitMs: deps.agentTiming?.pollWaitMs ?? 25_000,
  checkIntervalMs: deps.agentTiming?.checkIntervalMs ?? 200,
  /** A request handed out whose result never came (agent crashed, result post lost) is handed out again after this. */
  redeliverAfterSeconds: deps.agentTiming?.redeliverAfterSeconds ?? 30,
});

/** Waiting on the durable queue (not in-memory events) keeps this correct across several service instances. */
export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// The list of operations lives in core (the agent runner checks against it too); re-exported for the services.
export { agentOperations, isAgentOperation, type AgentOperation } from '../../core/directory/agent-protocol.js';

/** The seal purpose of the service's per-agent private key. */
export const agentKeySealPurpose = 'agent-service-key';

/** Heartbeats come every 5 minutes; after two missed ones (and a margin) the agent counts as not connected. */
export const agentHeartbeatStaleSeconds = 11 * 60;

export const isAgentFresh = (lastHeartbeatAt: string | null, now: Date): boolean =>
  lastHeartbeatAt !== null && now.getTime() - Date.parse(lastHeartbeatAt) < agentHeartbeatStaleSeconds * 1000;

/** A polling agent is back within one poll wait; a minute more of silence means it heartbeats but does no work. */
export const agentPollSilenceMarginMs = 60_000;

/** Whether the agent polled recently enough that a request now will be picked up (else: fail fast, no 2-minute wait). */
export const isAgentPolling = (lastPollAt: string | null, now: Date, pollWaitMs: number): boolean =>
  lastPollAt !== null && now.getTime() - Date.parse(lastPollAt) <= pollWaitMs + agentPollSilenceMarginMs;

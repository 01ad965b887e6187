import type { ServiceDeps } from './deps.js';

/** Entra's writeback waits about two minutes for its agent before it reports the directory unreachable. */
export const agentTimingOf = (deps: ServiceDeps) => ({
  requestTtlSeconds: deps.agentTiming?.requestTtlSeconds ?? 120,
  pollWaitMs: deps.agentTiming?.pollWaitMs ?? 25_000,
  checkIntervalMs: deps.agentTiming?.checkIntervalMs ?? 200,
});

/** Waiting on the durable queue (not in-memory events) keeps this correct across several service instances. */
export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The directory calls an agent performs, and nothing else: a result for any other operation is refused. */
export const agentOperations = ['test', 'findUser', 'setPassword', 'unlock', 'isLocked', 'verifyPassword'] as const;
export type AgentOperation = (typeof agentOperations)[number];
export const isAgentOperation = (value: string): value is AgentOperation => (agentOperations as readonly string[]).includes(value);

/** The seal purpose of the service's per-agent private key. */
export const agentKeySealPurpose = 'agent-service-key';

/** Heartbeats come every 5 minutes; after two missed ones (and a margin) the agent counts as not connected. */
export const agentHeartbeatStaleSeconds = 11 * 60;

export const isAgentFresh = (lastHeartbeatAt: string | null, now: Date): boolean =>
  lastHeartbeatAt !== null && now.getTime() - Date.parse(lastHeartbeatAt) < agentHeartbeatStaleSeconds * 1000;

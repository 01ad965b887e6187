/**
 * The agent queue's clean-up (issue 7): a request's row carries directory data (a sealed payload, then the opened
 * result) only as long as the exchange needs it. The waiting caller deletes its result as it reads it; this purge
 * takes what no caller read: overdue requests are expired first (a caller still waiting then reads SSPR_0030, not
 * a missing row), and done or expired rows are deleted once they are older than `agentQueueRetentionSeconds`.
 * `sspr serve` runs it every minute, beside the sync schedule; each query is keyed by tenant.
 */
import { addSeconds } from '../../core/clock.js';
import type { ServiceDeps } from '../deps.js';
import { startRepeating, type RepeatingTask } from '../repeating-task.js';
import type { RoundLeases } from '../round-lease.js';

/** How long a done or expired row stays: well past any caller's wait (120 s) and check interval. */
export const agentQueueRetentionSeconds = 300;
export const agentQueuePurgeIntervalMs = 60_000;
/** The name of its lease (round-lease.ts): one instance runs each round. */
export const agentQueuePurgeTask = 'agent-queue-purge';

export interface AgentQueuePurged {
  expired: number;
  deleted: number;
}

export const purgeAgentQueue = async (deps: Pick<ServiceDeps, 'store' | 'clock'>): Promise<AgentQueuePurged> => {
  const total: AgentQueuePurged = { expired: 0, deleted: 0 };
  for (const tenant of await deps.store.tenants.list()) {
    const now = deps.clock.now();
    const purged = await deps.store.agents.purge(
      tenant.tenantId,
      now.toISOString(),
      addSeconds(now, -agentQueueRetentionSeconds).toISOString(),
    );
    total.expired += purged.expired;
    total.deleted += purged.deleted;
  }
  return total;
};

/**
 * Every `intervalMs`, timed from the end of the previous round so rounds never overlap; with `leases`, only on the
 * instance holding the task's lease. `stop` waits for a round running and gives the lease up.
 */
export const startAgentQueuePurge = (
  purge: () => Promise<AgentQueuePurged>,
  onRound: (purged: AgentQueuePurged | undefined, error?: unknown) => void,
  leases?: RoundLeases,
  intervalMs = agentQueuePurgeIntervalMs,
): RepeatingTask => startRepeating(purge, intervalMs, onRound, leases?.(agentQueuePurgeTask, intervalMs));

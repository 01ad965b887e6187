import type { OutboxMessage } from '../../core/model.js';
import type { ServiceDeps } from '../deps.js';

/** Operator-facing reads: readiness and the outbox. */
export const createOperationsService = (deps: Pick<ServiceDeps, 'store' | 'sharedCounters'>) => ({
  /** Throws when the store cannot be reached. */
  checkReadiness: () => deps.store.ping(),
  /**
   * The shared rate-limit counters (SSPR_REDIS_URL): 'up', 'down' (pages are served, sensitive routes refused), or
   * undefined when none are configured (each instance counts its own).
   */
  checkSharedLimits: async (): Promise<'up' | 'down' | undefined> => {
    if (!deps.sharedCounters) return undefined;
    return deps.sharedCounters.ping().then(
      () => 'up' as const,
      () => 'down' as const,
    );
  },
  listOutbox: (options: { recipient?: string; limit?: number } = {}): Promise<OutboxMessage[]> =>
    deps.store.outbox.list({
      ...(options.recipient && { recipient: options.recipient.toLowerCase() }),
      limit: options.limit ?? 50,
    }),
});

export type OperationsService = ReturnType<typeof createOperationsService>;

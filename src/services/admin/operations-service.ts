import type { OutboxMessage } from '../../core/model.js';
import type { ServiceDeps } from '../deps.js';

/** Operator-facing reads: readiness and the outbox. */
export const createOperationsService = (deps: Pick<ServiceDeps, 'store'>) => ({
  /** Throws when the store cannot be reached. */
  checkReadiness: () => deps.store.ping(),
  listOutbox: (options: { recipient?: string; limit?: number } = {}): Promise<OutboxMessage[]> =>
    deps.store.outbox.list({
      ...(options.recipient && { recipient: options.recipient.toLowerCase() }),
      limit: options.limit ?? 50,
    }),
});

export type OperationsService = ReturnType<typeof createOperationsService>;

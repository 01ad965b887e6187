import type { App } from '../../src/app.js';

type OutboxFilter = Parameters<App['store']['outbox']['list']>[0];

/**
 * The outbox as a user's mailbox would show it once delivery has happened: messages are queued by the request and
 * sent by the delivery worker (issue #13 item 2), so this first lets the real worker deliver everything committed
 * and due (`drain`, which also waits for a round in flight), then reads the outbox.
 */
export const sentMessages = async (app: App, filter?: OutboxFilter) => {
  await app.services.delivery.drain();
  return app.store.outbox.list(filter);
};

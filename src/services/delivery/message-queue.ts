/**
 * The service-level API of the delivery queue: `enqueueMessage(deps, store, message)` inside the transaction that
 * makes the state change and records its audit event, then `wakeDelivery(deps)` after the commit. Nothing here
 * sends; the worker (`delivery-worker.ts`) does, from `sspr serve`. A message that carries a code gets the code's
 * expiry, and is dropped (and audited) rather than sent late.
 *
 *     await deps.store.transaction(async (store) => {
 *       await store.users.update(...);
 *       await recordAudit(deps, store, {...});
 *       await enqueueMessage(deps, store, { channel: 'email', tenantId, to, subject, text, purpose: 'notice' });
 *     });
 *     wakeDelivery(deps);
 */
import type { StoreRepositories } from '../../core/ports.js';
import type { ServiceDeps } from '../deps.js';

interface Envelope {
  tenantId: string;
  to: string;
  /** Why it is sent (`reset-code`, `security-info-code`, `notice`, …): named in the audit of a drop. */
  purpose: string;
  /** The user it concerns, for the audit of a drop. */
  userId?: string | null;
  /** After this instant it is dropped, never sent (a code's expiry). */
  expiresAt?: string | null;
}

export type OutgoingMessage =
  | (Envelope & { channel: 'email'; subject: string; text: string; html?: string })
  | (Envelope & { channel: 'sms'; text: string })
  | (Envelope & { channel: 'voice'; callId: string; locale: string; say: string });

/** What is sealed in the row: the message's content, which may hold a code. */
export type MessageBody =
  | { channel: 'email'; subject: string; text: string; html?: string }
  | { channel: 'sms'; text: string }
  | { channel: 'voice'; callId: string; locale: string; say: string };

/** The sealing purpose of queued bodies: a sealed body opens for nothing else. */
export const bodySealPurpose = 'delivery-body';

type QueueDeps = Pick<ServiceDeps, 'clock' | 'random' | 'sealer'>;

const bodyOf = (message: OutgoingMessage): MessageBody => {
  if (message.channel === 'email')
    return {
      channel: 'email',
      subject: message.subject,
      text: message.text,
      ...(message.html !== undefined && { html: message.html }),
    };
  if (message.channel === 'sms') return { channel: 'sms', text: message.text };
  return { channel: 'voice', callId: message.callId, locale: message.locale, say: message.say };
};

/** Writes the message through the caller's transaction; returns its id. */
export const enqueueMessage = async (
  deps: QueueDeps,
  store: Pick<StoreRepositories, 'deliveryQueue'>,
  message: OutgoingMessage,
): Promise<string> => {
  const messageId = deps.random.uuid();
  await store.deliveryQueue.add({
    tenantId: message.tenantId,
    messageId,
    channel: message.channel,
    purpose: message.purpose,
    userId: message.userId ?? null,
    recipient: message.to,
    sealedBody: deps.sealer.seal(bodySealPurpose, JSON.stringify(bodyOf(message))),
    expiresAt: message.expiresAt ?? null,
    createdAt: deps.clock.now().toISOString(),
    status: 'pending',
  });
  return messageId;
};

/**
 * A decoy's (or blind challenge's) stand-in for `enqueueMessage`: the same sealing and the same INSERT of a row of
 * the same size, marked `blank` so no worker ever claims it, so the request path does the same store work whether
 * or not a real message is behind it. The purge deletes it with the delivered rows.
 */
export const enqueueBlank = async (
  deps: QueueDeps,
  store: Pick<StoreRepositories, 'deliveryQueue'>,
  tenantId: string,
  channel: 'email' | 'sms' | 'voice',
  purpose: string,
): Promise<void> => {
  // A random filler as long as a code message, sealed as one: the row's size does not tell it apart either.
  const filler = JSON.stringify({ channel, text: deps.random.token(180) });
  await store.deliveryQueue.add({
    tenantId,
    messageId: deps.random.uuid(),
    channel,
    purpose,
    userId: null,
    recipient: 'decoy',
    sealedBody: deps.sealer.seal(bodySealPurpose, filler),
    expiresAt: null,
    createdAt: deps.clock.now().toISOString(),
    status: 'blank',
  });
};

/** After the commit: asks this instance's worker to deliver now rather than at its next poll. */
export const wakeDelivery = (deps: Pick<ServiceDeps, 'wakeDelivery'>): void => deps.wakeDelivery?.();

/** Enqueues in a transaction of its own and wakes the worker: for a message whose cause committed already. */
export const sendThroughQueue = async (
  deps: QueueDeps & Pick<ServiceDeps, 'store' | 'wakeDelivery'>,
  messages: OutgoingMessage[],
): Promise<void> => {
  if (messages.length === 0) return;
  await deps.store.transaction(async (store) => {
    for (const message of messages) await enqueueMessage(deps, store, message);
  });
  wakeDelivery(deps);
};

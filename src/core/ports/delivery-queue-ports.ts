/**
 * The durable delivery queue (outbox pattern, issue #13 item 2): every message the service sends is a row written in
 * the same transaction as the state change that causes it and its audit event, and a worker in `sspr serve` delivers
 * it later. The request path never waits for a mail relay or an SMS provider, so its timing says nothing about
 * whether a real message was sent.
 */
export type QueuedChannel = 'email' | 'sms' | 'voice';

/**
 * `pending` waits for its next attempt; `sending` is claimed by a worker until `leaseUntil` (a worker that died
 * leaves it to be claimed again after the lease); `delivered` and `dropped` are final and have no body any more;
 * `blank` is a decoy's row: the same write as a real message, never claimed, never sent.
 */
export type QueuedStatus = 'pending' | 'sending' | 'delivered' | 'dropped' | 'blank';

export interface QueuedMessage {
  tenantId: string;
  messageId: string;
  channel: QueuedChannel;
  /** Why it is sent, for the audit of a dropped message: e.g. `reset-code`, `security-info-code`, `notice`. */
  purpose: string;
  /** The user it concerns (audit target of a drop); null for none. */
  userId: string | null;
  recipient: string;
  /** The message, sealed (it may hold a code); null once delivered or dropped. */
  sealedBody: string | null;
  status: QueuedStatus;
  /** Attempts started so far (a claim counts one). */
  attempts: number;
  nextAttemptAt: string;
  /** A code message is worthless after its code expires: dropped, never sent late. Null: never expires. */
  expiresAt: string | null;
  claimToken: string | null;
  leaseUntil: string | null;
  /** The last failure's kind (an error name, never provider text). */
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export type NewQueuedMessage = Pick<
  QueuedMessage,
  'tenantId' | 'messageId' | 'channel' | 'purpose' | 'userId' | 'recipient' | 'sealedBody' | 'expiresAt' | 'createdAt'
> & { status: 'pending' | 'blank' };

export interface DeliveryQueueRepository {
  add(message: NewQueuedMessage): Promise<void>;
  /**
   * Atomically claims up to `limit` messages due at `now` — `pending` ones whose attempt is due and `sending` ones
   * whose lease ran out — for the holder of `claimToken` until `leaseUntil`, counting one attempt each. Concurrent
   * claimers never get the same message (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite has one writer).
   */
  claimDue(now: string, leaseUntil: string, limit: number, claimToken: string): Promise<QueuedMessage[]>;
  /** Final: delivered (or dropped); the body is erased. False when the claim was lost (the lease ran out). */
  finish(
    tenantId: string,
    messageId: string,
    claimToken: string,
    status: 'delivered' | 'dropped',
    now: string,
    lastError: string | null,
  ): Promise<boolean>;
  /** Back to `pending` for another attempt at `nextAttemptAt`. False when the claim was lost. */
  retryLater(
    tenantId: string,
    messageId: string,
    claimToken: string,
    nextAttemptAt: string,
    now: string,
    lastError: string,
  ): Promise<boolean>;
  find(tenantId: string, messageId: string): Promise<QueuedMessage | undefined>;
  /** Newest first, for operators and tests; never returns bodies of other tenants. */
  list(tenantId: string, options?: { status?: QueuedStatus; limit?: number }): Promise<QueuedMessage[]>;
  /** Deletes final (`delivered`, `dropped`, `blank`) rows last updated before `before`. */
  purge(before: string): Promise<number>;
}

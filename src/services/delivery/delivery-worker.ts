/**
 * The delivery worker: started by `sspr serve` on every instance (and by the test world). Each round claims the due
 * messages atomically (a lease, so two workers — in one process or many — never hold the same message), sends each
 * through its channel, and marks it delivered; a failure is tried again with exponential back-off, a message whose
 * code expired is dropped, and so is one the channel refuses for good or that ran out of attempts — both audited.
 * A worker that dies between claim and mark leaves the message `sending`; when the lease runs out another round
 * claims it again, so nothing committed is lost (at the price of a rare second copy: see docs/channels.md).
 * Bodies are opened only here, never logged, and erased from the row once the message is delivered or dropped.
 */
import { brandEmail } from '../../core/branding/branded-email.js';
import type { QueuedMessage } from '../../core/ports.js';
import { recordAudit } from '../audit/audit-recorder.js';
import type { ServiceDeps } from '../deps.js';
import { bodySealPurpose, type MessageBody } from './message-queue.js';

export interface DeliverySettings {
  /** How often an idle worker looks at the queue (ms); a commit that enqueued wakes it sooner. */
  pollMs: number;
  /** Messages claimed per round (sent concurrently). */
  batchSize: number;
  /** How long a claim holds (s): longer than a send with the channel's own retries (~35 s). */
  leaseSeconds: number;
  /** Attempts before a message is dropped. */
  maxAttempts: number;
  /** Wait before the second attempt (s); doubled each time, capped at `maxBackoffSeconds`. */
  backoffSeconds: number;
  maxBackoffSeconds: number;
  /** Final rows (delivered, dropped, decoy blanks) are deleted after this many hours. */
  retentionHours: number;
}

export const defaultDeliverySettings: DeliverySettings = {
  pollMs: 1000,
  batchSize: 20,
  leaseSeconds: 120,
  maxAttempts: 10,
  backoffSeconds: 5,
  maxBackoffSeconds: 15 * 60,
  retentionHours: 24,
};

export interface RoundCounts {
  delivered: number;
  retried: number;
  dropped: number;
}

type WorkerDeps = Pick<
  ServiceDeps,
  'store' | 'clock' | 'random' | 'sealer' | 'email' | 'sms' | 'voice' | 'delivery' | 'wakeDelivery'
>;

/** A channel marks a failure that will fail the same way again (`retryable: false`) somewhere in the cause chain. */
const isPermanent = (error: unknown): boolean => {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth += 1)
    if ((e as { retryable?: unknown }).retryable === false) return true;
  return false;
};

const addSeconds = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000).toISOString();

export const createDeliveryWorker = (deps: WorkerDeps) => {
  const settings: DeliverySettings = { ...defaultDeliverySettings, ...deps.delivery };

  const send = async (message: QueuedMessage, body: MessageBody) => {
    const { tenantId, recipient: to } = message;
    if (body.channel === 'email') {
      // Branded as the tenant looks when the message leaves (issue 14 item 5): name and accent colour.
      const [branding, tenant] = await Promise.all([
        deps.store.branding.get(tenantId),
        deps.store.tenants.findById(tenantId),
      ]);
      const content = brandEmail(body, branding, tenant?.name ?? '');
      await deps.email.send({
        tenantId,
        to,
        subject: content.subject,
        text: content.text,
        ...(content.html !== undefined && { html: content.html }),
      });
    } else if (body.channel === 'sms') await deps.sms.send({ tenantId, to, text: body.text });
    else await deps.voice.call({ tenantId, to, callId: body.callId, locale: body.locale, say: body.say });
  };

  /** Final "not sent": erased, audited (the reason and kind only: no recipient, no content), a call marked failed. */
  const drop = async (message: QueuedMessage, token: string, reason: string, body: MessageBody | undefined) => {
    const now = deps.clock.now().toISOString();
    await deps.store.transaction(async (store) => {
      if (!(await store.deliveryQueue.finish(message.tenantId, message.messageId, token, 'dropped', now, reason)))
        return;
      if (body?.channel === 'voice') await store.voiceCalls.settle(message.tenantId, body.callId, 'failed', null);
      await recordAudit(deps, store, {
        tenantId: message.tenantId,
        activity: 'messageDropped',
        result: 'failure',
        resultReason: reason,
        actor: { type: 'system', id: null, upn: null },
        ...(message.userId && { target: { type: 'user', id: message.userId, name: null } }),
        details: { channel: message.channel, purpose: message.purpose, attempts: message.attempts },
      });
    });
  };

  const deliverOne = async (message: QueuedMessage, token: string): Promise<keyof RoundCounts> => {
    const now = deps.clock.now();
    let body: MessageBody | undefined;
    try {
      body = message.sealedBody
        ? (JSON.parse(deps.sealer.open(bodySealPurpose, message.sealedBody)) as MessageBody)
        : undefined;
    } catch {
      body = undefined;
    }
    if (!body) {
      await drop(message, token, 'UNREADABLE', undefined);
      return 'dropped';
    }
    // Checked at each attempt: a code that expired while the provider was down is never sent late.
    if (message.expiresAt !== null && message.expiresAt <= now.toISOString()) {
      await drop(message, token, 'EXPIRED', body);
      return 'dropped';
    }
    try {
      await send(message, body);
    } catch (error) {
      const kind = error instanceof Error ? error.name : 'unknown';
      if (isPermanent(error) || message.attempts >= settings.maxAttempts) {
        await drop(message, token, 'DELIVERY_FAILED', body);
        return 'dropped';
      }
      const wait = Math.min(settings.backoffSeconds * 2 ** (message.attempts - 1), settings.maxBackoffSeconds);
      await deps.store.deliveryQueue.retryLater(
        message.tenantId,
        message.messageId,
        token,
        addSeconds(deps.clock.now(), wait),
        deps.clock.now().toISOString(),
        kind,
      );
      return 'retried';
    }
    await deps.store.deliveryQueue.finish(
      message.tenantId,
      message.messageId,
      token,
      'delivered',
      deps.clock.now().toISOString(),
      null,
    );
    return 'delivered';
  };

  /** One round: claim what is due, deliver it, and now and then purge final rows past their retention. */
  const round = async (): Promise<RoundCounts> => {
    const now = deps.clock.now();
    const token = deps.random.uuid();
    const claimed = await deps.store.deliveryQueue.claimDue(
      now.toISOString(),
      addSeconds(now, settings.leaseSeconds),
      settings.batchSize,
      token,
    );
    const counts: RoundCounts = { delivered: 0, retried: 0, dropped: 0 };
    // Concurrent across recipients, in order for one recipient: the last code a user receives is the last one sent.
    const byRecipient = new Map<string, QueuedMessage[]>();
    for (const m of claimed) byRecipient.set(m.recipient, [...(byRecipient.get(m.recipient) ?? []), m]);
    const sendInOrder = async (group: QueuedMessage[]) => {
      for (const m of group) counts[await deliverOne(m, token)] += 1;
    };
    await Promise.all([...byRecipient.values()].map(sendInOrder));
    if (claimed.length === 0) await deps.store.deliveryQueue.purge(addSeconds(now, -settings.retentionHours * 3600));
    return counts;
  };

  // Rounds of one instance run one after another: a wake during a round asks for one more round after it.
  let chain: Promise<unknown> = Promise.resolve();
  let wanted = false;
  let stopped = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onError: (error: unknown) => void = () => undefined;

  const runOnce = (): Promise<RoundCounts> => {
    const next = chain.then(round);
    chain = next.catch(() => undefined);
    return next;
  };

  const schedule = (delay: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      wanted = false;
      void runOnce()
        .then((counts) => {
          // A full batch may mean more is due: go on at once instead of waiting for the poll.
          if (counts.delivered + counts.retried + counts.dropped >= settings.batchSize) wanted = true;
        })
        .catch(onError)
        .finally(() => schedule(wanted ? 0 : settings.pollMs));
    }, delay);
    timer.unref();
  };

  return {
    settings,
    runOnce,
    /** After a commit that enqueued: a round now (or right after the running one). */
    wake() {
      if (stopped) return;
      wanted = true;
      schedule(0);
    },
    /** Rounds until one finds nothing to claim: what has been committed and is due is sent (or retried, dropped). */
    async drain(): Promise<void> {
      for (let i = 0; i < 100; i += 1) {
        const counts = await runOnce();
        if (counts.delivered + counts.retried + counts.dropped === 0) return;
      }
    },
    /** Polls every `pollMs` until stopped; `report` hears of a failed round (a store outage), never of a message. */
    start(report: (error: unknown) => void = () => undefined) {
      onError = report;
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await chain;
    },
  };
};

export type DeliveryWorker = ReturnType<typeof createDeliveryWorker>;

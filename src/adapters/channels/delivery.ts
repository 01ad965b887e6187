import { randomInt } from 'node:crypto';
import { setTimeout as sleepFor } from 'node:timers/promises';

/**
 * A failed delivery attempt, classified by the adapter that saw it: `retryable` for failures that
 * may pass on a second try (network, timeout, provider 5xx or 429, SMTP 4xx replies), not for ones
 * that will fail the same way again (rejected credentials, a refused number, a bad certificate).
 * The message names the channel only; provider detail stays in `cause` for the logs.
 */
export class DeliveryAttemptError extends Error {
  readonly retryable: boolean;

  constructor(message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'DeliveryAttemptError';
    this.retryable = options.retryable;
  }
}

export interface DeliveryPolicy {
  /** Per attempt. */
  timeoutMs: number;
  /** Attempts after the first. */
  retries: number;
  /** Wait before the first retry; doubled each time, plus up to half of it again as jitter. */
  backoffMs: number;
  /** Tests pass a recorder instead of waiting. */
  sleep?: (ms: number) => Promise<void>;
}

/** 10 s per attempt, 2 retries: a user waits at most ~35 s for "we couldn't send the code". */
export const defaultDeliveryPolicy: DeliveryPolicy = { timeoutMs: 10_000, retries: 2, backoffMs: 500 };

class AttemptTimeout extends Error {}

/**
 * Runs `attempt` with a timeout and bounded retries. The attempt gets an AbortSignal that fires at
 * the timeout; the timeout also wins the race when an attempt ignores the signal. Every failure ends
 * as one Error whose message is `what` failed (never provider text), with the last failure as cause.
 */
export const deliverWithRetries = async <T>(
  what: string,
  policy: DeliveryPolicy,
  attempt: (signal: AbortSignal) => Promise<T>,
): Promise<T> => {
  const sleep = policy.sleep ?? ((ms: number) => sleepFor(ms));
  for (let tried = 0; ; tried += 1) {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new AttemptTimeout(`no answer within ${policy.timeoutMs} ms`));
      }, policy.timeoutMs);
    });
    try {
      const running = attempt(controller.signal);
      // An attempt that loses the race may still fail later; that must not become an unhandled rejection.
      running.catch(() => undefined);
      return await Promise.race([running, timeout]);
    } catch (error) {
      const retryable = error instanceof AttemptTimeout || (error instanceof DeliveryAttemptError && error.retryable);
      if (!retryable || tried >= policy.retries) {
        throw new Error(`${what} failed after ${tried + 1} attempt${tried === 0 ? '' : 's'}`, { cause: error });
      }
      const base = policy.backoffMs * 2 ** tried;
      await sleep(base + randomInt(0, Math.floor(base / 2) + 1));
    } finally {
      clearTimeout(timer);
    }
  }
};

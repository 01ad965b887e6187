import { describe, expect, it } from 'vitest';
import { DeliveryAttemptError, deliverWithRetries, type DeliveryPolicy } from './delivery.js';

const recorder = () => {
  const waits: number[] = [];
  const policy: DeliveryPolicy = {
    timeoutMs: 200,
    retries: 2,
    backoffMs: 100,
    sleep: async (ms) => void waits.push(ms),
  };
  return { waits, policy };
};

describe('deliverWithRetries', () => {
  it('returns the first success without waiting', async () => {
    const { waits, policy } = recorder();
    await expect(deliverWithRetries('sms delivery', policy, async () => 'sent')).resolves.toBe('sent');
    expect(waits).toEqual([]);
  });

  it('retries a retryable failure with growing, jittered back-off, then succeeds', async () => {
    const { waits, policy } = recorder();
    let calls = 0;
    const result = await deliverWithRetries('sms delivery', policy, async () => {
      calls += 1;
      if (calls < 3) throw new DeliveryAttemptError('provider answered 503', { retryable: true });
      return 'sent';
    });
    expect(result).toBe('sent');
    expect(calls).toBe(3);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(100);
    expect(waits[0]).toBeLessThanOrEqual(150);
    expect(waits[1]).toBeGreaterThanOrEqual(200);
    expect(waits[1]).toBeLessThanOrEqual(300);
  });

  it('gives up after the bounded retries with a generic message and the last failure as cause', async () => {
    const { policy } = recorder();
    let calls = 0;
    const last = new DeliveryAttemptError('provider answered 429', {
      retryable: true,
      cause: 'Too Many Requests from provider',
    });
    const error = await deliverWithRetries('sms delivery', policy, async () => {
      calls += 1;
      throw last;
    }).catch((e: unknown) => e as Error);
    expect(calls).toBe(3);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('sms delivery failed after 3 attempts');
    expect(error.cause).toBe(last);
  });

  it('never retries a permanent failure (a 4xx) or an unclassified error', async () => {
    for (const thrown of [
      new DeliveryAttemptError('provider answered 400', { retryable: false }),
      new TypeError('bug'),
    ]) {
      const { waits, policy } = recorder();
      let calls = 0;
      const error = await deliverWithRetries('email delivery', policy, async () => {
        calls += 1;
        throw thrown;
      }).catch((e: unknown) => e as Error);
      expect(calls).toBe(1);
      expect(waits).toEqual([]);
      expect(error.message).toBe('email delivery failed after 1 attempt');
      expect(error.cause).toBe(thrown);
    }
  });

  it('times out a hanging attempt, aborts its signal and retries it', async () => {
    const { waits, policy } = recorder();
    const signals: AbortSignal[] = [];
    const started = Date.now();
    const error = await deliverWithRetries('voice call', { ...policy, timeoutMs: 50, retries: 1 }, (signal) => {
      signals.push(signal);
      return new Promise<never>(() => undefined);
    }).catch((e: unknown) => e as Error);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(signals).toHaveLength(2);
    expect(signals.every((s) => s.aborted)).toBe(true);
    expect(waits).toHaveLength(1);
    expect(error.message).toBe('voice call failed after 2 attempts');
    expect(String((error.cause as Error).message)).toContain('50 ms');
  });
});

import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Fixed one-minute windows per key for the agent protocol (issue 7): failed authentications per client IP, and
 * requests per authenticated agent. In memory, per instance, unless SSPR_REDIS_URL shares them (below). The map is
 * swept of ended windows as it grows, so keys an attacker varies (addresses) cannot grow it without bound.
 */
export interface Allowance {
  /** Seconds until the key's window ends when it has used its allowance; undefined while it has some left. */
  exhausted(key: string): number | undefined;
  /** Counts one use; returns the seconds to wait when this use is over the allowance, undefined when within it. */
  use(key: string): number | undefined;
}

const sweepAbove = 10_000;

export const createAllowance = (max: number, windowMs = 60_000, now: () => number = Date.now): Allowance => {
  const windows = new Map<string, { start: number; count: number }>();
  const current = (key: string) => {
    const window = windows.get(key);
    return window && now() - window.start < windowMs ? window : undefined;
  };
  const retryAfter = (window: { start: number }) => Math.max(1, Math.ceil((window.start + windowMs - now()) / 1000));
  const exhausted = (key: string) => {
    const window = current(key);
    return window && window.count >= max ? retryAfter(window) : undefined;
  };
  return {
    exhausted,
    use(key) {
      if (windows.size > sweepAbove) {
        for (const [k, w] of windows) if (now() - w.start >= windowMs) windows.delete(k);
      }
      let window = current(key);
      if (window) window.count += 1;
      else windows.set(key, (window = { start: now(), count: 1 }));
      return window.count > max ? retryAfter(window) : undefined;
    },
  };
};

/** The agent routes' view of an allowance: asynchronous, because with SSPR_REDIS_URL it is counted in Redis. */
export interface RequestAllowance {
  exhausted(request: FastifyRequest, key: string): Promise<number | undefined>;
  use(request: FastifyRequest, key: string): Promise<number | undefined>;
}

/** Per instance, in memory (no SSPR_REDIS_URL): exactly the windows above. */
export const memoryAllowance = (max: number): RequestAllowance => {
  const allowance = createAllowance(max);
  return {
    exhausted: async (_request, key) => allowance.exhausted(key),
    use: async (_request, key) => allowance.use(key),
  };
};

/**
 * Shared by every instance (SSPR_REDIS_URL): the rate-limit plugin's limiter, whose store is the shared one, so the
 * same fixed windows are counted in Redis. `name` keeps the allowances' keys apart. When Redis cannot be reached
 * the limiter throws SERVICE_BUSY: agent authentication fails closed.
 */
export const sharedAllowance = (app: FastifyInstance, name: string, max: number): RequestAllowance => {
  const keys = new WeakMap<FastifyRequest, string>();
  const limiter = app.createRateLimit({
    max,
    timeWindow: 60_000,
    keyGenerator: (request) => `${name}:${keys.get(request) ?? ''}`,
  });
  const seconds = (ttlInSeconds: number) => Math.max(1, ttlInSeconds);
  return {
    async exhausted(request, key) {
      keys.set(request, key);
      const verdict = await limiter(request, { increment: false });
      return !verdict.isAllowed && verdict.remaining === 0 ? seconds(verdict.ttlInSeconds) : undefined;
    },
    async use(request, key) {
      keys.set(request, key);
      const verdict = await limiter(request);
      return !verdict.isAllowed && verdict.isExceeded ? seconds(verdict.ttlInSeconds) : undefined;
    },
  };
};

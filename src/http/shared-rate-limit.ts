import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { FastifyBaseLogger } from 'fastify';
import { SsprError } from '../core/errors.js';
import type { SharedCounters, WindowCount } from '../core/ports.js';

type Callback = (error: Error | null, result?: WindowCount) => void;

const readMethods = new Set(['GET', 'HEAD']);

/** The route a plugin child store counts for; `createRateLimit` limiters have none (their keys name them). */
const routeOf = (options: unknown): { method: string; url: string } | undefined => {
  const info = (options as { routeInfo?: { method?: unknown; url?: unknown } } | undefined)?.routeInfo;
  if (!info || typeof info.url !== 'string') return undefined;
  return { method: Array.isArray(info.method) ? info.method.join(',') : String(info.method), url: info.url };
};

/**
 * @fastify/rate-limit's store over the shared counters (Redis), so every instance counts the same windows. When
 * the counters cannot be reached, a page read (GET/HEAD) is let through — reading a page changes nothing and
 * guesses nothing — while every other limited request (sign-in, password change, reset steps, the agent protocol,
 * and any limiter without a route) is refused with SERVICE_BUSY (503): an attacker must not gain unlimited guesses
 * by knocking Redis over. Failures are logged when they start and when they end, not once per request.
 */
export const sharedRateLimitStore = (
  counters: SharedCounters,
  log: () => FastifyBaseLogger,
): FastifyRateLimitStoreCtor => {
  let failing = false;
  const settle = (callback: Callback, failOpen: boolean, pending: Promise<WindowCount>) => {
    pending.then(
      (result) => {
        if (failing) log().info('rate-limit counters reachable again');
        failing = false;
        callback(null, result);
      },
      (error: unknown) => {
        if (!failing) log().warn({ err: error }, 'rate-limit counters unreachable: reads pass, sensitive routes 503');
        failing = true;
        if (failOpen) callback(null, { current: 0, ttl: 0 });
        else callback(new SsprError('SERVICE_BUSY'));
      },
    );
  };

  class SharedStore implements FastifyRateLimitStore {
    constructor(
      _options?: unknown,
      private readonly scope = '',
      private readonly failOpen = false,
    ) {}

    incr(key: string, callback: Callback, timeWindow: number, max: number): void {
      settle(callback, this.failOpen, counters.increment(this.scope + key, timeWindow, max));
    }

    read(key: string, callback: Callback): void {
      settle(callback, this.failOpen, counters.read(this.scope + key));
    }

    /** One scope per route, as the plugin's own stores keep one bucket per route (`METHOD/url-key`). */
    child(options: unknown): FastifyRateLimitStore {
      const route = routeOf(options);
      if (!route) return new SharedStore(undefined, 'limiter:', false);
      return new SharedStore(undefined, `${route.method}${route.url}-`, readMethods.has(route.method));
    }
  }
  return SharedStore;
};

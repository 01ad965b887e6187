import { createRequire } from 'node:module';
import { Redis } from 'ioredis';
import type { SharedCounters, WindowCount } from '../../core/ports.js';

type Callback = (error: Error | null, result?: WindowCount) => void;
interface RedisStore {
  incr(key: string, callback: Callback, timeWindow: number, max: number): void;
  read(key: string, callback: Callback): void;
}
type RedisStoreCtor = new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  redis: Redis,
  key: string,
) => RedisStore;

// @fastify/rate-limit's own Redis store (its Lua scripts: one round trip, fixed windows), so the shared counts are
// exactly what the plugin counts in memory; it ships no types and no ESM entry for it, hence require.
const RedisStoreImpl = createRequire(import.meta.url)('@fastify/rate-limit/store/RedisStore.js') as RedisStoreCtor;

const promised = (run: (callback: Callback) => void) =>
  new Promise<WindowCount>((resolve, reject) => {
    run((error, result) => (error || !result ? reject(error ?? new Error('no result')) : resolve(result)));
  });

/**
 * Rate-limit counters in Redis, shared by every instance. A request must never wait for Redis: no offline queue
 * (a command while disconnected fails at once), one attempt and a one-second timeout per command; the client keeps
 * reconnecting in the background, and callers choose to fail open or closed.
 */
export const createRedisCounters = (url: string, keyPrefix: string): SharedCounters => {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 1000,
    commandTimeout: 1000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  });
  // Connection errors surface through the failing commands (and /readyz); an unhandled 'error' event would only
  // print a line per reconnection attempt.
  client.on('error', () => undefined);
  const store = new RedisStoreImpl(false, false, client, `${keyPrefix}rl:`);
  return {
    increment: (key, windowMs, max) => promised((callback) => store.incr(key, callback, windowMs, max)),
    read: (key) => promised((callback) => store.read(key, callback)),
    ping: async () => {
      await client.ping();
    },
    // quit() would wait for a Redis that may be gone; nothing is pending that must be flushed.
    close: () => {
      client.disconnect();
      return Promise.resolve();
    },
  };
};

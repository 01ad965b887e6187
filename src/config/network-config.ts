/**
 * Scale-out settings (issue 18): the Redis that makes rate limits shared by every instance, and the proxies whose
 * forwarding headers are believed. Part of `loadConfig`; kept apart so config.ts stays short. Problems are pushed to
 * `problems`, never thrown, so the operator sees them all at once.
 */
import { isIP } from 'node:net';

export interface RedisSettings {
  /** redis:// or rediss:// (TLS); credentials and database number as the URL gives them. */
  readonly url: string;
  /** Prepended to every key, so deployments (or tests) sharing one Redis never count each other's requests. */
  readonly keyPrefix: string;
}

export interface NetworkSettings {
  /** Undefined: every instance counts its own limits in memory, as the embedded mode always does. */
  readonly redis: RedisSettings | undefined;
  /** Addresses and CIDRs, normalised to `address/prefix`; empty means no forwarding header is ever believed. */
  readonly trustedProxies: readonly string[];
}

type Env = Record<string, string | undefined>;

/** `10.0.0.0/8`, `2001:db8::/32`, or a single address (its full-length prefix); undefined when it is neither. */
export const parseProxyEntry = (entry: string): string | undefined => {
  const slash = entry.indexOf('/');
  const address = (slash === -1 ? entry : entry.slice(0, slash)).replace(/^\[(.*)\]$/, '$1');
  const family = isIP(address);
  if (family === 0) return undefined;
  const bits = family === 4 ? 32 : 128;
  if (slash === -1) return `${address}/${bits}`;
  const prefix = entry.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > bits) return undefined;
  return `${address}/${Number(prefix)}`;
};

const parseRedisUrl = (raw: string, problems: string[]): string | undefined => {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new Error('scheme');
    if (!url.hostname || url.search || url.hash) throw new Error('extras');
    if (url.pathname !== '' && url.pathname !== '/' && !/^\/\d{1,2}$/.test(url.pathname)) throw new Error('db');
    return raw;
  } catch {
    // The URL may hold a password: name the variable and the expected shape, never echo the value.
    problems.push(
      'SSPR_REDIS_URL must be redis://[USER:PASSWORD@]HOST[:PORT][/DB] or rediss://… (TLS), without query or fragment',
    );
    return undefined;
  }
};

export const loadNetworkSettings = (env: Env, problems: string[]): NetworkSettings => {
  const redisRaw = env.SSPR_REDIS_URL?.trim();
  const redisUrl = redisRaw ? parseRedisUrl(redisRaw, problems) : undefined;
  const keyPrefix = env.SSPR_REDIS_PREFIX?.trim() || 'sspr:';
  if (!/^[\w:.-]{1,64}$/.test(keyPrefix))
    problems.push(`SSPR_REDIS_PREFIX must be 1 to 64 letters, digits or _ : . - (got "${keyPrefix}")`);

  const trustedProxies: string[] = [];
  for (const entry of (env.SSPR_TRUSTED_PROXIES ?? '').split(/[\s,]+/).filter(Boolean)) {
    const parsed = parseProxyEntry(entry);
    if (parsed) trustedProxies.push(parsed);
    else
      problems.push(
        `SSPR_TRUSTED_PROXIES must list IP addresses or CIDRs such as 10.0.0.0/8 or fd00::/8 (got "${entry}")`,
      );
  }
  return {
    redis: redisUrl ? Object.freeze({ url: redisUrl, keyPrefix }) : undefined,
    trustedProxies: Object.freeze(trustedProxies),
  };
};

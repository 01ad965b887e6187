/**
 * A client for the k-anonymity "range" API format of Have I Been Pwned's Pwned Passwords (and of
 * self-hosted mirrors of it): only the first 5 hex characters of the password's SHA-1 leave the
 * process; the server answers with every suffix it knows under that prefix and we match locally.
 */
import { createHash } from 'node:crypto';
import type { BreachedPasswordSource } from '../../core/ports.js';

export interface RangeApiSourceOptions {
  /** e.g. `https://api.pwnedpasswords.com`; `/range/XXXXX` is appended. */
  baseUrl: string;
  /** For the whole exchange: connect, headers and body. */
  timeoutMs?: number;
  /** How many prefixes (ranges) are kept; the least recently used is dropped first. */
  cacheSize?: number;
  cacheTtlSeconds?: number;
  fetch?: typeof globalThis.fetch;
  /** The clock, for cache expiry (pass `clock.now`). */
  now?: () => Date;
}

/** A range kept compactly: sorted 18-byte suffix keys ("0" + 35 hex digits) each followed by a uint32 count. */
interface CachedRange {
  records: Buffer;
  expiresAt: number;
}

const keyBytes = 18;
const recordBytes = keyBytes + 4;
const prefixLength = 5;
const lineShape = /^([0-9A-Fa-f]{35}):(\d+)$/;

/** Uppercase hex SHA-1 of the UTF-8 password, as the range API and the HIBP corpus files spell it. */
export const sha1Hex = (password: string): string =>
  createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase();

const suffixKey = (suffix: string): Buffer => Buffer.from(`0${suffix}`, 'hex');

/**
 * Parses a range body into sorted compact records. Padding entries (count 0) are dropped. A body
 * with any line that is not `SUFFIX:COUNT` is refused as a whole: a captive portal or an error page
 * answering 200 must not read as "never breached".
 */
const parseRange = (body: string): Buffer => {
  const entries: Array<{ key: Buffer; count: number }> = [];
  for (const raw of body.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const match = lineShape.exec(line);
    if (!match) throw new Error('breached-password range API: the response is not in the range format');
    const count = Math.min(Number(match[2]), 0xffff_ffff);
    if (count > 0) entries.push({ key: suffixKey(match[1]!), count });
  }
  entries.sort((a, b) => Buffer.compare(a.key, b.key));
  const records = Buffer.alloc(entries.length * recordBytes);
  entries.forEach(({ key, count }, index) => {
    key.copy(records, index * recordBytes);
    records.writeUInt32BE(count, index * recordBytes + keyBytes);
  });
  return records;
};

const lookup = (records: Buffer, key: Buffer): number => {
  let low = 0;
  let high = records.length / recordBytes - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const offset = middle * recordBytes;
    const order = records.compare(key, 0, keyBytes, offset, offset + keyBytes);
    if (order === 0) return records.readUInt32BE(offset + keyBytes);
    if (order < 0) low = middle + 1;
    else high = middle - 1;
  }
  return 0;
};

export const createRangeApiSource = (options: RangeApiSourceOptions): BreachedPasswordSource => {
  const {
    timeoutMs = 2000,
    cacheSize = 10_000,
    cacheTtlSeconds = 3600,
    fetch = globalThis.fetch,
    now = () => new Date(),
  } = options;
  const base = new URL(options.baseUrl);
  if (base.protocol !== 'https:' && base.protocol !== 'http:')
    throw new Error('breached-password range API: the base URL must be http(s)');
  const baseUrl = base.toString().replace(/\/+$/, '');

  // Whole ranges are cached, never per-password results: a cache entry then names a prefix shared
  // by ~a million possible hashes instead of pointing at one candidate password's hash.
  const cache = new Map<string, CachedRange>();
  // Concurrent checks under one prefix share one request.
  const inFlight = new Map<string, Promise<Buffer>>();

  const cached = (prefix: string): Buffer | undefined => {
    const entry = cache.get(prefix);
    if (!entry) return undefined;
    cache.delete(prefix);
    if (entry.expiresAt <= now().getTime()) return undefined;
    cache.set(prefix, entry); // re-insert: Map order is the LRU order
    return entry.records;
  };

  const remember = (prefix: string, records: Buffer) => {
    if (cacheSize <= 0) return;
    cache.delete(prefix);
    cache.set(prefix, { records, expiresAt: now().getTime() + cacheTtlSeconds * 1000 });
    while (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
  };

  const download = async (prefix: string): Promise<Buffer> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      // Add-Padding makes every response 800-1,000 lines, so its size does not hint at the prefix.
      const response = await fetch(`${baseUrl}/range/${prefix}`, {
        headers: { 'Add-Padding': 'true', Accept: 'text/plain' },
        signal: controller.signal,
      });
      if (response.status !== 200) {
        await response.body?.cancel().catch(() => undefined);
        throw new Error(`breached-password range API answered HTTP ${response.status}`);
      }
      return parseRange(await response.text());
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('breached-password range API')) throw error;
      // Messages name neither the password nor its hash; the cause (a network error) is kept for the log.
      const reason = controller.signal.aborted ? `no answer within ${timeoutMs} ms` : 'the request failed';
      throw new Error(`breached-password range API unavailable: ${reason}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  };

  const rangeOf = (prefix: string): Promise<Buffer> => {
    const hit = cached(prefix);
    if (hit) return Promise.resolve(hit);
    let pending = inFlight.get(prefix);
    if (!pending) {
      pending = download(prefix)
        .then((records) => {
          remember(prefix, records);
          return records;
        })
        .finally(() => inFlight.delete(prefix));
      inFlight.set(prefix, pending);
    }
    return pending;
  };

  return {
    async countOf(password) {
      const hash = sha1Hex(password);
      const records = await rangeOf(hash.slice(0, prefixLength));
      return lookup(records, suffixKey(hash.slice(prefixLength)));
    },
  };
};

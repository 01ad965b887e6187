/**
 * Which address a request comes from (issue 18, item 4). Without SSPR_TRUSTED_PROXIES it is the connection's
 * address and nothing else. With it, and only when the connection comes from a listed proxy, Fastify's `trustProxy`
 * walks X-Forwarded-For from the right, skipping listed proxies, and the first address not listed is the client:
 * whatever a client writes further left is never believed. Rate-limit keys, lockout familiarity, audit events and
 * the request log all read `request.ip`, so they all follow.
 */
import { BlockList, isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';

export type ProxyMatcher = (address: string) => boolean;

const mappedIpv4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** A matcher for normalised `address/prefix` entries (config/network-config.ts); IPv4-mapped IPv6 counts as IPv4. */
export const createProxyMatcher = (entries: readonly string[]): ProxyMatcher => {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix = ''] = entry.split('/');
    list.addSubnet(address, Number(prefix), isIP(address) === 6 ? 'ipv6' : 'ipv4');
  }
  return (raw) => {
    const address = raw.replace(mappedIpv4, '$1');
    const family = isIP(address);
    if (family === 0) return false;
    return list.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };
};

/** The address in one RFC 7239 `for=` value (`192.0.2.1`, `"192.0.2.1:80"`, `"[2001:db8::1]:80"`); else undefined. */
const nodeAddress = (value: string): string | undefined => {
  const node = value.trim().replace(/^"(.*)"$/, '$1');
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(node);
  if (bracketed) return isIP(bracketed[1] ?? '') === 6 ? bracketed[1] : undefined;
  const address = /^[\d.]+:\d+$/.test(node) ? node.slice(0, node.lastIndexOf(':')) : node;
  return isIP(address) === 4 ? address : undefined;
};

/**
 * The `for=` addresses of a Forwarded header (RFC 7239), nearest the client first, as X-Forwarded-For lists them.
 * A hop that hides its client (`for=unknown`, an obfuscated `_name`, a missing `for`) ends what can be known: only
 * the hops to its right are kept, so the walk stops at the nearest proxy that vouched for a real address.
 */
export const forwardedFor = (header: string): string[] => {
  const hops = header.split(',').map((element) => {
    const pair = element
      .split(';')
      .map((part) => part.trim())
      .find((part) => part.toLowerCase().startsWith('for='));
    return pair === undefined ? undefined : nodeAddress(pair.slice('for='.length));
  });
  const lastUnknown = hops.lastIndexOf(undefined);
  return hops.slice(lastUnknown + 1).filter((hop): hop is string => hop !== undefined);
};

/**
 * Fastify's `trustProxy` reads X-Forwarded-For only. For a listed proxy that sends the standard Forwarded header
 * instead, its `for=` chain is handed to the same walk. X-Forwarded-For wins when both are present: a proxy that
 * writes X-Forwarded-For passes a client's own Forwarded header on untouched, so that one cannot be believed (a proxy
 * that writes only Forwarded must drop an incoming X-Forwarded-For; docs/security.md).
 */
export const installForwardedHeader = (app: FastifyInstance, trusted: ProxyMatcher) => {
  app.addHook('onRequest', async (request) => {
    const headers = request.raw.headers;
    const forwarded = headers.forwarded;
    if (typeof forwarded !== 'string' || headers['x-forwarded-for'] !== undefined) return;
    if (!trusted(request.socket.remoteAddress ?? '')) return;
    const hops = forwardedFor(forwarded);
    if (hops.length > 0) headers['x-forwarded-for'] = hops.join(', ');
  });
};

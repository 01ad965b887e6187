import { describe, expect, it } from 'vitest';
import { createProxyMatcher, forwardedFor } from './client-ip.js';

describe('createProxyMatcher', () => {
  const trusted = createProxyMatcher(['10.0.0.0/8', '192.0.2.7/32', '2001:db8:1::/48', '::1/128']);

  it('matches IPv4 CIDRs and single addresses', () => {
    expect(trusted('10.255.0.1')).toBe(true);
    expect(trusted('192.0.2.7')).toBe(true);
    expect(trusted('192.0.2.8')).toBe(false);
    expect(trusted('11.0.0.1')).toBe(false);
  });

  it('matches IPv6 CIDRs, and IPv4-mapped IPv6 as IPv4', () => {
    expect(trusted('2001:db8:1:ffff::1')).toBe(true);
    expect(trusted('2001:db8:2::1')).toBe(false);
    expect(trusted('::1')).toBe(true);
    expect(trusted('::ffff:10.1.2.3')).toBe(true);
    expect(trusted('::ffff:11.1.2.3')).toBe(false);
  });

  it('never matches what is not an address', () => {
    expect(trusted('')).toBe(false);
    expect(trusted('unknown')).toBe(false);
    expect(createProxyMatcher([])('127.0.0.1')).toBe(false);
  });
});

describe('forwardedFor (RFC 7239)', () => {
  it('lists the for= addresses nearest the client first, ports and quotes removed', () => {
    expect(forwardedFor('for=192.0.2.60;proto=http;by=203.0.113.43, for="[2001:db8:cafe::17]:4711"')).toEqual([
      '192.0.2.60',
      '2001:db8:cafe::17',
    ]);
    expect(forwardedFor('For="198.51.100.17:8080"')).toEqual(['198.51.100.17']);
  });

  it('keeps only the hops to the right of one that hides its client', () => {
    expect(forwardedFor('for=192.0.2.1, for=unknown, for=198.51.100.2')).toEqual(['198.51.100.2']);
    expect(forwardedFor('for=192.0.2.1, proto=https')).toEqual([]);
    expect(forwardedFor('for=_hidden')).toEqual([]);
    expect(forwardedFor('for="[not-an-ip]"')).toEqual([]);
  });
});

/**
 * Trusted proxies (issue 18, item 4): with SSPR_TRUSTED_PROXIES the client address comes from X-Forwarded-For or
 * Forwarded only when the connection is from a listed proxy (IPv4 and IPv6 CIDRs), hop by hop from the right; the
 * sign-in rate limit and the lockout's audit event use it. Anything else (an unlisted connection's headers, what a
 * client writes left of its own address) is ignored. Without the variable nothing is believed (existing tests).
 */
import { describe, expect, it } from 'vitest';
import { aPassword, aUser } from '../../support/factories.js';
import { useHttpWorld } from '../../support/world.js';

const trustedProxies = '10.0.0.0/8, 2001:db8:1::/48';

const signIn = (
  ctx: ReturnType<typeof useHttpWorld>,
  remoteAddress: string,
  headers: Record<string, string> = {},
  username = 'nobody@nowhere.example',
  password = 'Wrong-Password-1',
) =>
  ctx.server.inject({
    method: 'POST',
    url: '/api/v1/session',
    remoteAddress,
    headers,
    payload: { username, password },
  });

const statuses = async (requests: Array<() => Promise<{ statusCode: number }>>) => {
  const codes: number[] = [];
  for (const request of requests) codes.push((await request()).statusCode);
  return codes;
};

describe('the client address behind trusted proxies: rate limits', () => {
  const ctx = useHttpWorld('sqlite', { env: { SSPR_TRUSTED_PROXIES: trustedProxies, SSPR_SIGNIN_RATE_LIMIT: '3' } });

  it("counts a listed proxy's clients apart, by the X-Forwarded-For address nearest the proxy", async () => {
    const via =
      (client: string, proxy = '10.1.1.1') =>
      () =>
        signIn(ctx, proxy, { 'x-forwarded-for': client });
    // Three from 198.51.100.1 through two proxies of the list; the fourth is over the limit whatever the proxy.
    expect(
      await statuses([
        via('198.51.100.1'),
        via('198.51.100.1', '10.9.9.9'),
        via('198.51.100.1, 10.2.2.2'),
        via('198.51.100.1'),
      ]),
    ).toEqual([401, 401, 401, 429]);
    // Another client of the same proxy has its own allowance.
    expect(await statuses([via('198.51.100.2')])).toEqual([401]);
    // What a client writes left of its own address is never believed: all three are 198.51.100.3.
    expect(
      await statuses([
        via('1.1.1.1, 198.51.100.3'),
        via('1.1.1.2, 198.51.100.3'),
        via('198.51.100.3'),
        via('198.51.100.3'),
      ]),
    ).toEqual([401, 401, 401, 429]);
  });

  it('ignores the headers of a connection that is not a listed proxy', async () => {
    const spoofed = (i: number) => () =>
      signIn(ctx, '203.0.113.50', { 'x-forwarded-for': `198.51.100.${100 + i}`, forwarded: `for=192.0.2.${i}` });
    expect(await statuses([spoofed(1), spoofed(2), spoofed(3), spoofed(4)])).toEqual([401, 401, 401, 429]);
  });

  it('matches IPv6 CIDRs, and reads the RFC 7239 Forwarded header from a listed proxy', async () => {
    const v6 = (client: string) => () => signIn(ctx, '2001:db8:1:42::7', { 'x-forwarded-for': client });
    expect(
      await statuses([v6('2001:db8:aaaa::1'), v6('2001:db8:aaaa::1'), v6('2001:db8:aaaa::1'), v6('2001:db8:aaaa::1')]),
    ).toEqual([401, 401, 401, 429]);
    expect(await statuses([v6('2001:db8:bbbb::1')])).toEqual([401]);
    // 2001:db8:2::/48 is not listed: its header is ignored, so it is counted as itself.
    const unlisted = (i: number) => () => signIn(ctx, '2001:db8:2::9', { 'x-forwarded-for': `2001:db8:cccc::${i}` });
    expect(await statuses([unlisted(1), unlisted(2), unlisted(3), unlisted(4)])).toEqual([401, 401, 401, 429]);

    const forwarded = (value: string) => () => signIn(ctx, '10.3.3.3', { forwarded: value });
    // The second request's client is 192.0.2.200 (10.4.4.4 is a listed proxy, skipped); the others', 2001:db8:dddd::1.
    expect(
      await statuses([
        forwarded('for="[2001:db8:dddd::1]:4711";proto=https'),
        forwarded('for=192.0.2.200;by=10.3.3.3, for=10.4.4.4'),
        forwarded('for="[2001:db8:dddd::1]"'),
        forwarded('For="[2001:db8:dddd::1]"'),
        forwarded('for="[2001:db8:dddd::1]"'),
      ]),
    ).toEqual([401, 401, 401, 401, 429]);
    expect(
      await statuses([forwarded('for=192.0.2.200'), forwarded('for=192.0.2.200'), forwarded('for=192.0.2.200')]),
    ).toEqual([401, 401, 429]);
  });
});

describe('the client address behind trusted proxies: audit', () => {
  const ctx = useHttpWorld('sqlite', { env: { SSPR_TRUSTED_PROXIES: trustedProxies } });

  const lockOut = async (remoteAddress: string, headers: Record<string, string>) => {
    const user = await aUser(ctx.world.app, ctx.domain);
    for (let i = 0; i < 10; i++)
      expect((await signIn(ctx, remoteAddress, headers, user.upn, `Wrong-Password-${i}`)).statusCode).toBe(401);
    expect((await signIn(ctx, remoteAddress, headers, user.upn, aPassword)).statusCode).toBe(423);
    const events = await ctx.world.app.store.audit.list(user.tenantId, { activity: 'User locked out (smart lockout)' });
    return events.filter((event) => event.target?.id === user.userId).map((event) => event.ipAddress);
  };

  it("records the forwarded client's address in the lockout's audit event", async () => {
    expect(await lockOut('10.1.1.1', { 'x-forwarded-for': '1.1.1.1, 198.51.100.77' })).toEqual(['198.51.100.77']);
    expect(await lockOut('10.1.1.1', { forwarded: 'for="[2001:db8:eeee::5]:1234"' })).toEqual(['2001:db8:eeee::5']);
  });

  it("records the connection's own address when it is not a listed proxy", async () => {
    expect(await lockOut('203.0.113.77', { 'x-forwarded-for': '198.51.100.78' })).toEqual(['203.0.113.77']);
  });
});

/**
 * The per-account verify budget (issue 18 item 2): after SSPR_SIGNIN_ACCOUNT_RATE_LIMIT verifies of one sign-in
 * name in 10 s, further sign-ins of that name are refused before the hash, from any address, the same for real and
 * unknown names; a browser holding the account's familiar-device cookie spends a budget of its own, so a spray does
 * not lock the owner out. With SSPR_REDIS_URL the budget is one for every instance.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aPassword, aTenant, aUser } from '../../support/factories.js';
import { cookiePair, formContext } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { countingHasher, sprayFrom, useTwoInstances } from '../../support/verify-budget.js';
import { useHttpWorld } from '../../support/world.js';

const budgetEnv = { SSPR_SIGNIN_ACCOUNT_RATE_LIMIT: '3', SSPR_SIGNIN_FAMILIAR_RATE_LIMIT: '2' };

const signIn = sprayFrom(0);

describe.each(testDialects())('the per-account verify budget (%s)', (dialect) => {
  const hasher = countingHasher();
  const ctx = useHttpWorld(dialect, { env: budgetEnv, overrides: { hasher } });

  it('refuses over the budget without a hash or a store write, from any address', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const before = hasher.verifies;
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await signIn(ctx.server, user.upn, `Wrong-Guess-${i}`)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect(hasher.verifies - before).toBe(3);
    // Smart lockout counted the three that were checked, and nothing after.
    const state = await ctx.world.app.services.deps.store.lockouts.get(user.tenantId, user.userId);
    expect(state?.failedCount).toBe(3);
    // The name in any spelling is the same budget; the right password is refused too, unhashed.
    const upper = await signIn(ctx.server, ` ${user.upn.toUpperCase()}`, aPassword);
    expect(upper.statusCode).toBe(429);
    expect(hasher.verifies - before).toBe(3);
  });

  it('answers a real and an unknown name alike', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const spray = async (username: string) => {
      const replies = [];
      for (let i = 0; i < 4; i += 1) replies.push(await signIn(ctx.server, username, `Wrong-Guess-${i}`));
      return replies;
    };
    const real = await spray(user.upn);
    const unknown = await spray(`nobody-${randomUUID()}@${ctx.domain}`);
    expect(real.map((r) => r.statusCode)).toEqual([401, 401, 401, 429]);
    expect(unknown.map((r) => r.statusCode)).toEqual(real.map((r) => r.statusCode));
    const refusal = (r: (typeof real)[number]) => ({
      body: r.json<unknown>(),
      type: r.headers['content-type'],
      retryAfter: Number(r.headers['retry-after']) > 0,
    });
    expect(refusal(unknown[3]!)).toEqual(refusal(real[3]!));
    expect(refusal(real[3]!)).toMatchObject({ body: { code: 'RATE_LIMITED', status: 429 }, retryAfter: true });
  });

  it("lets the owner's familiar browser sign in while the account is sprayed, and only for that account", async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    const other = await aUser(ctx.world.app, ctx.domain);
    const first = await signIn(ctx.server, user.upn, aPassword);
    expect(first.statusCode).toBe(200);
    const device = cookiePair(first, 'sspr_device');
    expect(device).toBeDefined();
    for (let i = 0; i < 4; i += 1) await signIn(ctx.server, user.upn, `Wrong-Guess-${i}`);
    expect((await signIn(ctx.server, user.upn, aPassword)).statusCode).toBe(429);
    expect((await signIn(ctx.server, user.upn, aPassword, device)).statusCode).toBe(200);
    // The cookie is the owner's: another account's spray is not lifted by it.
    for (let i = 0; i < 3; i += 1) await signIn(ctx.server, other.upn, `Wrong-Guess-${i}`);
    expect((await signIn(ctx.server, other.upn, aPassword, device)).statusCode).toBe(429);
    // A forged or altered cookie is an unfamiliar browser.
    expect((await signIn(ctx.server, user.upn, aPassword, 'sspr_device=forged')).statusCode).toBe(429);
  });

  it('refuses on the portal with the throttled page, before any hash', async () => {
    const user = await aUser(ctx.world.app, ctx.domain);
    for (let i = 0; i < 3; i += 1) await signIn(ctx.server, user.upn, `Wrong-Guess-${i}`);
    const before = hasher.verifies;
    const { cookie, token } = await formContext(ctx.server, '/signin?mkt=nl-NL');
    const page = await ctx.server.inject({
      method: 'POST',
      url: '/signin?mkt=nl-NL',
      remoteAddress: '10.99.0.1',
      headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, username: user.upn, password: aPassword }).toString(),
    });
    expect(page.statusCode).toBe(429);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['retry-after']).toBeDefined();
    expect(page.body).toContain('lang="nl');
    expect(hasher.verifies).toBe(before);
  });
});

describe.each(testDialects())('the verify budget shared by two instances through Redis (%s)', (dialect) => {
  const { worlds, servers: readyServers } = useTwoInstances(dialect, budgetEnv);

  it('counts the verifies of one name once for both', async () => {
    const servers = await readyServers();
    // The name's tenant exists on the first instance only: the budget is the name's, real or not.
    const tenant = await aTenant(worlds[0]!.app);
    const user = await aUser(worlds[0]!.app, tenant.domains[0]!);
    const statuses = [];
    for (let i = 0; i < 5; i += 1) {
      const reply = await servers[i % 2]!.inject({
        method: 'POST',
        url: '/api/v1/session',
        remoteAddress: `10.1.0.${i + 1}`,
        payload: { username: user.upn, password: `Wrong-Guess-${i}` },
      });
      statuses.push(reply.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});

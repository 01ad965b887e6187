/**
 * The tenant-wide budget of unfamiliar-browser verifies (issue 18 item 2): a spray over many names of one tenant,
 * each under its own per-account budget, stops after SSPR_SIGNIN_TENANT_UNFAMILIAR_RATE_LIMIT verifies in 10 s,
 * before the hash, with the same 429 for real and unknown names; browsers holding an account's familiar-device cookie
 * keep signing in, other tenants are untouched, and names at made-up domains share one budget. With SSPR_REDIS_URL
 * the budget is one for every instance.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aPassword, aTenant, aUser } from '../../support/factories.js';
import { cookiePair } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { countingHasher, sprayFrom, useTwoInstances } from '../../support/verify-budget.js';
import { useHttpWorld } from '../../support/world.js';

const budgetEnv = {
  SSPR_SIGNIN_ACCOUNT_RATE_LIMIT: '3',
  SSPR_SIGNIN_FAMILIAR_RATE_LIMIT: '3',
  SSPR_SIGNIN_TENANT_UNFAMILIAR_RATE_LIMIT: '4',
};

const signIn = sprayFrom(2);

type Reply = Awaited<ReturnType<typeof signIn>>;

describe.each(testDialects())('the tenant-wide budget of unfamiliar verifies (%s)', (dialect) => {
  const hasher = countingHasher();
  const ctx = useHttpWorld(dialect, { env: budgetEnv, overrides: { hasher } });

  it('stops a spray over many names before the hash, alike for real and unknown names', async () => {
    const tenant = await aTenant(ctx.world.app);
    const domain = tenant.domains[0]!;
    const users = await Promise.all(Array.from({ length: 3 }, () => aUser(ctx.world.app, domain)));
    const before = hasher.verifies;
    // One attempt per name, far under each name's budget of 3: only the tenant's budget can refuse.
    const names = [...users.map((u) => u.upn), `nobody-${randomUUID()}@${domain}`, `nobody-${randomUUID()}@${domain}`];
    const replies: Reply[] = [];
    for (const name of names) replies.push(await signIn(ctx.server, name, 'Wrong-Guess-1'));
    expect(replies.map((r) => r.statusCode)).toEqual([401, 401, 401, 401, 429]);
    expect(hasher.verifies - before).toBe(4);
    // A real name after the budget is spent: the same refusal as the unknown one, unhashed, right password or not.
    const real = await signIn(ctx.server, ` ${users[0]!.upn.toUpperCase()}`, aPassword);
    const refusal = (r: Reply) => ({
      status: r.statusCode,
      body: r.json<unknown>(),
      type: r.headers['content-type'],
      retryAfter: Number(r.headers['retry-after']) > 0,
    });
    expect(refusal(real)).toEqual(refusal(replies[4]!));
    expect(refusal(real)).toMatchObject({ status: 429, body: { code: 'RATE_LIMITED' }, retryAfter: true });
    expect(hasher.verifies - before).toBe(4);
    // Smart lockout counted only what was checked.
    const state = await ctx.world.app.services.deps.store.lockouts.get(users[0]!.tenantId, users[0]!.userId);
    expect(state?.failedCount).toBe(1);
  });

  it("keeps familiar browsers signing in and other tenants' budgets untouched", async () => {
    const tenant = await aTenant(ctx.world.app);
    const other = await aTenant(ctx.world.app);
    const owner = await aUser(ctx.world.app, tenant.domains[0]!);
    const first = await signIn(ctx.server, owner.upn, aPassword);
    expect(first.statusCode).toBe(200);
    const device = cookiePair(first, 'sspr_device');
    expect(device).toBeDefined();
    // The owner's first sign-in spent one; three names more spend the rest.
    for (let i = 0; i < 4; i += 1) await signIn(ctx.server, `spray-${i}-${randomUUID()}@${tenant.domains[0]!}`, 'x1');
    expect((await signIn(ctx.server, owner.upn, aPassword)).statusCode).toBe(429);
    expect((await signIn(ctx.server, owner.upn, aPassword, device)).statusCode).toBe(200);
    // Another tenant's user, from an unfamiliar browser, still has the whole of its tenant's budget.
    const elsewhere = await aUser(ctx.world.app, other.domains[0]!);
    expect((await signIn(ctx.server, elsewhere.upn, aPassword)).statusCode).toBe(200);
  });

  it('counts every domain no tenant has, and names without one, in one budget', async () => {
    const before = hasher.verifies;
    const statuses = [];
    for (let i = 0; i < 4; i += 1)
      statuses.push((await signIn(ctx.server, `x@made-up-${randomUUID()}.example`, 'Wrong-Guess-1')).statusCode);
    statuses.push((await signIn(ctx.server, `no-domain-${randomUUID()}`, 'Wrong-Guess-1')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    expect(hasher.verifies - before).toBe(4);
    // A real tenant is not charged for them.
    const tenant = await aTenant(ctx.world.app);
    const user = await aUser(ctx.world.app, tenant.domains[0]!);
    expect((await signIn(ctx.server, user.upn, aPassword)).statusCode).toBe(200);
  });
});

describe.each(testDialects())('the tenant-wide budget shared by two instances through Redis (%s)', (dialect) => {
  const { worlds, servers: readyServers } = useTwoInstances(dialect, budgetEnv);

  it('counts a spray over many names once for both', async () => {
    const servers = await readyServers();
    // Each instance has its own store: the same tenant (id and domain) on both, as on one shared database.
    const tenant = await aTenant(worlds[0]!.app);
    await worlds[1]!.app.services.deps.store.tenants.create(tenant);
    const statuses = [];
    for (let i = 0; i < 6; i += 1)
      statuses.push((await signIn(servers[i % 2]!, `n${i}-${randomUUID()}@${tenant.domains[0]!}`, 'x1')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
  });
});

/**
 * Reset-start floods (issue 18 item 2): a start whose CAPTCHA does not verify counts toward no limit, a user ID has
 * its own start limit before the tenant's (the same answer for real and unknown IDs), and a browser holding the
 * account's familiar-device cookie skips the tenant allowance — so a flood no longer refuses the real user's reset.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '../../../src/core/model.js';
import { aPassword, aTenant } from '../../support/factories.js';
import { cookiePair } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { aResetUser, solveCaptcha } from '../../support/reset.js';
import { useHttpWorld } from '../../support/world.js';

const env = {
  SSPR_RESET_ACCOUNT_RATE_LIMIT: '2',
  SSPR_RESET_TENANT_RATE_LIMIT: '6',
  SSPR_RESET_RATE_LIMIT: '10000',
  SSPR_CAPTCHA_DIFFICULTY: '100',
};

describe.each(testDialects())('reset-start limits under a flood (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { env });
  let tenant: Tenant;
  beforeAll(async () => {
    tenant = await aTenant(ctx.world.app);
  });

  let address = 0;
  const start = async (username: string, captcha?: string, cookie?: string) =>
    ctx.server.inject({
      method: 'POST',
      url: '/api/v1/passwordreset',
      remoteAddress: `10.2.${(address >> 8) & 255}.${(address++ & 255) + 1}`,
      payload: { username, captcha: captcha ?? (await solveCaptcha(ctx.server)) },
      ...(cookie && { headers: { cookie } }),
    });
  const statuses = async (count: number, username: string, captcha?: string) => {
    const codes: number[] = [];
    for (let i = 0; i < count; i += 1) codes.push((await start(username, captcha)).statusCode);
    return codes;
  };

  it("keeps the real user's reset through floods at one account and across the tenant", async () => {
    const legit = await aResetUser(ctx.world.app, tenant);
    const victim = await aResetUser(ctx.world.app, tenant);
    const domain = tenant.domains[0]!;
    // Unsolved CAPTCHAs: refused, and they spend nothing.
    expect(await statuses(10, victim.upn, 'x')).toEqual(Array(10).fill(400));
    // Solved ones at one account stop at its own limit, a real ID and an unknown one alike.
    expect(await statuses(4, victim.upn)).toEqual([200, 200, 429, 429]);
    const unknown = await statuses(4, `nobody-${randomUUID()}@${domain}`);
    expect(unknown).toEqual([200, 200, 429, 429]);
    // The tenant has spent 4 of its 6: the real user starts.
    expect((await start(legit.upn)).statusCode).toBe(200);

    // A flood across many names spends the rest of the tenant's allowance...
    expect(await statuses(1, `a-${randomUUID()}@${domain}`)).toEqual([200]);
    expect(await statuses(1, `b-${randomUUID()}@${domain}`)).toEqual([429]);
    // ... which refuses an unfamiliar browser, but not the owner's familiar one.
    expect((await start(legit.upn)).statusCode).toBe(429);
    const signedIn = await ctx.server.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: legit.upn, password: aPassword },
    });
    expect(signedIn.statusCode).toBe(200);
    const device = cookiePair(signedIn, 'sspr_device')!;
    expect((await start(legit.upn, undefined, device)).statusCode).toBe(200);
    // The cookie is the owner's: it does not lift the tenant limit for another name.
    expect((await start(`c-${randomUUID()}@${domain}`, undefined, device)).statusCode).toBe(429);
  });
});

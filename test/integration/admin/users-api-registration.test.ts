import { describe, expect, it } from 'vitest';
import { aPassword, aTenant, aUser } from '../../support/factories.js';
import { sessionCookie } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { aResetUser } from '../../support/reset.js';
import { useHttpWorld } from '../../support/world.js';

/**
 * The admin API users list's `registered` and `capable` filters (issue #15): the registration report's verdicts, as
 * the console list's, with the search prefix and top/skip paging; anything but true or false is refused.
 */
describe.each(testDialects())('admin API users list registration filters (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);

  it('keeps the users the registration report calls (not) registered or capable, searched and paged', async () => {
    const { app } = ctx.world;
    const tenant = await aTenant(app);
    const domain = tenant.domains[0]!;
    const admin = await aUser(app, domain, { roles: ['User Administrator'] });
    const cookie = await sessionCookie(ctx.server, admin.upn, aPassword);
    // Licensed with an alternate email: registered and capable; without a licence: registered, not capable.
    const licensed = await aResetUser(app, tenant);
    const unlicensed = await aResetUser(app, tenant, { licensed: false });
    const bare = await aResetUser(app, tenant, { alternateEmail: '' });
    const list = async (query: string) => {
      const response = await ctx.server.inject({ url: `/api/v1/admin/users?${query}`, headers: { cookie } });
      expect(response.statusCode, query).toBe(200);
      return response.json<{ users: Array<{ upn: string }>; nextSkip: number | null }>();
    };
    const upns = async (query: string) => (await list(query)).users.map((u) => u.upn);

    expect(await upns('search=reset')).toHaveLength(3);
    expect((await upns('search=reset&registered=true')).sort()).toEqual([licensed.upn, unlicensed.upn].sort());
    expect(await upns('search=reset&registered=false')).toEqual([bare.upn]);
    expect(await upns('search=reset&capable=true')).toEqual([licensed.upn]);
    expect((await upns('search=reset&capable=false')).sort()).toEqual([unlicensed.upn, bare.upn].sort());
    expect(await upns('search=reset&registered=true&capable=false')).toEqual([unlicensed.upn]);
    // Without a search, the administrator (registered for nothing) is among the unregistered too.
    expect(await upns('registered=false')).toEqual(expect.arrayContaining([admin.upn, bare.upn]));

    // Paging: top and skip over the filtered users, nextSkip while more remain.
    for (let i = 0; i < 3; i++) await aUser(app, domain, { local: `pg${i}` });
    const first = await list('search=pg&registered=false&top=2');
    expect(first.users.map((u) => u.upn)).toEqual([`pg0@${domain}`, `pg1@${domain}`]);
    expect(first.nextSkip).toBe(2);
    const last = await list('search=pg&registered=false&top=2&skip=2');
    expect(last.users.map((u) => u.upn)).toEqual([`pg2@${domain}`]);
    expect(last.nextSkip).toBeNull();
    expect(await upns('search=pg&registered=true')).toEqual([]);
    // The user's view, as the unfiltered list gives it.
    expect((await list('search=pg0&capable=false')).users).toEqual((await list('search=pg0')).users);

    for (const bad of ['registered=yes', 'capable=1', 'capable=']) {
      const response = await ctx.server.inject({ url: `/api/v1/admin/users?${bad}`, headers: { cookie } });
      expect(response.statusCode, bad).toBe(400);
    }
  });
});

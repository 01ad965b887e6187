import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/core/html.js';
import { translate } from '../../../src/i18n/i18n.js';
import { aPassword, aTenant, aUser } from '../../support/factories.js';
import { sessionCookie } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { aResetUser } from '../../support/reset.js';
import { useHttpWorld } from '../../support/world.js';

/**
 * The console users list's "Registered for SSPR" and "Capable of reset" columns and filters (issue #14 item 5): the
 * registration report's verdicts, filtered as GET fields that keep the search prefix and survive paging.
 */
describe.each(testDialects())('users list registration columns and filters (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);

  it('shows and filters registered and capable users, with the search prefix and paging', async () => {
    const { app } = ctx.world;
    const tenant = await aTenant(app);
    const domain = tenant.domains[0]!;
    const admin = await aUser(app, domain, { roles: ['User Administrator'] });
    const cookie = await sessionCookie(ctx.server, admin.upn, aPassword);
    // Licensed with an alternate email: registered and capable; without a licence: registered, not capable.
    await app.services.users.createUser({
      upn: `amy@${domain}`,
      password: aPassword,
      alternateEmail: 'a@mail.example',
    });
    const licensed = await aResetUser(app, tenant);
    const unlicensed = await aResetUser(app, tenant, { licensed: false });
    const bare = await aResetUser(app, tenant, { alternateEmail: '' });
    const get = async (query: string) =>
      (await ctx.server.inject({ url: `/admin/users?${query}`, headers: { accept: 'text/html', cookie } })).body;
    const upnsIn = (body: string) =>
      [...body.matchAll(/<td><a href="\/admin\/users\/[^"]+">([^<]+)<\/a><\/td>/g)].map((m) => m[1]);
    const row = (body: string, upn: string) => new RegExp(`>${upn}</a></td>.*?</tr>`).exec(body)?.[0] ?? '';
    const yes = escapeHtml(translate('en', 'admin.yes'));
    const no = escapeHtml(translate('en', 'admin.no'));

    const all = await get('q=reset');
    expect(all).toContain(escapeHtml(translate('en', 'helpdeskActions.users.registered')));
    expect(row(all, licensed.upn)).toContain(`<td>${yes}</td><td>${yes}</td>`);
    expect(row(all, unlicensed.upn)).toContain(`<td>${yes}</td><td>${no}</td>`);
    expect(row(all, bare.upn)).toContain(`<td>${no}</td><td>${no}</td>`);

    expect(upnsIn(await get('q=reset&registered=yes')).sort()).toEqual([licensed.upn, unlicensed.upn].sort());
    expect(upnsIn(await get('q=reset&registered=no'))).toEqual([bare.upn]);
    expect(upnsIn(await get('q=reset&capable=yes'))).toEqual([licensed.upn]);
    expect(upnsIn(await get('q=reset&registered=yes&capable=no'))).toEqual([unlicensed.upn]);
    // The prefix narrows the filtered set; the selects keep what was chosen.
    const filtered = await get('q=amy&registered=yes');
    expect(upnsIn(filtered)).toEqual([`amy@${domain}`]);
    expect(filtered).toContain('<option value="yes" selected>');

    // 26 unregistered users starting with "pg": the filtered list pages 25 + 1, and the pager keeps the filters.
    for (let i = 0; i < 26; i++) await aUser(app, domain, { local: `pg${String(i).padStart(2, '0')}` });
    const first = await get('q=pg&registered=no');
    expect(upnsIn(first)).toHaveLength(25);
    const next = /<a href="([^"]+)" rel="next">/.exec(first)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toBe('/admin/users?q=pg&registered=no&page=2');
    expect(upnsIn(await get(next!.split('?')[1]!))).toEqual([`pg25@${domain}`]);
    expect(upnsIn(await get('q=pg&registered=yes'))).toEqual([]);
  });
});

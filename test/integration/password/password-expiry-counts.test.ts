/**
 * Expiring and expired password counts (issue #16 item 4) on both store dialects, with the manual clock: enabled
 * cloud users under their domain's validity period and notification window, directory users by the expiry read at
 * sync, disabled users left out; in GET and PATCH /api/v1/admin/password-expiry (`counts`) and as one line on the
 * console's Password expiration tab.
 */
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/core/html.js';
import { translate } from '../../../src/i18n/i18n.js';
import { countPasswordExpiry } from '../../../src/services/reports/password-expiry-counts.js';
import { signedInAs } from '../../support/admin-http.js';
import { aPassword, aUser } from '../../support/factories.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

const day = 86_400;
const cli = { type: 'cli' as const, id: null, upn: null };

describe.each(testDialects())('password expiry counts (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);

  it('counts enabled users expiring within the window and expired, cloud and directory alike', async () => {
    const app = ctx.world.app;
    const { tenantId, domain } = ctx;
    const store = app.services.deps.store;
    await app.services.passwordExpiry.update(tenantId, { domain, validityDays: 30, notifyDays: 14 }, cli);
    expect(await countPasswordExpiry(app.services.deps, tenantId)).toEqual({ expiring: 0, expired: 0 });

    await aUser(app, domain, { local: 'old' });
    const disabled = await aUser(app, domain, { local: 'gone' });
    await store.users.update(tenantId, disabled.userId, { accountEnabled: false });
    ctx.world.clock.advance(20 * day);
    await aUser(app, domain, { local: 'newer' });
    ctx.world.clock.advance(17 * day);
    // old: 37 days (expired); newer: 13 days left (expiring); gone: expired but disabled.
    const now = ctx.world.clock.now().getTime();
    for (const [local, offsetDays] of [
      ['dir-soon', 3],
      ['dir-past', -1],
      ['dir-later', 40],
    ] as const) {
      const user = await app.services.users.createUser({
        upn: `${local}@${domain}`,
        password: aPassword,
        givenName: 'Dir',
        surname: 'User',
        source: 'synced',
      });
      await store.passwordExpiry.setDirectoryPasswordExpiry(
        tenantId,
        user.userId,
        new Date(now + offsetDays * day * 1000).toISOString(),
      );
    }
    const expected = { expiring: 2, expired: 2 };
    expect(await countPasswordExpiry(app.services.deps, tenantId)).toEqual(expected);

    const { cookie } = await signedInAs(ctx, ['Global Administrator']);
    const shown = await ctx.server.inject({ url: '/api/v1/admin/password-expiry', headers: { cookie } });
    expect(shown.json()).toMatchObject({ counts: expected });
    const page = await ctx.server.inject({
      url: '/admin/password-reset/password-expiry?mkt=nl-NL',
      headers: { cookie },
    });
    expect(page.body).toContain(escapeHtml(translate('nl', 'admin.expiry.counts', { expiring: 2, expired: 2 })));

    // Passwords never expire for the domain: only the directory users remain counted.
    const never = await ctx.server.inject({
      method: 'PATCH',
      url: '/api/v1/admin/password-expiry',
      headers: { cookie },
      payload: { domain, validityDays: null },
    });
    expect(never.json()).toMatchObject({ counts: { expiring: 1, expired: 1 } });
  });
});

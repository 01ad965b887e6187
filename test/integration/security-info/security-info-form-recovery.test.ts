import { describe, expect, it } from 'vitest';
import { cookiePair } from '../../support/http.js';
import { tokenOf } from '../../support/pages.js';
import { securityInfoBrowser } from '../../support/security-info.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

/**
 * Where an over-long post on the security info pages comes back to (review of the portal walk): a refused code of a
 * change still replaces the entry it replaced, a refused deletion goes to the overview (whose page shows the
 * message) instead of leaving it in the flash for some later page, and a page whose session ended never overwrites a
 * flash still waiting to be shown.
 */
describe.each(testDialects())('security info form recovery (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, { tenantName: 'Contoso' });
  const { get, postForm, onOverview } = securityInfoBrowser(ctx);

  it('keeps what a code form replaces, and sends a refused deletion to the overview', async () => {
    const { cookie, overview } = await onOverview();
    const added = await postForm('/account/security-info/email', cookie, {
      _csrf: tokenOf(overview),
      address: 'adele.home@example.net',
    });
    const codePage = added.headers.location as string;
    const id = /methods\/([^/]+)\/verify$/.exec(codePage)![1]!;
    const form = await get(codePage, cookie);

    const overlong = await postForm(`/account/security-info/methods/${id}/verify`, cookie, {
      _csrf: tokenOf(form),
      code: '1'.repeat(5000),
      replaces: 'old-entry_1',
    });
    expect(overlong.statusCode).toBe(303);
    expect(overlong.headers.location).toBe(`/account/security-info/methods/${id}/verify?replaces=old-entry_1`);

    // A body over the form limit (16 KiB) is refused before anything else runs.
    const deletion = await postForm(`/account/security-info/methods/${id}/delete`, cookie, {
      _csrf: tokenOf(form),
      padding: 'x'.repeat(20_000),
    });
    expect(deletion.statusCode).toBe(303);
    expect(deletion.headers.location).toBe('/account/security-info');
  });

  it('does not write the session-ended notice over a flash still waiting', async () => {
    const { cookie } = await onOverview();
    await postForm('/signout', cookie, { _csrf: tokenOf(await get('/account', cookie)) });
    const waiting = 'sspr_flash=sealed-and-waiting';
    const replayed = await get('/account', `${cookie}; ${waiting}`);
    expect(replayed.statusCode).toBe(303);
    expect(replayed.headers.location).toBe('/signin');
    expect(cookiePair(replayed, 'sspr_flash')).toBeUndefined();
    // Without one waiting, the notice is left for sign-in.
    const alone = await get('/account', cookie);
    expect(cookiePair(alone, 'sspr_flash')).toMatch(/^sspr_flash=/);
  });
});

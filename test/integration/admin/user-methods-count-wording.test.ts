import { describe, expect, it } from 'vitest';
import { signedInAs } from '../../support/admin-http.js';
import { aUser } from '../../support/factories.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

/**
 * The user page's count of the methods that count for a reset. It read "Counted for password reset: 2 of 1
 * required." ("2 van de 1 vereiste"), which a new administrator reads as a mistake; now the count and what the policy
 * requires are said apart, in English and Dutch.
 */
describe.each(testDialects())("the user page's method count (%s)", (dialect) => {
  const ctx = useHttpWorld(dialect);

  it('says how many methods count and how many the policy requires, in English and Dutch', async () => {
    const helpdesk = await signedInAs(ctx, ['Helpdesk Administrator']);
    const user = await aUser(ctx.world.app, ctx.domain, {
      alternateEmail: 'someone@home.example',
      mobilePhone: '+31 6 12345678',
    });
    const page = (mkt: string) =>
      ctx.server.inject({
        url: `/admin/users/${user.userId}?mkt=${mkt}`,
        headers: { accept: 'text/html', cookie: helpdesk.cookie },
      });
    const english = (await page('en-US')).body;
    expect(english).toContain('<p>Methods counted for password reset: 2 (1 required).</p>');
    expect(english).not.toContain('2 of 1');
    const dutch = (await page('nl-NL')).body;
    expect(dutch).toContain('<p>Methoden die meetellen voor wachtwoordherstel: 2 (1 vereist).</p>');
  });
});

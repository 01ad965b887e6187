import { describe, expect, it } from 'vitest';
import { expectChromium, useBrowserWorld } from '../support/browser.js';
import { aPassword, aUser } from '../support/factories.js';

/**
 * The console's tables on a phone, in Dutch: a table too wide for the screen scrolls sideways in its own box
 * (`.scroll`), and no word in it is cut in two. `main` lets long words (a UPN) break anywhere, and inside a table
 * that made the columns shrink until the headers read "Metho/de" and "Acti/e", and the cells "Verw/ijder/en". Only a
 * browser lays the table out, so only a browser can tell.
 */
describe('console tables on a phone, in a real browser without JavaScript', () => {
  let admin: string;
  let user: { userId: string };
  const e2e = useBrowserWorld(async (app, tenant) => {
    const domain = tenant.domains[0]!;
    await app.services.ssprPolicy.update(
      tenant.tenantId,
      { requireRegistration: false },
      { type: 'cli', id: null, upn: null },
    );
    admin = (await aUser(app, domain, { roles: ['Global Administrator'] })).upn;
    user = await aUser(app, domain, { alternateEmail: 'medewerker@thuis.example', mobilePhone: '+31 6 12345678' });
  });

  /** Words (split at spaces and at the places a line may break anyway) that the layout put on more than one line. */
  const cutWords = () =>
    e2e.page.evaluate<string[]>(`(() => {
      const cut = [];
      for (const cell of document.querySelectorAll('main table th, main table td')) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (const match of node.data.matchAll(/[^\\s\\-\\/·@.]+/g)) {
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
            if (lines.size > 1) cut.push(match[0]);
          }
        }
      }
      return cut;
    })()`);

  it('keeps every word of the user page and the users list whole at 375 pixels, the table scrolling instead', async () => {
    expectChromium();
    const { page } = e2e;
    await e2e.signInInDutch(admin, aPassword);
    for (const path of [`/admin/users/${user.userId}`, '/admin/users', '/admin/password-reset/usage-insights']) {
      await page.goto(`${e2e.baseUrl}${path}?mkt=nl-NL`);
      expect(await page.locator('main table').count(), path).toBeGreaterThan(0);
      expect(await cutWords(), path).toEqual([]);
      // A box that scrolls must be reachable by keyboard and say what it holds.
      for (const box of await page.locator('main .scroll').all()) {
        expect(await box.getAttribute('tabindex'), path).toBe('0');
        expect(await box.getAttribute('role'), path).toBe('region');
        expect(await box.getAttribute('aria-label'), path).toBeTruthy();
      }
      await e2e.expectNoHorizontalScroll();
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { Tenant } from '../../src/core/model.js';
import { translate } from '../../src/i18n/i18n.js';
import { expectChromium, useBrowserWorld, type BrowserWorld } from '../support/browser.js';
import { aResetUser, solveCaptcha } from '../support/reset.js';

/**
 * A later step of the reset wizard in real Chromium under the portal's strict CSP (issue 14 item 5): the tenant's
 * name in the header and its accent colour on the buttons, from same-origin stylesheets only — no CSP violation.
 */
const cli = { type: 'cli' as const, id: null, upn: null };
let tenant: Tenant;
const seed = async (app: BrowserWorld['app'], seeded: Tenant) => {
  tenant = seeded;
  await app.services.branding.update(seeded.tenantId, { displayName: 'Fabrikam Portal', accentColour: '#8a1c7c' }, cli);
};

describe('a branded reset step in a real browser', () => {
  const world = useBrowserWorld(seed, { SSPR_CAPTCHA_DIFFICULTY: '2000', SSPR_RESET_RATE_LIMIT: '1000' });

  it("shows the tenant's name and accent colour after the start page, with no CSP violation", async () => {
    expectChromium();
    const user = await aResetUser(world.app, tenant);
    await world.page.goto(`${world.baseUrl}/passwordreset`);
    await world.page.fill('#username', user.upn);
    const solution = await solveCaptcha(await world.app.http());
    await world.page.evaluate(`document.getElementById('captcha').value = ${JSON.stringify(solution)}`);
    await world.submit(translate('en', 'reset.next'));
    expect(new URL(world.page.url()).pathname).toBe('/passwordreset/flow');
    expect(await world.page.locator('header .brand').innerText()).toBe('Fabrikam Portal');
    const colour = await world.page.evaluate(
      `getComputedStyle(document.querySelector('main button[type=submit]')).backgroundColor`,
    );
    expect(colour).toBe('rgb(138, 28, 124)');
    expect(world.cspViolations).toEqual([]);
  });
});

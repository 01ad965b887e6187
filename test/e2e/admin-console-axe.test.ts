/**
 * axe over every page of the admin console (issue 14 item 2 and 5): each section and each tab of the Password reset
 * blade, a user page, a group page, and the forms added for users, groups and branding, in English and Dutch, at
 * 390 px and at desktop width, in real Chromium. No serious or critical finding is allowed.
 *
 * One walk per language, each at one width: English at 390 px, Dutch at desktop width. Every page is checked in both
 * languages and at both widths (the narrow layout and the translated texts are what can differ), at half the cost of
 * walking every language at every width (about 1 s of axe per page on a 2-core machine).
 */
import type { BrowserContext } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import { bladeTabs } from '../../src/http/admin/blade-tabs.js';
import { bladeTabPath } from '../../src/http/admin/blade-tab.js';
import { seriousAxeFindings } from '../support/axe.js';
import { tinyPng } from '../support/branding.js';
import { expectChromium, useBrowserWorld } from '../support/browser.js';
import { aPassword, aUser } from '../support/factories.js';

vi.setConfig({ testTimeout: 600_000 });

describe('axe on every admin console page', () => {
  const ids = { admin: '', user: '', group: '' };
  const e2e = useBrowserWorld(async (app, tenant) => {
    const domain = tenant.domains[0]!;
    const admin = await aUser(app, domain, { local: 'axe.admin', roles: ['Global Administrator'] });
    ids.admin = admin.userId;
    ids.user = (await aUser(app, domain, { local: 'axe.user', alternateEmail: 'axe.user@home.example' })).userId;
    const group = await app.services.groups.createGroup(tenant.tenantId, 'Axe group');
    await app.services.groups.addMember(tenant.tenantId, 'Axe group', { upn: `axe.user@${domain}` });
    ids.group = group.groupId;
    const cli = { type: 'cli' as const, id: null, upn: null };
    await app.services.branding.update(tenant.tenantId, { displayName: 'Axe Inc', accentColour: '#8a1c7c' }, cli);
    await app.services.branding.setLogo(tenant.tenantId, tinyPng, cli);
  });

  const pages = () => [
    ...bladeTabs.map((tab) => bladeTabPath(tab)),
    '/admin/users',
    `/admin/users/${ids.user}`,
    '/admin/users/new',
    `/admin/users/${ids.user}/delete`,
    // The pages a secret is shown on, as a reload finds them (the secret already shown).
    `/admin/users/${ids.user}/reset-password`,
    `/admin/users/${ids.user}/temporary-access-pass`,
    `/admin/users/${ids.user}/created`,
    '/admin/groups',
    `/admin/groups/${ids.group}`,
    `/admin/groups/${ids.group}/delete`,
    '/admin/licenses',
  ];

  it('finds nothing serious or critical on any page, en at 390 px and nl at desktop width', async () => {
    expectChromium();
    const { page, baseUrl } = e2e;
    await page.goto(`${baseUrl}/signin`);
    await page.getByLabel('Email address').fill(`axe.admin@${e2e.tenant.domains[0]}`);
    await page.getByLabel('Password', { exact: true }).fill(aPassword);
    expect(await e2e.submit('Sign in')).toBe(303);
    const cookies = await page.context().cookies();
    const findings: string[] = [];
    const walks = [
      { mkt: 'en-US', viewport: { width: 390, height: 844 } },
      { mkt: 'nl-NL', viewport: { width: 1280, height: 900 } },
    ];
    for (const { mkt, viewport } of walks) {
      const context: BrowserContext = await e2e.browser.newContext({ javaScriptEnabled: false, viewport });
      await context.addCookies(cookies);
      const view = await context.newPage();
      for (const path of pages()) {
        const response = await view.goto(`${baseUrl}${path}?mkt=${mkt}`);
        expect(response?.status(), `${path} ${mkt}`).toBe(200);
        for (const finding of await seriousAxeFindings(view))
          findings.push(
            `${viewport.width}px ${mkt} ${path}: ${finding.id} (${finding.impact}) ${finding.targets.join(', ')}`,
          );
      }
      await context.close();
    }
    expect(findings).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { createMemoryDirectory } from '../../src/adapters/directory/memory-directory.js';
import { translate, type MessageKey } from '../../src/i18n/i18n.js';
import { cliActor } from '../../src/services/audit/audit-recorder.js';
import { expectChromium, useBrowserWorld } from '../support/browser.js';
import { aPassword, aUser } from '../support/factories.js';

/**
 * A Hybrid Identity Administrator, in a real Chromium with JavaScript off on a phone-sized screen, opens the Dutch
 * On-premises integration tab after a full sync stopped at the deletion threshold: the warning with the command fits
 * the screen, a refused threshold comes back next to the field, and a good one is saved (post/redirect/get).
 */
const nl = (key: MessageKey, params: Record<string, string | number> = {}) => translate('nl', key, params);

describe('Dutch directory sync status and threshold form in a real browser without JavaScript', () => {
  let upn: string;
  let domain: string;
  const e2e = useBrowserWorld(async (app, tenant) => {
    domain = tenant.domains[0]!;
    upn = (await aUser(app, domain, { roles: ['Hybrid Identity Administrator'] })).upn;
    const input = {
      type: 'openldap',
      url: 'ldaps://ldap.invalid',
      bindDn: 'cn=sspr,dc=example,dc=org',
      bindPassword: 'secret-bind',
      baseDn: 'dc=example,dc=org',
      deletionThreshold: 1,
    };
    const connection = await app.services.directories.add(tenant.tenantId, input, cliActor);
    const people = (count: number) =>
      Array.from({ length: count }, (_, i) => ({
        dn: `uid=p${i},dc=example,dc=org`,
        password: aPassword,
        attributes: {
          entryUUID: [`uuid-${i}`],
          mail: [`p${i}@${domain}`],
          cn: [`Person ${i}`],
          modifyTimestamp: ['20260301090000Z'],
        },
      }));
    // Three users synced, then a directory that returns none: more than the threshold of 1, so none are disabled.
    for (const count of [3, 0])
      await app.services.directorySync.run(
        { config: connection, connection: createMemoryDirectory({ users: people(count) }) },
        { full: true },
      );
  });
  const { submit, expectNoHorizontalScroll } = e2e;

  it('shows the stopped sync with the command, refuses -1 next to the field, and saves 750', async () => {
    expectChromium();
    const { page } = e2e;
    await e2e.signInInDutch(upn, aPassword);
    expect(await submit(nl('interrupt.skip'))).toBe(303);

    await page.goto(`${e2e.baseUrl}/admin/password-reset/on-premises-integration?mkt=nl-NL`);
    expect(await page.getByRole('heading', { level: 3, name: nl('admin.onPremises.sync') }).count()).toBe(1);
    expect(
      await page
        .getByText(nl('admin.onPremises.sync.stopped', { pending: 3, users: 3, groups: 0, threshold: 1 }))
        .count(),
    ).toBe(1);
    expect((await page.locator('.alert.warning code').textContent())?.trim()).toBe(
      `sspr sync --tenant ${domain} --full --allow-deletions`,
    );
    // The stylesheet styles the warning (no inline style under the CSP).
    expect(
      await page.evaluate<string>("getComputedStyle(document.querySelector('.alert.warning')).borderLeftStyle"),
    ).toBe('solid');
    await expectNoHorizontalScroll();

    const field = page.getByLabel(nl('admin.onPremises.sync.threshold.label'));
    expect(await field.inputValue()).toBe('1');
    await field.fill('-1');
    expect(await submit(nl('admin.onPremises.sync.threshold.submit'))).toBe(400);
    expect(await page.getByText(nl('admin.onPremises.sync.threshold.invalid', { max: 1000000 })).count()).toBe(1);
    const refused = page.getByLabel(nl('admin.onPremises.sync.threshold.label'));
    expect(await refused.inputValue()).toBe('-1');
    expect(await refused.getAttribute('aria-invalid')).toBe('true');
    // Without JavaScript only autofocus moves focus to the field that needs fixing.
    expect(await page.evaluate<string | null>("document.activeElement?.getAttribute('name') ?? null")).toBe(
      'deletionThreshold',
    );
    await expectNoHorizontalScroll();

    await refused.fill('750');
    expect(await submit(nl('admin.onPremises.sync.threshold.submit'))).toBe(303);
    expect(new URL(page.url()).search).toBe('?saved=threshold&mkt=nl-NL');
    expect(
      await page
        .getByRole('status')
        .filter({ hasText: nl('admin.onPremises.sync.threshold.saved') })
        .count(),
    ).toBe(1);
    expect(await page.getByText(nl('admin.onPremises.sync.threshold.value', { threshold: 750 })).count()).toBe(1);
    expect((await e2e.app.services.directories.list(e2e.tenant.tenantId))[0]!.deletionThreshold).toBe(750);
    expect(e2e.cspViolations).toEqual([]);
  });
});

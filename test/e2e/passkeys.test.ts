/**
 * Passkeys in a real Chromium with a virtual authenticator (DevTools WebAuthn domain: CTAP2, internal transport,
 * resident keys, user verification): a user creates a passkey on the security-info page (English), signs out and
 * signs in with it without typing anything, then passes the reset wizard's passkey gate in Dutch. Without JavaScript
 * the pages say plainly that a passkey needs it. The scripts come from this origin: no CSP violation.
 */
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { translate, type MessageKey } from '../../src/i18n/i18n.js';
import { chromiumArgs, chromiumPath, expectChromium, phone, useBrowserWorld } from '../support/browser.js';
import { aPassword, aUser } from '../support/factories.js';
import { codeSentTo } from '../support/pages.js';

const en = (key: MessageKey, params: Record<string, string | number> = {}) => translate('en', key, params);
const nl = (key: MessageKey, params: Record<string, string | number> = {}) => translate('nl', key, params);
const cli = { type: 'cli' as const, id: null, upn: null };
const alternateEmail = 'megan.at.home@mail.example';

describe('passkeys in a real browser', () => {
  let upn: string;
  // Served as localhost (WebAuthn refuses an IP address as relying-party id; it is a secure context too), with
  // JavaScript on: the WebAuthn call needs it.
  const world = useBrowserWorld(
    async (app, tenant) => {
      const policy = await app.services.ssprPolicy.policyOf(tenant.tenantId);
      await app.services.ssprPolicy.update(
        tenant.tenantId,
        { requireRegistration: false, methods: [...policy.methods, 'passkey'] },
        cli,
      );
      await app.services.licensing.setSubscription(tenant.tenantId, 'AAD_PREMIUM_P1', 1, 'add');
      upn = (await aUser(app, tenant.domains[0]!, { alternateEmail })).upn;
      const { user } = await app.services.users.findUserWithTenant(upn);
      await app.services.licensing.assignToUser(user, 'AAD_PREMIUM_P1', 'NL');
    },
    {},
    { localhost: true, javaScript: true },
  );

  beforeAll(async () => {
    if (!world.page) return;
    // The platform authenticator of this "phone": it keeps discoverable credentials and verifies the user.
    const cdp = await world.context.newCDPSession(world.page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
  });

  const clickAndWaitFor = async (name: string, pathname: string) => {
    await Promise.all([
      world.page.waitForURL((url) => url.pathname === pathname, { timeout: 30_000 }),
      world.page.getByRole('button', { name, exact: true }).click(),
    ]);
  };
  const heading = async (level: 1 | 2) =>
    (await world.page.getByRole('heading', { level }).first().textContent())?.trim();
  const codeFromOutbox = () => codeSentTo(world.app, world.tenant.tenantId, alternateEmail);

  it('creates a passkey on the security-info page and signs in with it, in English', async () => {
    expectChromium();
    const { page, app, baseUrl } = world;
    const tenantId = world.tenant.tenantId;
    await page.goto(`${baseUrl}/signin`);
    await page.getByLabel(en('signin.username')).fill(upn);
    await page.getByLabel(en('signin.password'), { exact: true }).fill(aPassword);
    await clickAndWaitFor(en('signin.submit'), '/account');
    // The "Add sign-in method" picker leads to each kind's own add page (issue 14 item 4).
    await page.goto(`${baseUrl}/account/security-info/add?kind=passkey`);
    await page.getByLabel(en('account.securityInfo.add.passkey.label')).fill('My phone');
    await clickAndWaitFor(en('account.securityInfo.add.passkey.submit'), '/account/security-info');
    await page.getByText(en('account.securityInfo.notice.passkey')).waitFor();
    expect(await page.getByText('My phone').count()).toBeGreaterThan(0);
    const { user } = await app.services.users.findUserWithTenant(upn);
    const [credential] = await app.store.passkeys.listForUser(tenantId, user.userId);
    expect(credential).toMatchObject({ userId: user.userId, transports: ['internal'] });

    await page.goto(`${baseUrl}/account`);
    await clickAndWaitFor(en('account.signout'), '/signin');
    await clickAndWaitFor(en('signin.passkey.submit'), '/account');
    expect(await page.getByText(upn).count()).toBeGreaterThan(0);
    expect((await app.store.passkeys.listForUser(tenantId, user.userId))[0]?.lastUsedAt).not.toBeNull();
    expect(world.cspViolations).toEqual([]);
  }, 90_000);

  it('passes the reset wizard\u2019s passkey gate, in Dutch', async () => {
    expectChromium();
    const { page, baseUrl } = world;
    await world.context.clearCookies();
    await page.goto(`${baseUrl}/passwordreset?mkt=nl-NL`);
    await page.getByLabel(nl('reset.start.username')).fill(upn);
    await page
      .getByRole('status')
      .filter({ hasText: nl('reset.captcha.done') })
      .waitFor({ timeout: 30_000 });
    await clickAndWaitFor(nl('reset.next'), '/passwordreset/flow');
    expect(await heading(2)).toBe(nl('reset.intent.heading'));
    await clickAndWaitFor(nl('reset.next'), '/passwordreset/flow');
    // The strong gate: a passkey holder passes it besides the emailed code.
    expect(await heading(2)).toBe(nl('reset.verify.step', { step: 1, total: 2 }));
    await clickAndWaitFor(nl('reset.action.passkey'), '/passwordreset/flow');
    expect(await page.getByText(nl('reset.passkey.intro')).count()).toBe(1);
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/verify')),
      page.getByRole('button', { name: nl('reset.passkey.submit'), exact: true }).click(),
    ]);
    await page.waitForLoadState('load');
    expect(await heading(2)).toBe(nl('reset.verify.step', { step: 2, total: 2 }));
    await clickAndWaitFor(nl('reset.action.email'), '/passwordreset/flow');
    // The URL does not change between wizard steps, so wait for the code field before reading the mailbox.
    const codeField = page.getByLabel(nl('reset.code.label'));
    await codeField.waitFor({ timeout: 30_000 });
    await codeField.fill(await codeFromOutbox());
    await clickAndWaitFor(nl('reset.next'), '/passwordreset/flow');
    expect(await heading(2)).toBe(nl('reset.password.heading'));
    expect(world.cspViolations).toEqual([]);
  }, 90_000);

  it('says plainly, without JavaScript, that a passkey needs it (Dutch)', async () => {
    expectChromium();
    const { baseUrl } = world;
    // A browser whose JavaScript is off shows the <noscript> line (a context with scripts off still parses it as on).
    const scriptless = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [...chromiumArgs, '--blink-settings=scriptEnabled=false'],
    });
    try {
      const quiet = await (await scriptless.newContext({ viewport: phone, isMobile: true })).newPage();
      await quiet.goto(`${baseUrl}/signin?mkt=nl-NL`);
      // (A CSS locator: Playwright's text engine skips <noscript> content even when it is rendered.)
      const notice = quiet.locator('section.passkey-signin noscript p');
      expect(await notice.isVisible()).toBe(true);
      expect((await notice.textContent())?.trim()).toBe(nl('passkey.needsJavaScript'));
      // Posted without the browser's answer, the form is refused in the same words.
      await Promise.all([
        quiet.waitForEvent('load'),
        quiet.getByRole('button', { name: nl('signin.passkey.submit'), exact: true }).click(),
      ]);
      expect(await quiet.getByRole('alert').textContent()).toContain(nl('passkey.needsJavaScript'));
    } finally {
      await scriptless.close();
    }
  });
});

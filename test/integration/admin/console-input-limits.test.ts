import { describe, expect, it } from 'vitest';
import { consoleBrowser } from '../../support/admin-http.js';
import { aUser } from '../../support/factories.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

/**
 * docs/admin-console.md: "Text inputs carry their limit as maxlength". Without it a long paste is silently cut (the
 * users search reads 113 characters) or refused only after the round trip (the log filters past 256 characters).
 * Every console page a Global Administrator reaches is read and each free-text field checked.
 */
describe.each(testDialects())('admin console: every text field carries its limit (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);
  const { aTenantWith, get } = consoleBrowser(ctx);

  it('gives every text input and text area on every console page a maxlength', async () => {
    const { domain, signedIn } = await aTenantWith();
    const admin = await signedIn(['Global Administrator']);
    const someone = await aUser(ctx.world.app, domain, { local: 'someone' });
    const tabs = [
      'properties',
      'authentication-methods',
      'registration',
      'notifications',
      'customization',
      'on-premises-integration',
      'password-expiry',
      'sms-budget',
      'administrator-policy',
      'usage-insights',
      'audit-logs',
      'sign-in-logs',
    ].map((slug) => `/admin/password-reset/${slug}`);
    const pages = [...tabs, '/admin/users', '/admin/users/new', `/admin/users/${someone.userId}`, '/admin/groups'];
    const unlimited: string[] = [];
    for (const page of pages) {
      const reply = await get(page, admin.cookie);
      expect(reply.statusCode, page).toBe(200);
      const fields = reply.body.match(/<input\b[^>]*>|<textarea\b[^>]*>/g) ?? [];
      for (const tag of fields) {
        const type = /\stype="([^"]*)"/.exec(tag)?.[1] ?? 'text';
        if (!tag.startsWith('<textarea') && !['text', 'search', 'email', 'tel', 'url'].includes(type)) continue;
        if (!/\smaxlength="\d+"/.test(tag)) unlimited.push(`${page}: ${/\sname="([^"]*)"/.exec(tag)?.[1] ?? tag}`);
      }
    }
    expect(unlimited).toEqual([]);
  });

  it('says the users search reads 113 characters, and the log filters 256', async () => {
    const { signedIn } = await aTenantWith();
    const reader = await signedIn(['Global Reader']);
    expect((await get('/admin/users', reader.cookie)).body).toMatch(/<input[^>]*name="q"[^>]*maxlength="113"/);
    expect((await get('/admin/password-reset/audit-logs', reader.cookie)).body).toMatch(
      /<input[^>]*name="target"[^>]*maxlength="256"/,
    );
    expect((await get('/admin/password-reset/sign-in-logs', reader.cookie)).body).toMatch(
      /<input[^>]*name="user"[^>]*maxlength="256"/,
    );
  });
});

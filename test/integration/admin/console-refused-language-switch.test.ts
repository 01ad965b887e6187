import { describe, expect, it } from 'vitest';
import { consoleBrowser } from '../../support/admin-http.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

/**
 * A refused form is answered in place, at the address it posted to. Several of those addresses take only a POST
 * (`…/sms-budget/settings`, `…/password-expiry/reminders`, `/admin/licenses/subscriptions`, the agent enrolment), and
 * the language switch of the refusal used to lead there: a GET that answered "not found". It must lead to the page
 * the form is on, in the other language.
 */
describe.each(testDialects())('admin console: the language switch of a refused form (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);
  const { aTenantWith, get, post, form } = consoleBrowser(ctx);

  const switchOf = (body: string) => {
    const href = /<nav class="lang"[^>]*><a href="([^"]+)"/.exec(body)?.[1];
    if (!href) throw new Error('no language switch');
    return href.replaceAll('&amp;', '&');
  };

  it('leads from every refused post to its page in the other language, never to a not-found page', async () => {
    const { signedIn } = await aTenantWith();
    const admin = await signedIn(['Global Administrator']);
    const refusals: Array<{ page: string; action: string; fields: Record<string, string> }> = [
      {
        page: '/admin/password-reset/sms-budget',
        action: '/admin/password-reset/sms-budget/settings',
        fields: { hourlyPhoneBudget: '0' },
      },
      {
        page: '/admin/password-reset/password-expiry',
        action: '/admin/password-reset/password-expiry/reminders',
        fields: { reminderDays: '99', sms: 'no', dailyCap: '10' },
      },
      {
        page: '/admin/licenses',
        action: '/admin/licenses/subscriptions',
        fields: { sku: 'AAD_PREMIUM_P1', seats: '-1' },
      },
      {
        page: '/admin/password-reset/on-premises-integration',
        action: '/admin/password-reset/on-premises-integration/agents',
        fields: { agentName: '' },
      },
    ];
    for (const { page, action, fields } of refusals) {
      const { token, cookie } = await form(`${page}?mkt=nl-NL`, admin.cookie);
      const refused = await post(`${action}?mkt=nl-NL`, cookie, { _csrf: token, ...fields });
      expect(refused.statusCode, action).toBeGreaterThanOrEqual(400);
      expect(refused.statusCode, action).toBeLessThan(500);
      expect(refused.body, action).toContain('<html lang="nl">');
      const other = switchOf(refused.body);
      expect(other, action).toBe(`${page}?mkt=en-US`);
      const english = await get(other, admin.cookie);
      expect(english.statusCode, other).toBe(200);
      expect(english.body).toContain('<html lang="en">');
    }
  });

  it('keeps a log page its own address and filters', async () => {
    const { signedIn } = await aTenantWith();
    const reader = await signedIn(['Global Reader']);
    const page = await get('/admin/password-reset/audit-logs?result=failure&mkt=nl-NL', reader.cookie);
    expect(switchOf(page.body)).toBe('/admin/password-reset/audit-logs?result=failure&mkt=en-US');
  });
});

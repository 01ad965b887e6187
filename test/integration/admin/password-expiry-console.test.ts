/**
 * The Password reset blade's "Password expiration" tab (issue #16): Global Administrators change a domain's expiry
 * and the reminders (post/redirect/get), Global Readers see the settings read-only, a Helpdesk Administrator does
 * not get the tab; a refused value comes back next to the form in the page's language with what was typed.
 */
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/core/html.js';
import { translate } from '../../../src/i18n/i18n.js';
import { signedInAs } from '../../support/admin-http.js';
import { formContext } from '../../support/http.js';
import { useHttpWorld } from '../../support/world.js';

const tab = '/admin/password-reset/password-expiry';

describe('password expiration tab', () => {
  const ctx = useHttpWorld('sqlite');
  const post = (url: string, cookie: string, fields: Record<string, string>) =>
    ctx.server.inject({
      method: 'POST',
      url,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    });

  it('lets a Global Administrator set a domain and the reminders, and keeps what was typed when refused', async () => {
    const { cookie } = await signedInAs(ctx, ['Global Administrator']);
    const form = await formContext(ctx.server, `${tab}?mkt=nl-NL`, cookie);
    expect(form.page.body).toContain(escapeHtml(translate('nl', 'admin.tab.passwordExpiry')));
    const refused = await post(`${tab}?mkt=nl-NL`, form.cookie, {
      _csrf: form.token,
      domain: ctx.domain,
      'd0-expires': 'days',
      'd0-days': '9999',
      'd0-notifyDays': '14',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(escapeHtml(translate('nl', 'admin.error.EXPIRY_DAYS_OUT_OF_RANGE')));
    expect(refused.body).toContain('value="9999"');
    const saved = await post(tab, form.cookie, {
      _csrf: form.token,
      domain: ctx.domain,
      'd0-expires': 'days',
      'd0-days': '90',
      'd0-notifyDays': '7',
    });
    expect([saved.statusCode, saved.headers.location]).toEqual([303, `${tab}?saved=1`]);
    const reminders = await post(`${tab}/reminders`, form.cookie, {
      _csrf: form.token,
      reminderDays: '7, 2',
      sms: 'yes',
      dailyCap: '500',
    });
    expect(reminders.statusCode).toBe(303);
    const view = await ctx.world.app.services.passwordExpiry.show(ctx.tenantId);
    expect(view.domains[0]).toMatchObject({ validityDays: 90, notifyDays: 7 });
    expect(view.reminders).toEqual({ reminderDays: [7, 2], smsReminders: true, dailyReminderCap: 500 });
    const [event] = await ctx.world.app.store.audit.list(ctx.tenantId, { activity: 'Update domain', limit: 1 });
    expect(event?.details).toMatchObject({ passwordValidityPeriodInDays: 90 });
  });

  it('shows a Global Reader the settings without a form to post, and no tab to a Helpdesk Administrator', async () => {
    const reader = await signedInAs(ctx, ['Global Reader']);
    const page = await ctx.server.inject({ url: tab, headers: { cookie: reader.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('name="_csrf"');
    expect(page.body).toContain(ctx.domain);
    const helpdesk = await signedInAs(ctx, ['Helpdesk Administrator']);
    expect((await ctx.server.inject({ url: tab, headers: { cookie: helpdesk.cookie } })).statusCode).toBe(403);
  });
});

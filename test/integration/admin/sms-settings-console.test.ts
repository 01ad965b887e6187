/**
 * The SMS budget tab's settings form, on both dialects: a writer of the policy saves the hourly budget, the send caps
 * and SMS notices through the PATCH API's service (the API shows them, the same audit event is written); bad input
 * comes back with 400 at each field (aria-invalid, aria-describedby, a summary linking to it, the stable code) and
 * everything typed, saving nothing; a reader sees the values without a form and a post of theirs is refused, as is
 * a post without the CSRF token.
 */
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/core/html.js';
import { translate } from '../../../src/i18n/i18n.js';
import { consoleBrowser } from '../../support/admin-http.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

const tab = '/admin/password-reset/sms-budget';
const activity = 'Self-service password reset policy changes';
const defaults = {
  allowedCountries: [],
  dailyCapPerNumber: 10,
  dailyCapPerTenant: 1000,
  hourlyCapPerPrefix: 20,
  hourlyCapPerIp: 60,
  hourlyPhoneBudget: 200,
  smsNotices: true,
};

describe.each(testDialects())('SMS budget tab settings form (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);
  const browser = consoleBrowser(ctx);
  const settingsApi = async (cookie: string) =>
    (await ctx.server.inject({ url: '/api/v1/admin/security-info-settings', headers: { cookie } })).json();
  const audits = (tenantId: string) => ctx.world.app.store.audit.list(tenantId, { activity });

  it('saves what a writer of the policy types: the API shows it, the breaker counts against it, audited', async () => {
    const { tenant, signedIn } = await browser.aTenantWith();
    const writer = await signedIn(['Authentication Policy Administrator']);
    const form = await browser.form(tab, writer.cookie);
    // Each number with its label, what it limits, its default and the value saved now; the notices checkbox.
    expect(form.page.body).toContain(escapeHtml(translate('en', 'admin.smsSettings.hourlyPhoneBudget')));
    expect(form.page.body).toContain('Default: 1,000. Saved now: 1,000.');
    expect(form.page.body).toMatch(/<input type="text" id="hourlyPhoneBudget" name="hourlyPhoneBudget" value="200"/);
    expect(form.page.body).toMatch(/id="smsNotices" name="smsNotices" value="on" [^>]*checked>/);
    expect(form.page.body).toContain(`action="${tab}/settings"`);

    const saved = await browser.post(`${tab}/settings`, form.cookie, {
      _csrf: form.token,
      hourlyPhoneBudget: '150',
      hourlyCapPerPrefix: '5',
      hourlyCapPerIp: ' 30 ',
      dailyCapPerNumber: '4',
      dailyCapPerTenant: '1000',
    });
    expect([saved.statusCode, saved.headers.location]).toEqual([303, `${tab}?saved=1`]);
    const changed = {
      ...defaults,
      hourlyPhoneBudget: 150,
      hourlyCapPerPrefix: 5,
      hourlyCapPerIp: 30,
      dailyCapPerNumber: 4,
      smsNotices: false,
    };
    expect(await settingsApi(writer.cookie)).toEqual(changed);
    expect((await browser.get(String(saved.headers.location), writer.cookie)).body).toContain(
      escapeHtml(translate('en', 'admin.saved')),
    );
    const after = await browser.get(`${tab}?mkt=nl-NL`, writer.cookie);
    expect(after.body).toContain('Dit uur: 0 van 150 sms-berichten en spraakoproepen.');
    expect(after.body).toContain('Standaard: 200. Nu opgeslagen: 150.');
    expect(after.body).not.toMatch(/id="smsNotices"[^>]*checked/);

    // The API's audit event: the settings changed, old and new, with the administrator as the actor.
    const [event, ...others] = await audits(tenant.tenantId);
    expect(others).toEqual([]);
    expect(event).toMatchObject({
      actor: { type: 'admin', upn: writer.user.upn },
      details: { hourlyPhoneBudget: '200 -> 150', smsNotices: 'true -> false' },
    });
    expect(event?.details).not.toHaveProperty('dailyCapPerTenant');
  });

  it('shows bad input again at each field with the stable code and what was typed, and saves nothing', async () => {
    const { tenant, signedIn } = await browser.aTenantWith();
    const writer = await signedIn(['Global Administrator']);
    for (const locale of ['en', 'nl'] as const) {
      const url = locale === 'nl' ? `${tab}/settings?mkt=nl-NL` : `${tab}/settings`;
      const form = await browser.form(locale === 'nl' ? `${tab}?mkt=nl-NL` : tab, writer.cookie);
      const refused = await browser.post(url, form.cookie, {
        _csrf: form.token,
        hourlyPhoneBudget: 'lots',
        hourlyCapPerPrefix: '0',
        hourlyCapPerIp: '',
        dailyCapPerNumber: '1000001',
        dailyCapPerTenant: '750',
        smsNotices: 'on',
      });
      expect(refused.statusCode).toBe(400);
      const body = refused.body;
      for (const field of ['hourlyPhoneBudget', 'hourlyCapPerPrefix', 'hourlyCapPerIp', 'dailyCapPerNumber']) {
        expect(body, field).toMatch(
          new RegExp(`id="${field}"[^>]* aria-invalid="true" aria-describedby="${field}-hint ${field}-error"`),
        );
        expect(body, field).toContain(`<a href="#${field}">`);
        expect(body, field).toContain(`<div class="field-error" id="${field}-error">`);
      }
      expect(body).toContain(
        escapeHtml(
          translate(locale, 'admin.smsSettings.invalid', {
            label: translate(locale, 'admin.smsSettings.hourlyPhoneBudget'),
            min: 1,
            max: locale === 'en' ? '1,000,000' : '1.000.000',
            code: 'SETTING_INVALID',
          }),
        ),
      );
      // What was typed, right or wrong, is kept; the valid field is not marked.
      for (const typed of [
        'value="lots"',
        'value="0"',
        'id="hourlyCapPerIp" name="hourlyCapPerIp" value=""',
        'value="1000001"',
        'value="750"',
      ])
        expect(body, typed).toContain(typed);
      expect(body).not.toMatch(/id="dailyCapPerTenant"[^>]*aria-invalid/);
      expect(body).toMatch(/id="smsNotices"[^>]*checked>/);
    }
    expect(await settingsApi(writer.cookie)).toEqual(defaults);
    expect(await audits(tenant.tenantId)).toEqual([]);
  });

  it('gives a reader the values without a form and refuses their post; a post without the CSRF token changes nothing', async () => {
    const { tenant, signedIn } = await browser.aTenantWith();
    const reader = await signedIn(['Global Reader']);
    const page = await browser.get(tab, reader.cookie);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('name="_csrf"');
    expect(page.body).not.toContain(`${tab}/settings`);
    expect(page.body).toMatch(
      /<fieldset class="bare" disabled>.*id="hourlyPhoneBudget" name="hourlyPhoneBudget" value="200"/s,
    );
    // A token from a page the reader may use does not open the form's route.
    const account = await browser.form('/account', reader.cookie);
    const fields = {
      hourlyPhoneBudget: '1',
      hourlyCapPerPrefix: '1',
      hourlyCapPerIp: '1',
      dailyCapPerNumber: '1',
      dailyCapPerTenant: '1',
    };
    const byReader = await browser.post(`${tab}/settings`, account.cookie, { _csrf: account.token, ...fields });
    expect(byReader.statusCode).toBe(403);

    const writer = await signedIn(['Authentication Policy Administrator']);
    await browser.form(tab, writer.cookie);
    const withoutToken = await browser.post(`${tab}/settings`, writer.cookie, fields);
    expect(withoutToken.statusCode).toBe(403);
    expect(withoutToken.body).toContain('CSRF_INVALID');
    expect(await settingsApi(writer.cookie)).toEqual(defaults);
    expect(await audits(tenant.tenantId)).toEqual([]);
  });
});

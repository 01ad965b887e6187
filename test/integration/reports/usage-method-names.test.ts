/**
 * Usage & insights names each method in the page's language, as the policy tabs and the user page do: the
 * registration part by kind of security info ("Alternatief e-mailadres"), the usage part by the gates that reset
 * passwords ("Mobiele telefoon (sms)"). It used to show the stored ids (`alternateEmail`, `mobileSms`) in English
 * and Dutch alike. The CSV keeps the ids.
 */
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/core/html.js';
import { translate, type MessageKey } from '../../../src/i18n/i18n.js';
import { auditEventOf } from '../../../src/services/audit/audit-recorder.js';
import { signedInAs } from '../../support/admin-http.js';
import { aTenant } from '../../support/factories.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

describe.each(testDialects())('console: Usage & insights method names (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);
  const page = (cookie: string, url: string) => ctx.server.inject({ url, headers: { accept: 'text/html', cookie } });
  const row = (name: string) => `<th scope="row">${name}</th>`;

  it('names registered methods and reset methods in words, in English and Dutch', async () => {
    const app = ctx.world.app;
    const tenant = await aTenant(app);
    const reader = await signedInAs(ctx, ['Reports Reader'], tenant.domains[0]);
    await app.services.licensing.setSubscription(tenant.tenantId, 'AAD_PREMIUM_P1', 5, 'add');
    const at = { now: () => new Date(Date.UTC(2026, 1, 10, 12)) };
    const reset = (methods: string) =>
      app.store.audit.append(
        auditEventOf(
          { clock: at, random: app.services.deps.random },
          {
            tenantId: tenant.tenantId,
            activity: 'resetPasswordSelfService',
            actor: { type: 'user', id: null, upn: 'u@x' },
            details: { methods },
          },
        ),
      );
    await reset('email,mobileSms');
    await reset('somethingElse');

    for (const locale of ['en', 'nl'] as const) {
      const words = (key: MessageKey) => escapeHtml(translate(locale, key));
      const tab = await page(
        reader.cookie,
        `/admin/password-reset/usage-insights?since=2026-02-01&until=2026-02-14&mkt=${locale === 'nl' ? 'nl-NL' : 'en-US'}`,
      );
      expect(tab.statusCode).toBe(200);
      for (const kind of ['alternateEmail', 'mobilePhone', 'authenticatorApp', 'temporaryAccessPass'] as const)
        expect(tab.body, `${locale} ${kind}`).toContain(row(words(`account.securityInfo.type.${kind}`)));
      expect(tab.body).toContain(row(words('admin.method.email')));
      expect(tab.body).toContain(row(words('admin.method.mobileSms')));
      // An id the console has no words for stays readable as it is.
      expect(tab.body).toContain(row('somethingElse'));
      for (const id of ['alternateEmail', 'mobilePhone', 'mobileSms']) expect(tab.body).not.toContain(row(id));
    }
  });
});

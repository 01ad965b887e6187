/** The console's Usage & insights, Audit logs and Sign-in logs tabs: roles, filters, paging, CSV links, en/nl. */
import { describe, expect, it } from 'vitest';
import { signedInAs } from '../../support/admin-http.js';
import { aPassword, aTenant, aUser } from '../../support/factories.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

describe.each(testDialects())('console: report tabs (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);
  const page = (cookie: string, url: string) => ctx.server.inject({ url, headers: { accept: 'text/html', cookie } });

  const setUp = async () => {
    const tenant = await aTenant(ctx.world.app);
    const domain = tenant.domains[0]!;
    return { tenant, domain, reader: await signedInAs(ctx, ['Reports Reader'], domain) };
  };

  it('shows the tabs to report readers only; Reports Reader sees no policy tab', async () => {
    const { domain, reader } = await setUp();
    const blade = await page(reader.cookie, '/admin/password-reset');
    expect(blade.statusCode).toBe(303);
    expect(blade.headers.location).toContain('/admin/password-reset/usage-insights');
    const usage = await page(reader.cookie, '/admin/password-reset/usage-insights');
    expect(usage.statusCode).toBe(200);
    expect(usage.body).toContain('href="/admin/password-reset/audit-logs"');
    expect(usage.body).not.toContain('href="/admin/password-reset/properties"');
    const helpdesk = await signedInAs(ctx, ['Helpdesk Administrator'], domain);
    for (const tab of ['usage-insights', 'audit-logs', 'sign-in-logs', 'siem-stream'])
      expect((await page(helpdesk.cookie, `/admin/password-reset/${tab}`)).statusCode, tab).toBe(403);
  });

  it('SIEM stream: says how to configure a destination when there is none, in English and Dutch', async () => {
    const { reader } = await setUp();
    const tab = await page(reader.cookie, '/admin/password-reset/siem-stream');
    expect(tab.statusCode).toBe(200);
    expect(tab.body).toContain('No SIEM destination is configured. Set SSPR_AUDIT_SYSLOG_URL');
    expect((await page(reader.cookie, '/api/v1/admin/siem/status')).json()).toEqual({ value: [] });
    const dutch = await page(reader.cookie, '/admin/password-reset/siem-stream?mkt=nl-NL');
    expect(dutch.body).toContain('SIEM-stroom');
    expect(dutch.body).toContain('Er is geen SIEM-bestemming ingesteld.');
  });

  it('Usage & insights: registration chart and table; usage says which licence it needs, then shows the chart', async () => {
    const { tenant, reader } = await setUp();
    const before = await page(reader.cookie, '/admin/password-reset/usage-insights');
    expect(before.body).toContain('<svg');
    expect(before.body).toContain('role="img"');
    expect(before.body).toMatch(/Users: 1\. Registered for self-service password reset: 0\./);
    expect(before.body).toContain('Usage needs a Microsoft Entra ID P1 or P2 licence');
    expect(before.body).toContain('AAD_PREMIUM_P1');
    await ctx.world.app.services.licensing.setSubscription(tenant.tenantId, 'AAD_PREMIUM_P1', 5, 'add');
    const after = await page(reader.cookie, '/admin/password-reset/usage-insights?since=2026-02-01&until=2026-02-08');
    expect(after.body).not.toContain('Usage needs');
    expect(after.body).toContain('Password resets and account unlocks per day');
    expect(after.body).toContain('<th scope="row">2026-02-07</th>');
    expect(after.body).toContain(
      'href="/api/v1/admin/reports/usage?since=2026-02-01&amp;until=2026-02-08&amp;format=csv"',
    );
    const dutch = await page(reader.cookie, '/admin/password-reset/usage-insights?mkt=nl-NL');
    expect(dutch.body).toContain('Gebruik en inzichten');
    expect(dutch.body).toContain('Wachtwoordherstel en accountontgrendeling per dag');
    const reversed = await page(
      reader.cookie,
      '/admin/password-reset/usage-insights?since=2026-02-08&until=2026-02-01',
    );
    expect(reversed.statusCode).toBe(200);
    expect(reversed.body).toContain('REPORT_RANGE_REVERSED');
  });

  it('Audit logs: filters by activity, user and result, pages, and links the CSV of the same filters', async () => {
    const { domain, reader } = await setUp();
    const users = await Promise.all(Array.from({ length: 55 }, () => aUser(ctx.world.app, domain)));
    const first = await page(reader.cookie, '/admin/password-reset/audit-logs?activity=Add+user');
    expect(first.statusCode).toBe(200);
    expect(first.body.match(/<tr><td>/g)).toHaveLength(50);
    expect(first.body).toContain('rel="next"');
    const second = await page(reader.cookie, '/admin/password-reset/audit-logs?activity=Add+user&skip=50');
    expect(second.body.match(/<tr><td>/g)).toHaveLength(56 - 50);
    expect(second.body).toContain('rel="prev"');
    const one = await page(
      reader.cookie,
      `/admin/password-reset/audit-logs?target=${encodeURIComponent(users[3]!.upn)}`,
    );
    expect(one.body.match(/<tr><td>/g)).toHaveLength(1);
    expect(one.body).toContain(`href="/api/v1/admin/audit?target=${encodeURIComponent(users[3]!.upn)}&amp;format=csv"`);
    expect((await page(reader.cookie, '/admin/password-reset/audit-logs?result=failure')).body).toContain(
      'No events match these filters.',
    );
    const bad = await page(reader.cookie, '/admin/password-reset/audit-logs?since=not-a-date');
    expect(bad.body).toContain('REPORT_DATE_INVALID');
    const dutch = await page(reader.cookie, '/admin/password-reset/audit-logs?mkt=nl-NL');
    expect(dutch.body).toContain('Auditlogboeken');
    expect(dutch.body).toContain('CSV downloaden');
  });

  it("says why a filter was refused in the page's language, the code only as a reference", async () => {
    const { tenant, reader } = await setUp();
    await ctx.world.app.services.licensing.setSubscription(tenant.tenantId, 'AAD_PREMIUM_P1', 5, 'add');
    const alert = (body: string) => /<p role="alert" class="error">(.*?)<\/p>/s.exec(body)?.[1] ?? '';
    const cases: Array<[string, string, string]> = [
      [
        'audit-logs?since=2026-02-08&until=2026-02-01',
        'De datum Vanaf moet vóór de datum Tot liggen.',
        'REPORT_RANGE_REVERSED',
      ],
      ['audit-logs?since=2026-13-45', 'Vul elke datum in als jaar-maand-dag', 'REPORT_DATE_INVALID'],
      ['audit-logs?activity=nope', 'Een filter is ongeldig.', 'VALIDATION_FAILED'],
      ['sign-in-logs?result=maybe', 'Een filter is ongeldig.', 'VALIDATION_FAILED'],
      [`sign-in-logs?user=${'y'.repeat(300)}`, 'Een filter is ongeldig.', 'VALIDATION_FAILED'],
      [
        'usage-insights?since=2020-01-01&until=2026-01-01',
        'Kies een periode van hoogstens 366 dagen.',
        'REPORT_PAGE_TOO_LARGE',
      ],
    ];
    for (const [query, dutch, code] of cases) {
      const refused = await page(reader.cookie, `/admin/password-reset/${query}&mkt=nl-NL`);
      expect(refused.statusCode, query).toBe(200);
      expect(alert(refused.body), query).toContain(dutch);
      expect(alert(refused.body), query).toContain(`Referentie: ${code}`);
      // The API's English developer message stays in the API.
      expect(refused.body, query).not.toMatch(/must be|spans at most/);
    }
    const english = await page(reader.cookie, '/admin/password-reset/sign-in-logs?since=2026-02-08&until=2026-02-01');
    expect(alert(english.body)).toContain('The From date must be before the Until date.');
  });

  it('Sign-in logs: shows attempts with their error codes, filtered by user', async () => {
    const { domain, reader } = await setUp();
    const user = await aUser(ctx.world.app, domain);
    await ctx.server.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: user.upn, password: 'Nope-Horse-1' },
    });
    await ctx.server.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: user.upn, password: aPassword },
    });
    const shown = await page(reader.cookie, `/admin/password-reset/sign-in-logs?user=${encodeURIComponent(user.upn)}`);
    expect(shown.body).toContain('<td>50126</td>');
    expect(shown.body.match(/<tr><td>/g)).toHaveLength(2);
    const failures = await page(
      reader.cookie,
      `/admin/password-reset/sign-in-logs?user=${encodeURIComponent(user.upn)}&result=failure`,
    );
    expect(failures.body.match(/<tr><td>/g)).toHaveLength(1);
  });
});

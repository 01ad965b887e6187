import { describe, expect, it } from 'vitest';
import { translate } from '../../../src/i18n/i18n.js';
import { consoleBrowser } from '../../support/admin-http.js';
import { aTenant, aUser } from '../../support/factories.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

/**
 * The admin console driven as a browser without JavaScript: the administrator policy, user search, groups, licences
 * and the Dutch console (split from admin-console.test.ts, which keeps access, the policy forms and CSRF).
 */
describe.each(testDialects())('admin console: users, groups, licences, Dutch (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);

  const { aTenantWith, get, post, form } = consoleBrowser(ctx);

  it('shows the administrator policy as it applies to the tenant', async () => {
    const { signedIn } = await aTenantWith();
    const reader = await signedIn(['Global Reader']);
    const page = await get('/admin/password-reset/administrator-policy', reader.cookie);
    expect(page.body).toContain(
      translate('en', 'admin.adminPolicy.twoGates', {
        reasons: translate('en', 'admin.adminPolicy.reason.establishedTenant'),
      }),
    );
    expect(page.body).toContain(translate('en', 'admin.adminPolicy.questions'));
    // A free tenant: no voice calls for its administrators.
    expect(page.body).toContain(translate('en', 'admin.adminPolicy.noVoice'));
  });

  it('finds users by UPN prefix a page at a time and explains their eligibility', async () => {
    const { tenant, domain, signedIn } = await aTenantWith();
    const helpdesk = await signedIn(['Helpdesk Administrator'], 'zz-helpdesk');
    for (let i = 0; i < 27; i += 1) await aUser(ctx.world.app, domain, { local: `staff${String(i).padStart(2, '0')}` });
    const outsider = await aUser(ctx.world.app, domain, { local: 'outsider' });
    const first = await get('/admin/users?q=STAFF', helpdesk.cookie);
    expect(first.body.match(/href="\/admin\/users\/[0-9a-f-]{36}"/g)).toHaveLength(25);
    expect(first.body).toContain('href="/admin/users?q=STAFF&amp;page=2"');
    const second = await get('/admin/users?q=STAFF&page=2', helpdesk.cookie);
    expect(second.body).toContain(`staff26@${domain}`);
    expect(second.body).not.toContain(`staff00@${domain}`);
    expect(second.body).not.toContain('rel="next"');

    await ctx.world.app.services.groups.createGroup(tenant.tenantId, 'SSPR pilot');
    await ctx.world.app.services.ssprPolicy.update(
      tenant.tenantId,
      { enabled: 'selected', selectedGroup: 'SSPR pilot' },
      { type: 'cli', id: null, upn: null },
    );
    const detail = await get(`/admin/users/${outsider.userId}`, helpdesk.cookie);
    expect(detail.statusCode).toBe(200);
    expect(detail.body).toContain('SSPR_0013');
    expect(detail.body).toContain(translate('en', 'admin.reason.SSPR_0013'));
    expect(detail.body).toContain(translate('en', 'admin.source.cloud'));
    expect(detail.body).toContain(translate('en', 'admin.user.noLicenses'));

    // Another tenant's user, or no UUID at all, is simply not found.
    const stranger = await aUser(ctx.world.app, (await aTenant(ctx.world.app)).domains[0]!);
    expect((await get(`/admin/users/${stranger.userId}`, helpdesk.cookie)).statusCode).toBe(404);
    expect((await get('/admin/users/not-a-uuid', helpdesk.cookie)).statusCode).toBe(404);
  });

  it('answers a search holding a NUL with the error page, never a 500 (issue #13 item 7)', async () => {
    const { signedIn } = await aTenantWith();
    const admin = await signedIn(['Global Administrator']);
    const response = await get(`/admin/users?q=${encodeURIComponent('a\u0000b')}`, admin.cookie);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('text/html');
  });

  it('shows groups with their direct members and nested groups', async () => {
    const { tenant, domain, signedIn } = await aTenantWith();
    const { groups } = ctx.world.app.services;
    const staff = await groups.createGroup(tenant.tenantId, 'Staff');
    const pilot = await groups.createGroup(tenant.tenantId, 'SSPR pilot');
    const member = await aUser(ctx.world.app, domain);
    await groups.addMember(tenant.tenantId, 'Staff', { upn: member.upn });
    await groups.addMember(tenant.tenantId, 'SSPR pilot', { group: 'Staff' });
    const admin = await signedIn(['User Administrator']);
    expect((await get('/admin/groups', admin.cookie)).body).toContain(`href="/admin/groups/${staff.groupId}"`);
    const page = await get(`/admin/groups/${pilot.groupId}`, admin.cookie);
    expect(page.body).toContain(`href="/admin/groups/${staff.groupId}">Staff</a>`);
    expect(page.body).toContain(translate('en', 'admin.group.type.group'));
    const inner = await get(`/admin/groups/${staff.groupId}`, admin.cookie);
    expect(inner.body).toContain(`href="/admin/users/${member.userId}">${member.upn}</a>`);
    expect(inner.body).toContain(`href="/admin/groups/${pilot.groupId}">SSPR pilot</a>`);
  });

  it('lets a License Administrator add seats and assign a group, and shows seats and errors', async () => {
    const { tenant, domain, signedIn } = await aTenantWith();
    const { groups } = ctx.world.app.services;
    await groups.createGroup(tenant.tenantId, 'Sales');
    const [first, second] = [
      await aUser(ctx.world.app, domain, { local: 'a-first' }),
      await aUser(ctx.world.app, domain, { local: 'b-second' }),
    ];
    await groups.addMember(tenant.tenantId, 'Sales', { upn: first.upn });
    await groups.addMember(tenant.tenantId, 'Sales', { upn: second.upn });
    const admin = await signedIn(['License Administrator']);
    const { token, cookie } = await form('/admin/licenses', admin.cookie);
    const badSeats = await post('/admin/licenses/subscriptions', cookie, {
      _csrf: token,
      sku: 'AAD_PREMIUM_P1',
      seats: 'many',
    });
    expect(badSeats.statusCode).toBe(400);
    expect(badSeats.body).toContain(translate('en', 'admin.error.SEATS_INVALID'));
    const added = await post('/admin/licenses/subscriptions', cookie, {
      _csrf: token,
      sku: 'AAD_PREMIUM_P1',
      seats: '1',
    });
    expect(added.headers.location).toBe('/admin/licenses?saved=subscription');
    const assignToSales = () =>
      post('/admin/licenses/group-assignments', cookie, { _csrf: token, assignSku: 'AAD_PREMIUM_P1', group: 'Sales' });
    const assigned = await assignToSales();
    expect(assigned.headers.location).toBe('/admin/licenses?saved=assignment');
    const again = await assignToSales();
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain(translate('en', 'admin.error.ASSIGNMENT_EXISTS'));

    const page = await get('/admin/licenses?saved=assignment', cookie);
    expect(page.body).toContain(translate('en', 'admin.licenses.saved.assignment'));
    expect(page.body).toMatch(
      /Microsoft Entra ID P1<br><span class="meta">AAD_PREMIUM_P1<\/span><\/td><td>1<\/td><td>1<\/td><td>0<\/td>/,
    );
    // Both joined with the group's assignment, so either may be the one left without a seat.
    const [error] = (await ctx.world.app.services.licensing.overview(tenant.tenantId))[0]!.errors;
    const unlucky = [first, second].find((u) => u.userId === error?.userId)!;
    expect(page.body).toContain(
      `href="/admin/users/${unlucky.userId}">${unlucky.upn}</a></td><td>Microsoft Entra ID P1</td><td>${translate('en', 'admin.licenseState.CountViolation')}`,
    );
    expect(await ctx.world.app.store.audit.list(tenant.tenantId, { activity: 'Change group license' })).toMatchObject([
      { actor: { upn: admin.user.upn } },
    ]);
    // The user page names the product as this page does, the SKU id below it (it used to show only the id).
    const reader = await signedIn(['Global Reader']);
    const userPage = await get(`/admin/users/${unlucky.userId}`, reader.cookie);
    expect(userPage.body).toContain('<td>Microsoft Entra ID P1<br><span class="meta">AAD_PREMIUM_P1</span></td>');
  });

  it("speaks Dutch with Microsoft's terms", async () => {
    const { signedIn } = await aTenantWith();
    const admin = await signedIn(['Global Administrator']);
    const page = await get('/admin/password-reset/properties?mkt=nl-NL', admin.cookie);
    expect(page.body).toContain('<html lang="nl">');
    for (const term of [
      'Wachtwoord opnieuw instellen',
      'Eigenschappen',
      'Verificatiemethoden',
      'Registratie',
      'Meldingen',
      'Aanpassing',
      'On-premises-integratie',
      'Beheerdersbeleid',
      'Selfservice voor wachtwoordherstel ingeschakeld',
      'Opslaan',
    ]) {
      expect(page.body, term).toContain(term);
    }
    expect(page.body).toContain('href="/admin/password-reset/registration?mkt=nl-NL"');
    expect(page.body).toContain('action="/admin/password-reset/properties?mkt=nl-NL"');
    expect(page.body).toContain('href="/admin/password-reset/properties?mkt=en-US"');
    const byHeader = await ctx.server.inject({
      url: '/admin/licenses',
      headers: { accept: 'text/html', 'accept-language': 'nl-NL', cookie: admin.cookie },
    });
    expect(byHeader.body).toContain('Abonnementen');
  });
});

import { describe, expect, it } from 'vitest';
import { translate } from '../../../src/i18n/i18n.js';
import { aPassword, aTenant, aUser } from '../../support/factories.js';
import { formContext, sessionCookie } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

/** The admin console driven as a browser without JavaScript: pages, forms, CSRF tokens, redirects. */
describe.each(testDialects())('admin console (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);
  const policyChanges = 'Self-service password reset policy changes';

  /** A fresh tenant per test, so the policy one test changes is not the next one's. */
  const aTenantWith = async () => {
    const tenant = await aTenant(ctx.world.app);
    const domain = tenant.domains[0]!;
    const signedIn = async (roles: string[], local?: string) => {
      const user = await aUser(ctx.world.app, domain, { roles, ...(local && { local }) });
      return { user, cookie: await sessionCookie(ctx.server, user.upn, aPassword) };
    };
    return { tenant, domain, signedIn };
  };
  const get = (url: string, cookie = '') =>
    ctx.server.inject({ url, headers: { accept: 'text/html', ...(cookie && { cookie }) } });
  const post = (url: string, cookie: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
    return ctx.server.inject({
      method: 'POST',
      url,
      headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
  };
  /** The CSRF token and cookies of a page's form, ready to post it. */
  const form = (url: string, cookie: string) => formContext(ctx.server, url, cookie);

  it('sends visitors to sign in, refuses non-admins with 403, and links admins to it from their account', async () => {
    const { signedIn } = await aTenantWith();
    expect((await get('/admin/password-reset/properties')).headers.location).toBe('/signin');
    const plain = await signedIn([]);
    for (const url of ['/admin', '/admin/password-reset/properties', '/admin/users', '/admin/licenses']) {
      const response = await get(url, plain.cookie);
      expect(response.statusCode, url).toBe(403);
      expect(response.body).toContain(translate('en', 'admin.forbidden.body').replace("'", '&#39;'));
    }
    expect((await get('/account', plain.cookie)).body).not.toContain('href="/admin"');
    // A role with no console area (Exchange) is no way in either.
    expect((await get('/admin', (await signedIn(['Exchange Administrator'])).cookie)).statusCode).toBe(403);

    const admin = await signedIn(['Global Administrator']);
    expect((await get('/account', admin.cookie)).body).toContain('href="/admin"');
    expect((await get('/admin', admin.cookie)).headers.location).toBe('/admin/password-reset');
    expect((await get('/admin/password-reset', admin.cookie)).headers.location).toBe(
      '/admin/password-reset/properties',
    );
  });

  it('shows a Global Reader everything read-only and refuses its posts', async () => {
    const { tenant, signedIn } = await aTenantWith();
    const reader = await signedIn(['Global Reader']);
    const page = await get('/admin/password-reset/authentication-methods', reader.cookie);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<fieldset class="bare" disabled>');
    expect(page.body).not.toContain('name="_csrf"');
    expect(page.body).not.toContain('<button type="submit">');
    expect(page.body).toContain('Authentication Policy Administrator');
    for (const url of [
      '/admin/users',
      '/admin/groups',
      '/admin/licenses',
      '/admin/password-reset/administrator-policy',
    ])
      expect((await get(url, reader.cookie)).statusCode, url).toBe(200);
    expect((await get('/admin/licenses', reader.cookie)).body).not.toContain('name="seats"');

    // A valid token (from the account page) does not make up for the missing role.
    const { token, cookie } = await form('/account', reader.cookie);
    const refused = await post('/admin/password-reset/authentication-methods', cookie, {
      _csrf: token,
      methodsRequired: '2',
      methods: ['email', 'mobileSms'],
      questionsToRegister: '3',
      questionsToReset: '3',
    });
    expect(refused.statusCode).toBe(403);
    expect(
      (await post('/admin/licenses/subscriptions', cookie, { _csrf: token, sku: 'AAD_PREMIUM_P1', seats: '5' }))
        .statusCode,
    ).toBe(403);
    expect((await ctx.world.app.services.ssprPolicy.policyOf(tenant.tenantId)).methodsRequired).toBe(1);
    expect(await ctx.world.app.services.licensing.overview(tenant.tenantId)).toEqual([]);
  });

  it('changes the policy through the forms, persists it and audits the admin as the actor', async () => {
    const { tenant, signedIn } = await aTenantWith();
    await ctx.world.app.services.groups.createGroup(tenant.tenantId, 'SSPR pilot');
    const admin = await signedIn(['Authentication Policy Administrator']);
    const properties = await form('/admin/password-reset/properties', admin.cookie);
    expect(properties.page.body).toContain('<option value="SSPR pilot">SSPR pilot</option>');
    const saved = await post('/admin/password-reset/properties', properties.cookie, {
      _csrf: properties.token,
      enabled: 'selected',
      selectedGroup: 'SSPR pilot',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/admin/password-reset/properties?saved=1');
    const after = await get(saved.headers.location as string, properties.cookie);
    expect(after.body).toContain(translate('en', 'admin.saved'));
    expect(after.body).toMatch(/id="enabled-selected" name="enabled" value="selected" checked/);
    expect(after.body).toContain('<option value="SSPR pilot" selected>');

    const methods = await post('/admin/password-reset/authentication-methods', properties.cookie, {
      _csrf: properties.token,
      methodsRequired: '2',
      methods: ['email', 'authenticatorCode'],
      questionsToRegister: '3',
      questionsToReset: '3',
    });
    expect(methods.statusCode).toBe(303);
    const helpdesk = await post('/admin/password-reset/customization', properties.cookie, {
      _csrf: properties.token,
      customizeHelpdesk: 'yes',
      helpdesk: 'helpdesk@contoso.example',
    });
    expect(helpdesk.statusCode).toBe(303);

    expect(await ctx.world.app.services.ssprPolicy.describe(tenant.tenantId)).toMatchObject({
      enabled: 'selected',
      selectedGroup: 'SSPR pilot',
      methodsRequired: 2,
      methods: ['email', 'authenticatorCode'],
      helpdesk: { kind: 'email', email: 'helpdesk@contoso.example' },
    });
    const events = await ctx.world.app.store.audit.list(tenant.tenantId, { activity: policyChanges });
    expect(events).toHaveLength(3);
    // The manual clock stands still, so the three events share a time: find each by what it changed.
    for (const event of events)
      expect(event.actor).toEqual({ type: 'admin', id: admin.user.userId, upn: admin.user.upn });
    expect(events.find((e) => 'enabled' in e.details)?.details).toEqual({
      enabled: '"all" -> "selected"',
      selectedGroupId: expect.stringMatching(/^null -> "[0-9a-f-]{36}"$/),
    });
    expect(events.find((e) => 'methodsRequired' in e.details)?.details).toMatchObject({ methodsRequired: '1 -> 2' });
    // The policy administrator does not manage licences.
    expect(
      (
        await post('/admin/licenses/subscriptions', properties.cookie, {
          _csrf: properties.token,
          sku: 'AAD_PREMIUM_P1',
          seats: '5',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('re-renders a refused change with 400 and every problem in the page language, and saves nothing', async () => {
    const { tenant, signedIn } = await aTenantWith();
    const admin = await signedIn(['Global Administrator']);
    const { token, cookie } = await form('/admin/password-reset/registration?mkt=nl-NL', admin.cookie);
    const tooMany = await post('/admin/password-reset/registration?mkt=nl-NL', cookie, {
      _csrf: token,
      requireRegistration: 'yes',
      reconfirmDays: '999',
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.body).toContain(translate('nl', 'admin.problem.RECONFIRM_RANGE'));
    expect(tooMany.body).toContain('role="alert"');
    expect(tooMany.body).toContain('value="999"');

    const methods = await post('/admin/password-reset/authentication-methods', cookie, {
      _csrf: token,
      methodsRequired: '2',
      methods: 'email',
      questionsToRegister: '3',
      questionsToReset: '4',
    });
    expect(methods.statusCode).toBe(400);
    expect(methods.body).toContain(translate('en', 'admin.problem.TOO_FEW_METHODS'));
    expect(methods.body).toContain(translate('en', 'admin.problem.QUESTIONS_ORDER'));
    const none = await post('/admin/password-reset/authentication-methods', cookie, {
      _csrf: token,
      methodsRequired: '1',
      questionsToRegister: '3',
      questionsToReset: '3',
    });
    expect(none.body).toContain(translate('en', 'admin.problem.NO_METHOD'));
    const noGroup = await post('/admin/password-reset/properties', cookie, {
      _csrf: token,
      enabled: 'selected',
      selectedGroup: '',
    });
    expect([noGroup.statusCode, noGroup.body.includes(translate('en', 'admin.problem.GROUP_REQUIRED'))]).toEqual([
      400,
      true,
    ]);
    const gone = await post('/admin/password-reset/properties', cookie, {
      _csrf: token,
      enabled: 'selected',
      selectedGroup: 'Deleted group',
    });
    expect(gone.statusCode).toBe(400);
    expect(gone.body).toContain(translate('en', 'admin.error.GROUP_NOT_FOUND').replace("'", '&#39;'));
    // A name no group can have (PostgreSQL refuses a NUL outright) is the same refusal, not a 500.
    expect(
      (
        await post('/admin/password-reset/properties', cookie, {
          _csrf: token,
          enabled: 'selected',
          selectedGroup: 'a\u0000b',
        })
      ).statusCode,
    ).toBe(400);
    const badUrl = await post('/admin/password-reset/customization', cookie, {
      _csrf: token,
      customizeHelpdesk: 'yes',
      helpdesk: 'javascript:alert(1)',
    });
    expect(badUrl.statusCode).toBe(400);
    // A tampered yes/no is a bad request, never a 500.
    expect(
      (
        await post('/admin/password-reset/notifications', cookie, {
          _csrf: token,
          notifyUsers: 'maybe',
          notifyAdmins: 'yes',
        })
      ).statusCode,
    ).toBe(400);

    expect(await ctx.world.app.store.audit.list(tenant.tenantId, { activity: policyChanges })).toEqual([]);
  });

  it('refuses a post without the CSRF token', async () => {
    const { tenant, signedIn } = await aTenantWith();
    const admin = await signedIn(['Global Administrator']);
    const { cookie } = await form('/admin/password-reset/registration', admin.cookie);
    const refused = await post('/admin/password-reset/registration', cookie, {
      requireRegistration: 'no',
      reconfirmDays: '90',
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('CSRF_INVALID');
    expect(await ctx.world.app.services.ssprPolicy.policyOf(tenant.tenantId)).toMatchObject({
      requireRegistration: true,
      reconfirmDays: 180,
    });
  });

  it('lets a Hybrid Identity Administrator change on-premises integration only', async () => {
    const { tenant, signedIn } = await aTenantWith();
    const hybrid = await signedIn(['Hybrid Identity Administrator']);
    expect((await get('/admin/password-reset', hybrid.cookie)).headers.location).toBe(
      '/admin/password-reset/on-premises-integration',
    );
    const { page, token, cookie } = await form('/admin/password-reset/on-premises-integration', hybrid.cookie);
    expect(page.body).toContain('password writeback has not been properly configured');
    expect(page.body).not.toContain('href="/admin/password-reset/properties"');
    expect((await get('/admin/password-reset/properties', hybrid.cookie)).statusCode).toBe(403);
    expect(
      (
        await post('/admin/password-reset/on-premises-integration', cookie, {
          _csrf: token,
          writeback: 'no',
          unlockWithoutReset: 'no',
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (
        await post('/admin/password-reset/registration', cookie, {
          _csrf: token,
          requireRegistration: 'no',
          reconfirmDays: '90',
        })
      ).statusCode,
    ).toBe(403);
    expect(await ctx.world.app.services.ssprPolicy.policyOf(tenant.tenantId)).toMatchObject({
      writeback: false,
      unlockWithoutReset: false,
      requireRegistration: true,
    });
  });

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
    const assigned = await post('/admin/licenses/group-assignments', cookie, {
      _csrf: token,
      assignSku: 'AAD_PREMIUM_P1',
      group: 'Sales',
    });
    expect(assigned.headers.location).toBe('/admin/licenses?saved=assignment');
    const again = await post('/admin/licenses/group-assignments', cookie, {
      _csrf: token,
      assignSku: 'AAD_PREMIUM_P1',
      group: 'Sales',
    });
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

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
});

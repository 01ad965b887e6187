import { describe, expect, it } from 'vitest';
import { signedInAs } from '../../support/admin-http.js';
import { aPassword, aTenant, aUser } from '../../support/factories.js';
import { sessionCookie, signInApi } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

describe.each(testDialects())('admin API: users, roles, groups (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);
  const signedIn = (roles: string[], domain = ctx.domain) => signedInAs(ctx, roles, domain);
  const call = (cookie: string, method: Method, url: string, payload?: object) =>
    ctx.server.inject({ method, url: `/api/v1/admin${url}`, headers: { cookie }, ...(payload && { payload }) });
  const enc = encodeURIComponent;
  let sequence = 0;
  const fresh = () => `m${Date.now().toString(36)}${(sequence++).toString(36)}`;

  it('gives each role only what Entra gives it (the route matrix)', async () => {
    const roles = [
      'Global Administrator',
      'Privileged Role Administrator',
      'Privileged Authentication Administrator',
      'User Administrator',
      'Helpdesk Administrator',
      'Password Administrator',
      'Authentication Administrator',
      'License Administrator',
      'Global Reader',
      'Security Administrator',
    ];
    const admins = new Map<string, string>();
    for (const role of roles) admins.set(role, (await signedIn([role])).cookie);
    admins.set('(no role)', (await signedIn([])).cookie);
    const target = await aUser(ctx.world.app, ctx.domain);
    const readers = [
      'Global Administrator',
      'Privileged Role Administrator',
      'Privileged Authentication Administrator',
      'User Administrator',
      'Helpdesk Administrator',
      'Password Administrator',
      'Authentication Administrator',
      'License Administrator',
      'Global Reader',
    ];
    const userManagers = ['Global Administrator', 'User Administrator'];
    const matrix: Array<{
      route: string;
      allowed: string[];
      status: number;
      request: () => Promise<[Method, string, object?]>;
    }> = [
      { route: 'list users', allowed: readers, status: 200, request: async () => ['GET', '/users'] },
      { route: 'role catalogue', allowed: readers, status: 200, request: async () => ['GET', '/roles'] },
      {
        route: 'create user',
        allowed: userManagers,
        status: 201,
        request: async () => ['POST', '/users', { upn: `${fresh()}@${ctx.domain}`, password: aPassword }],
      },
      {
        route: 'update user',
        allowed: userManagers,
        status: 200,
        request: async () => ['PATCH', `/users/${enc(target.upn)}`, { displayName: 'Adele Vance' }],
      },
      {
        route: 'delete user',
        allowed: userManagers,
        status: 204,
        request: async () => ['DELETE', `/users/${enc((await aUser(ctx.world.app, ctx.domain)).upn)}`],
      },
      {
        route: 'reset password',
        allowed: [
          'Global Administrator',
          'Privileged Authentication Administrator',
          'User Administrator',
          'Helpdesk Administrator',
          'Password Administrator',
          'Authentication Administrator',
        ],
        status: 200,
        request: async () => ['POST', `/users/${enc(target.upn)}/password`, {}],
      },
      {
        route: 'assign role',
        allowed: ['Global Administrator', 'Privileged Role Administrator'],
        status: 200,
        request: async () => ['PUT', `/users/${enc(target.upn)}/roles/ReportsReader`],
      },
      {
        route: 'list groups',
        allowed: ['Global Administrator', 'User Administrator', 'License Administrator', 'Global Reader'],
        status: 200,
        request: async () => ['GET', '/groups'],
      },
      {
        route: 'create group',
        allowed: userManagers,
        status: 201,
        request: async () => ['POST', '/groups', { name: fresh() }],
      },
      { route: 'list tokens', allowed: ['Global Administrator'], status: 200, request: async () => ['GET', '/tokens'] },
    ];
    const seen: string[] = [];
    for (const { route, allowed, status, request } of matrix) {
      for (const [role, cookie] of admins) {
        const [method, url, payload] = await request();
        const response = await call(cookie, method, url, payload);
        const expected = allowed.includes(role) ? status : 403;
        if (response.statusCode !== expected)
          seen.push(`${route} as ${role}: ${response.statusCode} ${response.body.slice(0, 120)}`);
        if (expected === 403) expect(response.json().code).toBe('FORBIDDEN');
      }
    }
    expect(seen).toEqual([]);
    // Removing ReportsReader again leaves the target a plain user for the other tests' sake.
    expect(
      (
        await call(admins.get('Global Administrator')!, 'DELETE', `/users/${enc(target.upn)}/roles/ReportsReader`)
      ).json().roles,
    ).toEqual([]);
  }, 120_000);

  it('lets a User Administrator manage users but not holders of privileged roles', async () => {
    const userAdmin = await signedIn(['User Administrator']);
    const global = await aUser(ctx.world.app, ctx.domain, { roles: ['Global Administrator'] });
    const roleAdmin = await aUser(ctx.world.app, ctx.domain, { roles: ['Privileged Role Administrator'] });
    const helpdesk = await aUser(ctx.world.app, ctx.domain, {
      roles: ['Helpdesk Administrator', 'Password Administrator'],
    });
    for (const privileged of [global, roleAdmin]) {
      expect(
        (await call(userAdmin.cookie, 'PATCH', `/users/${enc(privileged.upn)}`, { accountEnabled: false })).json().code,
      ).toBe('TARGET_TOO_PRIVILEGED');
      expect((await call(userAdmin.cookie, 'DELETE', `/users/${enc(privileged.upn)}`)).statusCode).toBe(403);
    }
    const patched = await call(userAdmin.cookie, 'PATCH', `/users/${enc(helpdesk.upn)}`, {
      displayName: 'Help Desk',
      surname: null,
      mobilePhone: '+31 6 87654321',
      alternateEmail: null,
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      displayName: 'Help Desk',
      surname: null,
      mobilePhone: '+31687654321',
      alternateEmail: null,
      roles: ['HelpdeskAdministrator', 'PasswordAdministrator'],
    });
    expect(patched.json()).not.toHaveProperty('passwordHash');
    const audit = (await ctx.world.app.store.audit.list(helpdesk.tenantId, { activity: 'Update user' })).filter(
      (e) => e.target?.id === helpdesk.userId,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: { type: 'admin', id: userAdmin.user.userId },
      details: { modifiedProperties: 'displayName,surname,mobilePhone,alternateEmail' },
    });
    expect(JSON.stringify(audit[0])).not.toContain('87654321');
    expect(
      (await call(userAdmin.cookie, 'PATCH', `/users/${enc(helpdesk.upn)}`, { mobilePhone: '12' })).json().code,
    ).toBe('PHONE_INVALID');
    expect(
      (await call(userAdmin.cookie, 'PATCH', `/users/${enc(helpdesk.upn)}`, { displayName: null })).statusCode,
    ).toBe(400);
    expect((await call(userAdmin.cookie, 'PATCH', `/users/${enc(helpdesk.upn)}`, {})).statusCode).toBe(400);
    expect(
      (await call(userAdmin.cookie, 'PUT', `/users/${enc(helpdesk.upn)}/roles/GlobalAdministrator`)).statusCode,
    ).toBe(403);
  });

  it('creates users with pre-populated security info, pages and searches them, and disables and deletes them', async () => {
    const tenant = await aTenant(ctx.world.app);
    const domain = tenant.domains[0]!;
    const admin = await signedIn(['Global Administrator'], domain);
    const created = await call(admin.cookie, 'POST', '/users', {
      upn: `megan@${domain}`,
      password: aPassword,
      givenName: 'Megan',
      surname: 'Bowen',
      usageLocation: 'nl',
      mobilePhone: '+31 6 12345678',
      officePhone: '+31 20 555 0100',
      alternateEmail: 'megan@home.example',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      upn: `megan@${domain}`,
      displayName: 'Megan Bowen',
      usageLocation: 'NL',
      mobilePhone: '+31612345678',
      officePhone: '+31205550100',
      roles: [],
      source: 'cloud',
    });
    expect(
      (await call(admin.cookie, 'POST', '/users', { upn: `megan@${domain}`, password: aPassword })).json().code,
    ).toBe('USER_EXISTS');
    expect((await call(admin.cookie, 'POST', '/users', { upn: `x@${domain}`, password: 'password' })).json().code).toBe(
      'PASSWORD_POLICY_VIOLATION',
    );
    expect(
      (await call(admin.cookie, 'POST', '/users', { upn: `x@${ctx.domain}`, password: aPassword })).json().code,
    ).toBe('UPN_DOMAIN_NOT_VERIFIED');
    expect(
      (
        await call(admin.cookie, 'POST', '/users', {
          upn: `x@${domain}`,
          password: aPassword,
          roles: ['GlobalAdministrator'],
        })
      ).statusCode,
    ).toBe(400);
    for (const local of ['alex', 'adele', 'patti']) await aUser(ctx.world.app, domain, { local });

    const page = (query: string) =>
      call(admin.cookie, 'GET', `/users${query}`).then((r) =>
        r.json<{ users: Array<{ upn: string }>; nextSkip: number | null }>(),
      );
    const locals = (body: { users: Array<{ upn: string }> }) => body.users.map((u) => u.upn.split('@')[0]);
    const first = await page('?top=2');
    expect([locals(first), first.nextSkip]).toEqual([['adele', 'alex'], 2]);
    const second = await page(`?top=2&skip=${first.nextSkip}`);
    expect(locals(second)).toEqual(['megan', 'patti']);
    expect(second.nextSkip).toBe(4);
    expect(locals(await page('?search=MEGAN%20b'))).toEqual(['megan']);
    expect(locals(await page('?search=al'))).toEqual(['alex']);
    expect((await call(admin.cookie, 'GET', '/users?top=201')).json().code).toBe('VALIDATION_FAILED');
    expect((await call(admin.cookie, 'GET', '/users?top=abc')).statusCode).toBe(400);

    const megan = await sessionCookie(ctx.server, `megan@${domain}`, aPassword);
    expect(
      (await call(admin.cookie, 'PATCH', `/users/megan@${domain}`, { accountEnabled: false })).json(),
    ).toMatchObject({ accountEnabled: false });
    expect((await ctx.server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: megan } })).statusCode).toBe(
      401,
    );
    expect((await signInApi(ctx.server, `megan@${domain}`, aPassword)).json().code).toBe('ACCOUNT_DISABLED');
    expect((await call(admin.cookie, 'DELETE', `/users/megan@${domain}`)).statusCode).toBe(204);
    expect((await call(admin.cookie, 'DELETE', `/users/megan@${domain}`)).json().code).toBe('USER_NOT_FOUND');
    expect((await ctx.world.app.store.audit.list(tenant.tenantId, { activity: 'Delete user' }))[0]).toMatchObject({
      actor: { type: 'admin', id: admin.user.userId },
      target: { name: `megan@${domain}` },
    });
  });

  it('recomputes licences when the usage location changes and when a member leaves a group', async () => {
    const tenant = await aTenant(ctx.world.app);
    const domain = tenant.domains[0]!;
    const admin = await signedIn(['Global Administrator'], domain);
    const user = await aUser(ctx.world.app, domain);
    await call(admin.cookie, 'PUT', '/licenses/AAD_PREMIUM_P1', { seats: 5 });
    await call(admin.cookie, 'POST', '/licenses/AAD_PREMIUM_P1/assignments', { upn: user.upn, usageLocation: 'NL' });
    const licences = async () => (await call(admin.cookie, 'GET', `/users/${enc(user.upn)}`)).json().licenses;
    expect(await licences()).toEqual([{ sku: 'AAD_PREMIUM_P1', state: 'active', assignedVia: 'direct' }]);
    await call(admin.cookie, 'PATCH', `/users/${enc(user.upn)}`, { usageLocation: null });
    expect(await licences()).toEqual([
      { sku: 'AAD_PREMIUM_P1', state: 'UsageLocationRequired', assignedVia: 'direct' },
    ]);
    await call(admin.cookie, 'DELETE', `/licenses/AAD_PREMIUM_P1/users/${enc(user.upn)}`);

    expect((await call(admin.cookie, 'POST', '/groups', { name: 'Staff' })).statusCode).toBe(201);
    expect((await call(admin.cookie, 'POST', '/groups', { name: 'Everyone' })).statusCode).toBe(201);
    expect((await call(admin.cookie, 'POST', '/groups/Staff/members', { upn: user.upn })).json().member).toMatchObject({
      type: 'user',
      name: user.upn,
    });
    expect((await call(admin.cookie, 'POST', '/groups/Everyone/members', { group: 'Staff' })).statusCode).toBe(200);
    expect((await call(admin.cookie, 'POST', '/groups/Staff/members', { group: 'Everyone' })).json().code).toBe(
      'GROUP_CYCLE',
    );
    expect(
      (await call(admin.cookie, 'POST', '/groups/Staff/members', { upn: user.upn, group: 'Everyone' })).json().code,
    ).toBe('VALIDATION_FAILED');
    await call(admin.cookie, 'POST', '/licenses/AAD_PREMIUM_P1/assignments', { group: 'Staff' });
    expect(await licences()).toEqual([{ sku: 'AAD_PREMIUM_P1', state: 'active', assignedVia: 'Staff' }]);
    expect((await call(admin.cookie, 'GET', '/groups')).json().groups.map((g: { name: string }) => g.name)).toEqual([
      'Everyone',
      'Staff',
    ]);
    expect((await call(admin.cookie, 'GET', '/groups/staff')).json().members).toEqual([
      { type: 'user', id: user.userId, name: user.upn },
    ]);

    expect((await call(admin.cookie, 'DELETE', `/groups/Staff/members/user/${enc(user.upn)}`)).json()).toMatchObject({
      group: 'Staff',
      removed: true,
    });
    expect(await licences()).toEqual([]);
    expect((await call(admin.cookie, 'DELETE', `/groups/Staff/members/user/${enc(user.upn)}`)).json().code).toBe(
      'MEMBER_NOT_FOUND',
    );
    expect((await call(admin.cookie, 'DELETE', '/groups/Staff/members/robot/x')).statusCode).toBe(400);
    expect(
      (await ctx.world.app.store.audit.list(tenant.tenantId, { activity: 'Remove member from group' }))[0],
    ).toMatchObject({ actor: { id: admin.user.userId }, details: { memberName: user.upn } });

    await call(admin.cookie, 'PATCH', '/sspr-policy', { enabled: 'selected', selectedGroup: 'Everyone' });
    expect((await call(admin.cookie, 'DELETE', '/groups/Everyone')).json().code).toBe('GROUP_IN_USE');
    expect((await call(admin.cookie, 'DELETE', '/groups/Staff')).statusCode).toBe(204);
    expect((await call(admin.cookie, 'GET', '/groups/Everyone')).json().members).toEqual([]);
    expect((await call(admin.cookie, 'GET', '/groups/Staff')).json().code).toBe('GROUP_NOT_FOUND');
  });
});

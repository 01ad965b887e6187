/**
 * The admin API's role assignment, password resets by admins, hostile names and tenant isolation (split from
 * admin-users.test.ts, which keeps the route matrix and user and group management).
 */
import { describe, expect, it } from 'vitest';
import { signedInAs } from '../../support/admin-http.js';
import { aPassword, aTenant, aUser } from '../../support/factories.js';
import { sessionCookie, signInApi } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

describe.each(testDialects())('admin API: roles, password resets, tenant isolation (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);
  const signedIn = (roles: string[], domain = ctx.domain) => signedInAs(ctx, roles, domain);
  const call = (cookie: string, method: Method, url: string, payload?: object) =>
    ctx.server.inject({ method, url: `/api/v1/admin${url}`, headers: { cookie }, ...(payload && { payload }) });
  const enc = encodeURIComponent;

  it('assigns roles (Global and Privileged Role Administrators) and keeps one enabled Global Administrator', async () => {
    const tenant = await aTenant(ctx.world.app);
    const domain = tenant.domains[0]!;
    const global = await signedIn(['Global Administrator'], domain);
    const roleAdmin = await signedIn(['Privileged Role Administrator'], domain);
    const user = await aUser(ctx.world.app, domain);
    const assigned = await call(
      roleAdmin.cookie,
      'PUT',
      `/users/${enc(user.upn)}/roles/${enc('Helpdesk Administrator')}`,
    );
    expect(assigned.json().roles).toEqual(['HelpdeskAdministrator']);
    expect(
      (await call(roleAdmin.cookie, 'PUT', `/users/${enc(user.upn)}/roles/HelpdeskAdministrator`)).statusCode,
    ).toBe(200);
    expect(await ctx.world.app.store.audit.list(tenant.tenantId, { activity: 'Add member to role' })).toHaveLength(3);
    expect((await call(roleAdmin.cookie, 'PUT', `/users/${enc(user.upn)}/roles/Overlord`)).json().code).toBe(
      'ROLE_UNKNOWN',
    );
    expect((await call(roleAdmin.cookie, 'DELETE', `/users/${enc(user.upn)}/roles/GlobalReader`)).json().code).toBe(
      'ROLE_NOT_ASSIGNED',
    );
    expect(
      (await call(roleAdmin.cookie, 'DELETE', `/users/${enc(user.upn)}/roles/HelpdeskAdministrator`)).json().roles,
    ).toEqual([]);
    expect(
      (await ctx.world.app.store.audit.list(tenant.tenantId, { activity: 'Remove member from role' }))[0],
    ).toMatchObject({ actor: { id: roleAdmin.user.userId }, details: { role: 'HelpdeskAdministrator' } });

    const self = `/users/${enc(global.user.upn)}`;
    expect((await call(global.cookie, 'DELETE', `${self}/roles/GlobalAdministrator`)).json().code).toBe(
      'LAST_GLOBAL_ADMIN',
    );
    expect((await call(global.cookie, 'PATCH', self, { accountEnabled: false })).json().code).toBe('LAST_GLOBAL_ADMIN');
    expect((await call(global.cookie, 'DELETE', self)).json().code).toBe('LAST_GLOBAL_ADMIN');
    expect((await call(roleAdmin.cookie, 'PUT', `/users/${enc(user.upn)}/roles/GlobalAdministrator`)).statusCode).toBe(
      200,
    );
    expect((await call(global.cookie, 'DELETE', `${self}/roles/GlobalAdministrator`)).json().roles).toEqual([]);
  });

  it('keeps one enabled Global Administrator when two are disabled, deleted or demoted at once', async () => {
    const changes: Array<[Method, (upn: string) => string, object?]> = [
      ['PATCH', (upn) => `/users/${enc(upn)}`, { accountEnabled: false }],
      ['DELETE', (upn) => `/users/${enc(upn)}`],
      ['DELETE', (upn) => `/users/${enc(upn)}/roles/GlobalAdministrator`],
    ];
    for (const [method, url, payload] of changes) {
      const tenant = await aTenant(ctx.world.app);
      const domain = tenant.domains[0]!;
      const [a, b] = [
        await signedIn(['Global Administrator'], domain),
        await signedIn(['Global Administrator'], domain),
      ];
      // Each removes the other in the same instant: only one of them may succeed.
      const answers = await Promise.all([
        call(a.cookie, method, url(b.user.upn), payload),
        call(b.cookie, method, url(a.user.upn), payload),
      ]);
      expect(
        answers.every((r) => r.statusCode < 500),
        `${method} ${url('x')}`,
      ).toBe(true);
      expect(
        await ctx.world.app.store.users.listEnabledRoleHolders(tenant.tenantId, 'GlobalAdministrator'),
        `${method} ${url('x')}`,
      ).toHaveLength(1);
    }
  });

  it('resets passwords per Entra’s table, revoking sessions and clearing smart lockout', async () => {
    const tenant = await aTenant(ctx.world.app);
    const domain = tenant.domains[0]!;
    const helpdesk = await signedIn(['Helpdesk Administrator'], domain);
    const passwordAdmin = await signedIn(['Password Administrator'], domain);
    const userAdmin = await signedIn(['User Administrator'], domain);
    const privilegedAuth = await signedIn(['Privileged Authentication Administrator'], domain);
    const holder = async (roles: string[]) => aUser(ctx.world.app, domain, { roles });
    const reset = (cookie: string, upn: string, payload: object = {}) =>
      call(cookie, 'POST', `/users/${enc(upn)}/password`, payload);
    const cases: Array<[string, { cookie: string }, string[], number]> = [
      ['helpdesk → Password Administrator', helpdesk, ['Password Administrator'], 200],
      ['helpdesk → Helpdesk Administrator', helpdesk, ['Helpdesk Administrator'], 200],
      ['helpdesk → User Administrator', helpdesk, ['User Administrator'], 403],
      ['helpdesk → Global Administrator', helpdesk, ['Global Administrator'], 403],
      ['helpdesk → Global Reader', helpdesk, ['Global Reader'], 403],
      ['password admin → Helpdesk Administrator', passwordAdmin, ['Helpdesk Administrator'], 403],
      ['password admin → Password Administrator', passwordAdmin, ['Password Administrator'], 200],
      ['user admin → User + Helpdesk Administrator', userAdmin, ['User Administrator', 'Helpdesk Administrator'], 200],
      ['user admin → Privileged Role Administrator', userAdmin, ['Privileged Role Administrator'], 403],
      [
        'user admin → Helpdesk + Security Administrator',
        userAdmin,
        ['Helpdesk Administrator', 'Security Administrator'],
        403,
      ],
      ['privileged authentication admin → Global Administrator', privilegedAuth, ['Global Administrator'], 200],
    ];
    const outcomes: string[] = [];
    for (const [name, actor, roles, status] of cases) {
      const response = await reset(actor.cookie, (await holder(roles)).upn);
      if (response.statusCode !== status) outcomes.push(`${name}: ${response.statusCode}`);
      if (status === 403) expect(response.json().code).toBe('TARGET_TOO_PRIVILEGED');
    }
    expect(outcomes).toEqual([]);
    expect((await reset(helpdesk.cookie, helpdesk.user.upn)).json().code).toBe('OWN_PASSWORD_RESET');

    const user = await holder([]);
    const session = await sessionCookie(ctx.server, user.upn, aPassword);
    for (let i = 0; i < 10; i++) await signInApi(ctx.server, user.upn, `Wrong-Password-${i}`);
    expect((await signInApi(ctx.server, user.upn, aPassword)).json().code).toBe('ACCOUNT_LOCKED');
    const weak = await reset(helpdesk.cookie, user.upn, { password: 'password1' });
    expect(weak.json()).toMatchObject({
      code: 'PASSWORD_POLICY_VIOLATION',
      violations: expect.arrayContaining([{ code: 'PASSWORD_BANNED', list: 'global' }]),
    });
    // Audit events list newest first; a second between resets keeps their order certain.
    ctx.world.clock.advance(1);
    const generated = await reset(helpdesk.cookie, user.upn);
    expect(generated.statusCode).toBe(200);
    const { temporaryPassword, revokedSessions } = generated.json();
    expect(temporaryPassword).toMatch(/^([A-Z2-9#][a-z2-9#]{4}-){3}[A-Z2-9#][a-z2-9#]{4}$/);
    expect(revokedSessions).toBe(1);
    expect(
      (await ctx.server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: session } })).statusCode,
    ).toBe(401);
    expect((await signInApi(ctx.server, user.upn, temporaryPassword)).statusCode).toBe(200);
    expect((await signInApi(ctx.server, user.upn, aPassword)).statusCode).toBe(401);
    ctx.world.clock.advance(1);
    const chosen = await reset(helpdesk.cookie, user.upn, { password: 'Kq7#vLmz-Rw2' });
    expect(chosen.json()).toEqual({ upn: user.upn, revokedSessions: 1, forceChangePasswordNextSignIn: true });
    expect((await signInApi(ctx.server, user.upn, 'Kq7#vLmz-Rw2')).statusCode).toBe(200);
    const audit = await ctx.world.app.store.audit.list(tenant.tenantId, { activity: 'Reset user password' });
    expect(audit.filter((e) => e.target?.id === user.userId).map((e) => e.details)).toEqual([
      { revokedSessions: 1, generated: false, forceChangePasswordNextSignIn: true },
      { revokedSessions: 1, generated: true, forceChangePasswordNextSignIn: true },
    ]);
    expect(audit[0]).toMatchObject({
      service: 'Core Directory',
      category: 'UserManagement',
      actor: { type: 'admin', id: helpdesk.user.userId },
      target: { id: user.userId },
    });
    expect(JSON.stringify(audit)).not.toContain(temporaryPassword);

    const synced = await ctx.world.app.services.users.createUser({
      upn: `synced@${domain}`,
      password: aPassword,
      source: 'synced',
    });
    expect((await reset(helpdesk.cookie, synced.upn)).json().code).toBe('PASSWORD_NOT_MANAGED_HERE');
  });

  it('answers names no group or user can have with 4xx, never a 500 (PostgreSQL refuses NUL)', async () => {
    const admin = await signedIn(['Global Administrator']);
    await call(admin.cookie, 'POST', '/groups', { name: 'Nul probe' });
    const nul = 'a\u0000b';
    const attempts: Array<[Method, string, object?]> = [
      ['GET', `/groups/${enc(nul)}`],
      ['DELETE', `/groups/${enc(nul)}`],
      ['POST', `/groups/${enc(nul)}/members`, { upn: admin.user.upn }],
      ['POST', `/groups/${enc('Nul probe')}/members`, { upn: nul }],
      ['POST', `/groups/${enc('Nul probe')}/members`, { group: nul }],
      ['DELETE', `/groups/${enc('Nul probe')}/members/user/${enc(nul)}`],
      ['DELETE', `/groups/${enc('Nul probe')}/members/group/${enc(nul)}`],
    ];
    for (const [method, url, payload] of attempts) {
      const response = await call(admin.cookie, method, url, payload);
      expect(response.statusCode, `${method} ${url}`).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, `${method} ${url}`).toBeLessThan(500);
    }
    // A search holding a NUL is refused like every other NUL input (issue #13 item 7).
    const search = await call(admin.cookie, 'GET', `/users?search=${enc(nul)}`);
    expect(search.statusCode).toBe(400);
    expect(search.json().code).toBe('VALIDATION_FAILED');
  });

  it('treats another tenant’s users and groups as not found', async () => {
    const admin = await signedIn(['Global Administrator']);
    const other = await aTenant(ctx.world.app);
    const stranger = await aUser(ctx.world.app, other.domains[0]!);
    await ctx.world.app.services.groups.createGroup(other.tenantId, 'Their group');
    const upn = enc(stranger.upn);
    const attempts: Array<[Method, string, object?]> = [
      ['PATCH', `/users/${upn}`, { displayName: 'Mine now' }],
      ['DELETE', `/users/${upn}`],
      ['POST', `/users/${upn}/password`, {}],
      ['PUT', `/users/${upn}/roles/GlobalAdministrator`],
      ['DELETE', `/users/${upn}/roles/GlobalAdministrator`],
      ['GET', `/groups/${enc('Their group')}`],
      ['DELETE', `/groups/${enc('Their group')}`],
      ['POST', `/groups/${enc('Their group')}/members`, { upn: stranger.upn }],
      ['DELETE', `/groups/${enc('Their group')}/members/user/${upn}`],
    ];
    for (const [method, url, payload] of attempts)
      expect((await call(admin.cookie, method, url, payload)).statusCode, `${method} ${url}`).toBe(404);
    await call(admin.cookie, 'POST', '/groups', { name: 'Ours' });
    expect((await call(admin.cookie, 'POST', '/groups/Ours/members', { upn: stranger.upn })).json().code).toBe(
      'USER_NOT_FOUND',
    );
    expect(
      (await call(admin.cookie, 'GET', '/users?search=user'))
        .json()
        .users.some((u: { upn: string }) => u.upn === stranger.upn),
    ).toBe(false);
    expect(await ctx.world.app.store.users.findById(other.tenantId, stranger.userId)).toMatchObject({
      displayName: 'Adele Vance',
      roles: [],
    });
  });
});

import { describe, expect, it } from 'vitest';
import { signedInAs } from '../../support/admin-http.js';
import { aPassword, aTenant, aUser } from '../../support/factories.js';
import { sessionCookie } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

describe.each(testDialects())('admin API tokens (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);
  const enc = encodeURIComponent;
  const signedIn = (roles: string[], domain = ctx.domain) => signedInAs(ctx, roles, domain);
  const withCookie = (cookie: string, method: Method, url: string, payload?: object) =>
    ctx.server.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload && { payload }) });
  const withToken = (
    token: string,
    method: Method,
    url: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) =>
    ctx.server.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${token}`, ...headers },
      ...(payload && { payload }),
    });
  const createToken = async (cookie: string, body: object) => {
    const response = await withCookie(cookie, 'POST', '/admin/tokens', body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{
      token: string;
      tokenId: string;
      name: string;
      roles: string[];
      expiresAt: string;
      status: string;
    }>();
  };

  it('creates a token shown once, stores only its keyed hash, and acts with its roles on admin routes only', async () => {
    const global = await signedIn(['Global Administrator']);
    const created = await createToken(global.cookie, {
      name: 'HR sync',
      roles: ['user administrator', 'GlobalReader'],
      expiresInDays: 30,
    });
    expect(created).toMatchObject({
      name: 'HR sync',
      roles: ['UserAdministrator', 'GlobalReader'],
      status: 'active',
      expiresAt: '2026-03-31T09:00:00.000Z',
      createdBy: global.user.userId,
    });
    expect(created.token).toMatch(new RegExp(`^sspr_${created.tokenId}_[A-Za-z0-9_-]{43}$`));
    const stored = await ctx.world.app.store.apiTokens.findById(created.tokenId);
    const secret = created.token.split('_').slice(2).join('_');
    expect(stored?.tokenHash).toBeDefined();
    expect(JSON.stringify(stored)).not.toContain(secret);
    const listed = (await withCookie(global.cookie, 'GET', '/admin/tokens')).json().tokens;
    expect(listed.find((t: { tokenId: string }) => t.tokenId === created.tokenId)).toMatchObject({
      status: 'active',
      lastUsedAt: null,
    });
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(JSON.stringify(listed)).not.toContain('tokenHash');

    const upn = `hr-${created.tokenId.slice(0, 8)}@${ctx.domain}`;
    const made = await withToken(created.token, 'POST', '/admin/users', {
      upn,
      password: aPassword,
      mobilePhone: '+31 6 12345678',
    });
    expect(made.statusCode, made.body).toBe(201);
    const audit = await ctx.world.app.store.audit.list(global.user.tenantId, { activity: 'Add user' });
    expect(audit.find((e) => e.target?.name === upn)?.actor).toEqual({
      type: 'admin',
      id: created.tokenId,
      upn: 'HR sync',
    });
    expect((await withToken(created.token, 'GET', `/admin/users?search=${enc(upn)}`)).json().users).toHaveLength(1);
    expect((await withToken(created.token, 'GET', '/admin/sspr-policy')).statusCode).toBe(200);
    expect((await withToken(created.token, 'PATCH', '/admin/sspr-policy', { methodsRequired: 2 })).json().code).toBe(
      'FORBIDDEN',
    );
    expect(
      (await withToken(created.token, 'PUT', `/admin/users/${enc(upn)}/roles/GlobalAdministrator`)).json().code,
    ).toBe('FORBIDDEN');
    expect(
      (await withToken(created.token, 'POST', `/admin/users/${enc(global.user.upn)}/password`, {})).json().code,
    ).toBe('TARGET_TOO_PRIVILEGED');
    const reset = await withToken(created.token, 'POST', `/admin/users/${enc(upn)}/password`);
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json().temporaryPassword).toBeDefined();
    // A token is never a user session, and never manages tokens.
    expect((await withToken(created.token, 'GET', '/me')).statusCode).toBe(401);
    expect((await withToken(created.token, 'GET', '/admin/tokens')).statusCode).toBe(403);
    const allPowerful = await createToken(global.cookie, { name: 'break-glass', roles: ['Global Administrator'] });
    expect(
      (
        await withToken(allPowerful.token, 'POST', '/admin/tokens', {
          name: 'successor',
          roles: ['GlobalAdministrator'],
        })
      ).json().code,
    ).toBe('FORBIDDEN');
    expect(allPowerful.expiresAt).toBe('2026-05-30T09:00:00.000Z');
    // The API's CSRF rules still hold for bearer requests.
    expect(
      (
        await withToken(
          created.token,
          'PATCH',
          `/admin/users/${enc(upn)}`,
          { displayName: 'X' },
          { origin: 'https://evil.example' },
        )
      ).json().code,
    ).toBe('CROSS_ORIGIN_REFUSED');
    const form = await ctx.server.inject({
      method: 'POST',
      url: '/api/v1/admin/groups',
      headers: { authorization: `Bearer ${created.token}`, 'content-type': 'text/plain' },
      payload: 'name=x',
    });
    expect(form.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const used = (await ctx.world.app.store.apiTokens.findById(created.tokenId))!;
    expect(used.lastUsedAt).toBe('2026-03-01T09:00:00.000Z');
  });

  it('refuses wrong, malformed, revoked and expired tokens with 401', async () => {
    const global = await signedIn(['Global Administrator']);
    const created = await createToken(global.cookie, { name: 'ops', roles: ['Global Reader'], expiresInDays: 1 });
    const valid = await withToken(created.token, 'GET', '/admin/users');
    expect(valid.statusCode).toBe(200);
    const last = created.token.at(-1) === 'A' ? 'B' : 'A';
    const wrongSecret = `${created.token.slice(0, -1)}${last}`;
    const otherId = created.token.replace(created.tokenId, crypto.randomUUID());
    for (const bad of [wrongSecret, otherId, 'sspr_nonsense', created.token.slice(0, -2)]) {
      const response = await withToken(bad, 'GET', '/admin/users');
      expect(response.statusCode, bad).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    }
    const basic = await ctx.server.inject({
      method: 'GET',
      url: '/api/v1/admin/users',
      headers: { authorization: 'Basic YWRtaW46YWRtaW4=', cookie: global.cookie },
    });
    expect(basic.statusCode).toBe(401);

    const revoked = await withCookie(global.cookie, 'DELETE', `/admin/tokens/${created.tokenId}`);
    expect(revoked.json()).toMatchObject({
      tokenId: created.tokenId,
      status: 'revoked',
      revokedAt: '2026-03-01T09:00:00.000Z',
    });
    expect((await withToken(created.token, 'GET', '/admin/users')).statusCode).toBe(401);
    expect((await withCookie(global.cookie, 'DELETE', `/admin/tokens/${created.tokenId}`)).json().code).toBe(
      'API_TOKEN_NOT_FOUND',
    );
    expect((await withCookie(global.cookie, 'DELETE', '/admin/tokens/not-a-token')).json().code).toBe(
      'API_TOKEN_NOT_FOUND',
    );
    const activities = (await ctx.world.app.store.audit.list(global.user.tenantId))
      .filter((e) => e.target?.id === created.tokenId)
      .map((e) => [e.activity, e.actor.id]);
    expect(activities).toEqual(
      expect.arrayContaining([
        ['Add service principal credentials', global.user.userId],
        ['Remove service principal credentials', global.user.userId],
      ]),
    );

    const shortLived = await createToken(global.cookie, { name: 'short', roles: ['GlobalReader'], expiresInDays: 1 });
    ctx.world.clock.advance(86_400 - 1);
    expect((await withToken(shortLived.token, 'GET', '/admin/roles')).statusCode).toBe(200);
    ctx.world.clock.advance(1);
    expect((await withToken(shortLived.token, 'GET', '/admin/roles')).statusCode).toBe(401);
    const again = await sessionCookie(ctx.server, global.user.upn, aPassword);
    expect(
      (await withCookie(again, 'GET', '/admin/tokens'))
        .json()
        .tokens.find((t: { tokenId: string }) => t.tokenId === shortLived.tokenId).status,
    ).toBe('expired');
  });

  it('lets only a Global Administrator manage tokens, validates input, and keeps tenants apart', async () => {
    const userAdmin = await signedIn(['User Administrator']);
    expect(
      (await withCookie(userAdmin.cookie, 'POST', '/admin/tokens', { name: 'x', roles: ['GlobalReader'] })).json().code,
    ).toBe('FORBIDDEN');
    expect((await withCookie(userAdmin.cookie, 'GET', '/admin/tokens')).statusCode).toBe(403);
    const global = await signedIn(['Global Administrator']);
    const bad: Array<[object, string]> = [
      [{ name: 'x', roles: ['Overlord'] }, 'ROLE_UNKNOWN'],
      [{ name: 'x', roles: [] }, 'VALIDATION_FAILED'],
      [{ name: 'x', roles: ['GlobalReader'], expiresInDays: 366 }, 'VALIDATION_FAILED'],
      [{ name: 'x', roles: ['GlobalReader'], expiresInDays: 0 }, 'VALIDATION_FAILED'],
      [{ name: ' ', roles: ['GlobalReader'] }, 'NAME_INVALID'],
      [{ name: 'x', roles: ['GlobalReader'], extra: true }, 'VALIDATION_FAILED'],
    ];
    for (const [body, code] of bad)
      expect((await withCookie(global.cookie, 'POST', '/admin/tokens', body)).json().code, JSON.stringify(body)).toBe(
        code,
      );

    const other = await aTenant(ctx.world.app);
    const otherAdmin = await signedIn(['Global Administrator'], other.domains[0]);
    const theirs = await createToken(otherAdmin.cookie, { name: 'theirs', roles: ['Global Administrator'] });
    const stranger = await aUser(ctx.world.app, ctx.domain);
    expect((await withCookie(global.cookie, 'DELETE', `/admin/tokens/${theirs.tokenId}`)).json().code).toBe(
      'API_TOKEN_NOT_FOUND',
    );
    expect(
      (await withCookie(global.cookie, 'GET', '/admin/tokens'))
        .json()
        .tokens.some((t: { tokenId: string }) => t.tokenId === theirs.tokenId),
    ).toBe(false);
    for (const [method, url, payload] of [
      ['GET', `/admin/users/${enc(stranger.upn)}`],
      ['PATCH', `/admin/users/${enc(stranger.upn)}`, { displayName: 'x' }],
      ['POST', `/admin/users/${enc(stranger.upn)}/password`, {}],
      ['DELETE', `/admin/users/${enc(stranger.upn)}`],
    ] as Array<[Method, string, object?]>) {
      expect((await withToken(theirs.token, method, url, payload)).statusCode, `${method} ${url}`).toBe(404);
    }
    expect(
      (await withToken(theirs.token, 'GET', '/admin/users')).json().users.map((u: { upn: string }) => u.upn),
    ).toEqual([otherAdmin.user.upn]);
  });
});

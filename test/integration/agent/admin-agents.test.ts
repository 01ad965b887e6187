/**
 * On-premises agents managed from the admin API and the console, on both store dialects: who may enrol, list,
 * revoke and rotate (Global / Hybrid Identity Administrators write, Global Readers read, with a session or an API
 * token), tenant isolation, the token shown once and never stored, the audit, and Entra's writeback client lines
 * for an up-to-date, out-of-date and unsupported agent as its heartbeat reports them.
 */
import { describe, expect, it } from 'vitest';
import { createRsaEnvelope } from '../../../src/adapters/agent/rsa-envelope.js';
import { cliActor } from '../../../src/services/audit/audit-recorder.js';
import { onPremisesTabVisitors, signedInAs } from '../../support/admin-http.js';
import { aTenant } from '../../support/factories.js';
import { formContext } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

// Moved off the package version so every status can be reached: 0.3.x current, 0.2.x outdated, older unsupported.
const agentVersions = { current: '0.3.0', minimum: '0.2.0' };
const keys = createRsaEnvelope().generateKeyPair();

describe.each(testDialects())('admin API and console: on-premises agents (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect, {
    overrides: { agentVersions, agentTiming: { pollWaitMs: 50, checkIntervalMs: 10 } },
  });
  const signedIn = (roles: string[], domain = ctx.domain) => signedInAs(ctx, roles, domain);
  const call = (headers: Record<string, string>, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    ctx.server.inject({ method, url: `/api/v1/admin/agents${url}`, headers, ...(payload && { payload }) });
  const agentCall = (token: string, path: 'heartbeat' | 'poll', payload: object) =>
    ctx.server.inject({
      method: 'POST',
      url: `/api/v1/agent/${path}`,
      headers: { authorization: `Bearer ${token}` },
      payload: { publicKey: keys.publicKey, ...payload },
    });

  it('lets Global and Hybrid Identity Administrators enrol, rotate and revoke, and Global Readers list', async () => {
    const hybrid = await signedIn(['Hybrid Identity Administrator']);
    const reader = await signedIn(['Global Reader']);
    const helpdesk = await signedIn(['Helpdesk Administrator']);
    const as = (who: { cookie: string }) => ({ cookie: who.cookie });

    expect((await call(as(helpdesk), 'GET', '')).json()).toMatchObject({ code: 'FORBIDDEN' });
    expect((await call(as(reader), 'POST', '', { name: 'Amsterdam DC' })).statusCode).toBe(403);
    const created = await call(as(hybrid), 'POST', '', { name: 'Amsterdam DC' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const enrolled = created.json();
    expect(enrolled).toMatchObject({
      name: 'Amsterdam DC',
      status: 'notConnected',
      keyPinned: false,
      upgradeTo: null,
      token: expect.stringMatching(/^sspra_/),
    });
    expect(created.body).not.toContain('tokenHash');
    expect(created.body).not.toContain('PRIVATE KEY');

    const listed = await call(as(reader), 'GET', '');
    expect(listed.statusCode).toBe(200);
    const { token: _token, ...view } = enrolled;
    expect(listed.json()).toEqual({ agents: [view] });
    expect(listed.body).not.toContain(enrolled.token);
    const stored = await ctx.world.app.store.agents.findById(enrolled.agentId);
    expect(stored?.tokenHash).not.toContain(enrolled.token.split('.')[1]);

    expect((await call(as(reader), 'POST', `/${enrolled.agentId}/rotate-keys`)).statusCode).toBe(403);
    expect((await call(as(hybrid), 'POST', `/${enrolled.agentId}/rotate-keys`)).json()).toEqual({
      agentId: enrolled.agentId,
      rotated: true,
    });
    expect((await call(as(reader), 'DELETE', `/${enrolled.agentId}`)).statusCode).toBe(403);
    expect((await call(as(hybrid), 'DELETE', `/${enrolled.agentId}`)).statusCode).toBe(204);
    const again = await call(as(hybrid), 'DELETE', `/${enrolled.agentId}`);
    expect([again.statusCode, again.json().code, again.headers['content-type']]).toEqual([
      404,
      'AGENT_NOT_FOUND',
      'application/problem+json; charset=utf-8',
    ]);
    expect((await agentCall(enrolled.token, 'heartbeat', { version: '0.3.0' })).json()).toMatchObject({
      code: 'AGENT_UNAUTHORIZED',
    });
    expect((await call(as(reader), 'GET', '')).json().agents[0]).toMatchObject({
      status: 'revoked',
      message: expect.stringContaining('revoked'),
    });

    const activities = (await ctx.world.app.store.audit.list(ctx.tenantId, {})).filter(
      (e) => e.target?.type === 'agent',
    );
    expect(activities.map((e) => [e.activity, e.actor.upn])).toEqual(
      expect.arrayContaining([
        ['Register on-premises agent', hybrid.user.upn],
        ['Rotate on-premises agent keys', hybrid.user.upn],
        ['Remove on-premises agent', hybrid.user.upn],
      ]),
    );
    expect(JSON.stringify(activities)).not.toContain(enrolled.token);
  });

  it("works with an API token, refuses a bad name, and treats another tenant's agent as not found", async () => {
    const global = await signedIn(['Global Administrator']);
    const apiToken = await ctx.server.inject({
      method: 'POST',
      url: '/api/v1/admin/tokens',
      headers: { cookie: global.cookie },
      payload: { name: 'agents', roles: ['Hybrid Identity Administrator'] },
    });
    const bearer = { authorization: `Bearer ${apiToken.json().token}` };
    const created = await call(bearer, 'POST', '', { name: 'Rotterdam' });
    expect(created.statusCode, created.body).toBe(201);
    expect((await call(bearer, 'POST', '', { name: '   ' })).json()).toMatchObject({
      status: 400,
      code: 'NAME_INVALID',
    });
    expect((await call(bearer, 'POST', '', { name: 'x', extra: 1 })).json()).toMatchObject({
      code: 'VALIDATION_FAILED',
    });

    const other = await aTenant(ctx.world.app);
    const theirs = await ctx.world.app.services.agents.enroll(other.tenantId, 'theirs', cliActor);
    expect((await call(bearer, 'GET', '')).json().agents.map((a: { agentId: string }) => a.agentId)).not.toContain(
      theirs.agentId,
    );
    expect((await call(bearer, 'DELETE', `/${theirs.agentId}`)).json()).toMatchObject({ code: 'AGENT_NOT_FOUND' });
    expect((await call(bearer, 'POST', `/${theirs.agentId}/rotate-keys`)).statusCode).toBe(404);
    expect((await ctx.world.app.services.agents.list(other.tenantId))[0]).toMatchObject({
      status: 'notConnected',
      revokedAt: null,
    });
  });

  it("reports Entra's up-to-date, out-of-date and unsupported lines from the heartbeat, and refuses an unsupported agent", async () => {
    const tenant = await aTenant(ctx.world.app);
    const { token, agentId } = await ctx.world.app.services.agents.enroll(tenant.tenantId, 'Utrecht', cliActor);
    const statusOf = async () =>
      (await ctx.world.app.services.agents.list(tenant.tenantId)).find((a) => a.agentId === agentId)!;

    expect((await agentCall(token, 'heartbeat', { version: '0.3.1' })).statusCode).toBe(200);
    expect(await statusOf()).toMatchObject({
      status: 'connected',
      message: 'Your on-premises writeback client is up and running.',
      upgradeTo: null,
    });
    expect((await agentCall(token, 'heartbeat', { version: '0.2.0' })).statusCode).toBe(200);
    expect((await agentCall(token, 'poll', {})).statusCode).toBe(200);
    expect(await statusOf()).toMatchObject({
      status: 'outdated',
      version: '0.2.0',
      upgradeTo: '0.3.0',
      message: expect.stringContaining('However, the installed version of the OpenSSPR agent is out-of-date'),
    });

    for (const version of ['0.1.9', '0.2.0-rc.1', 'dev']) {
      const refused = await agentCall(token, 'heartbeat', { version });
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({
        code: 'AGENT_OUTDATED',
        version,
        minimumVersion: '0.2.0',
        currentVersion: '0.3.0',
      });
      expect(await statusOf()).toMatchObject({
        status: 'unsupported',
        version,
        upgradeTo: '0.3.0',
        message: expect.stringContaining("We can't check your on-premises writeback client status"),
      });
      expect((await agentCall(token, 'poll', {})).json()).toMatchObject({ code: 'AGENT_OUTDATED' });
    }
    // Even long after its last heartbeat, an unsupported agent reads "can't check", not "can't connect".
    ctx.world.clock.advance(3600);
    expect((await statusOf()).status).toBe('unsupported');
    expect((await agentCall(token, 'heartbeat', { version: '0.3.0' })).statusCode).toBe(200);
    expect((await statusOf()).status).toBe('connected');
    ctx.world.clock.advance(3600);
    expect((await statusOf()).status).toBe('notConnected');
  });

  it('lets a writer enrol, rotate and revoke on the On-premises integration tab; readers only see the list (EN/NL)', async () => {
    const { tenant, hybrid, reader, tab, get } = await onPremisesTabVisitors(ctx);
    const { page, token: csrf, cookie } = await formContext(ctx.server, tab, hybrid.cookie);
    expect(page.body).toContain('No agent is enrolled.');
    expect(page.body).toContain(`action="${tab}/agents"`);
    const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
      ctx.server.inject({
        method: 'POST',
        url: `${tab}${path}`,
        payload: new URLSearchParams(fields).toString(),
        headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...headers },
      });

    expect((await post('/agents', { agentName: 'Den Haag' })).statusCode).toBe(403);
    expect((await post('/agents', { _csrf: csrf, agentName: '' })).body).toContain(
      'Enter a name of 1 to 128 characters.',
    );
    // The browser keeps a name to the limit; one pasted past the form limit by hand is refused with a way back
    // into the console, not to the portal's sign-in.
    expect(page.body).toContain('name="agentName" value="" aria-describedby="agentName-hint" maxlength="128"');
    const pasted = await post('/agents', { _csrf: csrf, agentName: 'x'.repeat(3000) });
    expect(pasted.statusCode).toBe(400);
    expect(pasted.body).toContain('<a class="button" href="/admin">');
    // The command names the configured public URL, whatever Host the request came with.
    // Post/redirect/get: the token is shown once on the page the post names, and a reload enrols nothing.
    const posted = await post('/agents', { _csrf: csrf, agentName: 'Den Haag' }, { host: 'evil.example' });
    expect(posted.statusCode).toBe(303);
    const [agent] = await ctx.world.app.services.agents.list(tenant.tenantId);
    expect(agent).toMatchObject({ name: 'Den Haag', status: 'notConnected' });
    const location = String(posted.headers.location);
    expect(location).toBe(`${tab}/agents/${agent!.agentId}/enrolled`);
    const flash = /(?:__Host-)?sspr_flash=[^;]*/.exec(String(posted.headers['set-cookie']))?.[0];
    expect(flash).toBeDefined();
    const enrolled = await ctx.server.inject({
      url: location,
      headers: { cookie: `${cookie}; ${flash}`, accept: 'text/html', host: 'evil.example' },
    });
    expect(enrolled.statusCode).toBe(200);
    expect(enrolled.headers['cache-control']).toBe('no-store');
    const token = /--token (sspra_[0-9a-f-]{36}\.[A-Za-z0-9_-]+)/.exec(enrolled.body)?.[1];
    expect(location).not.toContain(token!);
    expect(enrolled.body).toContain(`sspr agent --server http://127.0.0.1:3000 --token ${token}`);
    expect(enrolled.body).not.toContain('evil.example');
    const reloaded = await ctx.server.inject({ url: location, headers: { cookie, accept: 'text/html' } });
    expect(reloaded.statusCode).toBe(200);
    expect(reloaded.body).not.toContain(token!);
    expect(reloaded.body).toContain(
      'The agent Den Haag was enrolled. Its token was already shown, or the time to show it',
    );
    expect(await ctx.world.app.services.agents.list(tenant.tenantId)).toHaveLength(1);

    expect((await agentCall(token!, 'heartbeat', { version: '0.2.5' })).statusCode).toBe(200);
    const listed = await get(tab, hybrid.cookie);
    expect(listed.body).not.toContain(token);
    expect(listed.body).toContain('Den Haag · version 0.2.5 · last heartbeat');
    expect(listed.body).toContain('Please upgrade the agent to version 0.3.0.');
    expect(listed.body).toContain(`name="agentId" value="${agent!.agentId}"`);
    const readerPage = await get(`${tab}?mkt=nl-NL`, reader.cookie);
    expect(readerPage.body).toContain('De geïnstalleerde versie van de OpenSSPR-agent (0.2.5) is echter verouderd.');
    expect(readerPage.body).not.toContain('name="agentId"');
    expect(readerPage.body).not.toContain('name="agentName"');
    expect(
      (await post('/agents/revoke', { _csrf: csrf, agentId: agent!.agentId }, { cookie: reader.cookie })).statusCode,
    ).toBe(403);

    const other = await ctx.world.app.services.agents.enroll(ctx.tenantId, 'not yours', cliActor);
    expect((await post('/agents/revoke', { _csrf: csrf, agentId: other.agentId })).statusCode).toBe(404);
    const rotated = await post('/agents/rotate-keys', { _csrf: csrf, agentId: agent!.agentId });
    expect([rotated.statusCode, rotated.headers.location]).toEqual([303, `${tab}?saved=rotated`]);
    expect((await get(`${tab}?saved=rotated`, hybrid.cookie)).body).toContain('were rotated.');
    expect((await post('/agents/revoke', { _csrf: csrf, agentId: agent!.agentId })).statusCode).toBe(303);
    expect((await get(tab, hybrid.cookie)).body).toContain('this agent was revoked.');
    expect(
      (await ctx.world.app.services.agents.list(ctx.tenantId)).find((a) => a.agentId === other.agentId)?.status,
    ).toBe('notConnected');
  });

  it('gives the console agent forms and list the admin API roles: a policy writer gets 403 and sees no agent, a Security Administrator no list', async () => {
    const tenant = await aTenant(ctx.world.app);
    const domain = tenant.domains[0]!;
    const { agentId } = await ctx.world.app.services.agents.enroll(tenant.tenantId, 'Leiden', cliActor);
    const policyAdmin = await signedIn(['Authentication Policy Administrator'], domain);
    const security = await signedIn(['Security Administrator'], domain);
    const tab = '/admin/password-reset/on-premises-integration';
    // The policy writer may change the tab's writeback switches, so the page gives it a CSRF token to post with.
    const { page, token: csrf, cookie } = await formContext(ctx.server, tab, policyAdmin.cookie);
    expect(page.statusCode).toBe(200);
    for (const body of [
      page.body,
      (await ctx.server.inject({ url: tab, headers: { accept: 'text/html', cookie: security.cookie } })).body,
    ]) {
      expect(body).not.toContain('Leiden');
      expect(body).not.toContain('name="agentName"');
      expect(body).not.toContain('name="agentId"');
    }
    expect((await call({ cookie: policyAdmin.cookie }, 'GET', '')).statusCode).toBe(403);
    for (const [path, fields] of [
      ['/agents', { agentName: 'Stolen' }],
      ['/agents/revoke', { agentId }],
      ['/agents/rotate-keys', { agentId }],
    ] as const) {
      const refused = await ctx.server.inject({
        method: 'POST',
        url: `${tab}${path}`,
        payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
        headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(refused.statusCode, path).toBe(403);
      expect(refused.body).not.toContain('sspra_');
    }
    expect(await ctx.world.app.services.agents.list(tenant.tenantId)).toEqual([
      expect.objectContaining({ agentId, name: 'Leiden', revokedAt: null, keyPinned: false }),
    ]);
  });
});

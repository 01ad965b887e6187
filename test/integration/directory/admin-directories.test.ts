/**
 * The admin API for on-premises directory connections against a private slapd, on both dialects: who may
 * read and write (Global / Hybrid Identity Administrator write, Global Reader reads), tenant isolation, the
 * test endpoint's outcomes, and the bind password never coming back or lying in the store in clear.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPremisesTabVisitors, signedInAs } from '../../support/admin-http.js';
import { aTenant } from '../../support/factories.js';
import { formContext } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { baseDn, serviceDn, servicePassword, startSlapd, type Slapd } from '../../support/slapd.js';
import { useHttpWorld } from '../../support/world.js';

let slapd: Slapd;
beforeAll(async () => {
  slapd = await startSlapd({ tls: true });
});
afterAll(async () => slapd?.stop());

describe.each(testDialects())('admin API: directory connections (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);
  const signedIn = (roles: string[], domain = ctx.domain) => signedInAs(ctx, roles, domain);
  const call = (cookie: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    ctx.server.inject({
      method,
      url: `/api/v1/admin/directories${url}`,
      headers: { cookie },
      ...(payload && { payload }),
    });
  // The CA file is the operator's (CLI only), so over the API the server's own trust store decides.
  const body = (password = servicePassword) => ({
    type: 'openldap',
    url: slapd.url,
    startTls: true,
    bindDn: serviceDn,
    bindPassword: password,
    baseDn,
    protectedGroups: [`cn=staff,ou=groups,${baseDn}`],
  });

  it('lets Global and Hybrid Identity Administrators manage connections and Global Readers read them', async () => {
    const hybrid = await signedIn(['Hybrid Identity Administrator']);
    const reader = await signedIn(['Global Reader']);
    const helpdesk = await signedIn(['Helpdesk Administrator']);
    const global = await signedIn(['Global Administrator']);

    expect((await call(helpdesk.cookie, 'GET', '')).statusCode).toBe(403);
    expect((await call(reader.cookie, 'POST', '', body())).statusCode).toBe(403);
    const created = await call(hybrid.cookie, 'POST', '', body());
    expect(created.statusCode, created.body).toBe(201);
    const connection = created.json();
    expect(connection).toMatchObject({
      type: 'openldap',
      url: slapd.url,
      startTls: true,
      mode: 'passwordHashSync',
      lastTest: null,
    });
    expect(created.body).not.toContain(servicePassword);
    expect(created.body).not.toContain('sealed');

    const listed = await call(reader.cookie, 'GET', '');
    expect(listed.json()).toEqual({ directories: [connection] });
    expect(listed.body).not.toContain(servicePassword);
    const stored = await ctx.world.app.store.directoryConnections.find(connection.tenantId, connection.connectionId);
    expect(stored?.sealedBindPassword).not.toContain(servicePassword);

    expect((await call(reader.cookie, 'POST', `/${connection.connectionId}/test`)).statusCode).toBe(403);
    // Without the harness's CA in the trust store the certificate is refused: a misconfiguration (SSPR_0029).
    const tested = await call(global.cookie, 'POST', `/${connection.connectionId}/test`);
    expect(tested.statusCode).toBe(502);
    expect(tested.json()).toMatchObject({ code: 'DIRECTORY_MISCONFIGURED', reason: 'tlsCertificateRejected' });
    expect((await call(reader.cookie, 'GET', '')).json().directories[0].lastTest).toMatchObject({
      outcome: 'misconfigured',
      reason: 'tlsCertificateRejected',
    });

    const audit = await ctx.world.app.store.audit.list(connection.tenantId, {
      activity: 'Add on-premises directory connection',
    });
    expect(audit[0]).toMatchObject({ actor: { type: 'admin', upn: hybrid.user.upn } });
    expect(JSON.stringify(audit)).not.toContain(servicePassword);

    expect((await call(reader.cookie, 'DELETE', `/${connection.connectionId}`)).statusCode).toBe(403);
    expect((await call(global.cookie, 'DELETE', `/${connection.connectionId}`)).statusCode).toBe(204);
    expect((await call(global.cookie, 'DELETE', `/${connection.connectionId}`)).json().code).toBe(
      'DIRECTORY_CONNECTION_NOT_FOUND',
    );
  });

  it('tests a reachable directory with its CA (set by the operator) and reports a dead one as SSPR_0030', async () => {
    const global = await signedIn(['Global Administrator']);
    const added = await ctx.world.app.services.directories.add(
      ctx.tenantId,
      { ...body(), caFile: slapd.caFile ?? null },
      { type: 'cli', id: null, upn: null },
    );
    const tested = await call(global.cookie, 'POST', `/${added.connectionId}/test`);
    expect(tested.json()).toEqual({ ok: true, baseDn });
    const dead = (
      await call(global.cookie, 'POST', '', { ...body(), url: 'ldaps://127.0.0.1:1', startTls: false })
    ).json();
    const unreachable = await call(global.cookie, 'POST', `/${dead.connectionId}/test`);
    expect([unreachable.statusCode, unreachable.json().code]).toEqual([503, 'DIRECTORY_UNREACHABLE']);
    const invalid = await call(global.cookie, 'POST', '', { ...body(), startTls: false });
    expect([invalid.statusCode, invalid.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await call(global.cookie, 'POST', '', { ...body(), caFile: '/etc/shadow' })).statusCode).toBe(400);
  });

  it("shows the connection and its last test on the console's On-premises integration tab (EN/NL)", async () => {
    const { tenant, hybrid, reader, tab, get } = await onPremisesTabVisitors(ctx);
    expect((await get(tab, hybrid.cookie)).body).toContain('password writeback has not been properly configured');
    await ctx.world.app.services.directories.add(
      tenant.tenantId,
      { ...body(), caFile: slapd.caFile ?? null },
      { type: 'cli', id: null, upn: null },
    );
    const { page, token, cookie } = await formContext(ctx.server, tab, hybrid.cookie);
    expect(page.body).toContain(slapd.url);
    expect(page.body).toContain('Test the connection to see its status');
    expect(page.body).not.toContain(servicePassword);
    const connectionId = /name="connectionId" value="([^"]+)"/.exec(page.body)?.[1];
    const post = (fields: Record<string, string>) =>
      ctx.server.inject({
        method: 'POST',
        url: `${tab}/test`,
        headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
      });
    expect((await post({ connectionId: connectionId! })).statusCode).toBe(403);
    expect((await post({ _csrf: token, connectionId: connectionId! })).statusCode).toBe(303);
    expect((await get(tab, hybrid.cookie)).body).toContain('Your on-premises writeback client is up and running.');
    const readerPage = await get(`${tab}?mkt=nl-NL`, reader.cookie);
    expect(readerPage.body).toContain('Uw on-premises terugschrijfclient is actief.');
    expect(readerPage.body).not.toContain('name="connectionId"');
  });

  it("changes a connection's deletion threshold (writers only, audited with old and new values), refusing bad values", async () => {
    const hybrid = await signedIn(['Hybrid Identity Administrator']);
    const reader = await signedIn(['Global Reader']);
    const created = (await call(hybrid.cookie, 'POST', '', { ...body(), deletionThreshold: 50 })).json();
    expect(created.deletionThreshold).toBe(50);
    const path = `/${created.connectionId}`;
    expect((await call(reader.cookie, 'PATCH', path, { deletionThreshold: 0 })).statusCode).toBe(403);
    for (const bad of [
      { deletionThreshold: -1 },
      { deletionThreshold: 1.5 },
      { deletionThreshold: 2_000_000 },
      { deletionThreshold: 5, url: 'ldaps://x' },
      {},
    ]) {
      const refused = await call(hybrid.cookie, 'PATCH', path, bad);
      expect([refused.statusCode, refused.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    const changed = await call(hybrid.cookie, 'PATCH', path, { deletionThreshold: 0 });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ connectionId: created.connectionId, deletionThreshold: 0 });
    expect(changed.body).not.toContain(servicePassword);
    expect(
      (await call(reader.cookie, 'GET', ''))
        .json()
        .directories.find((d: { connectionId: string }) => d.connectionId === created.connectionId).deletionThreshold,
    ).toBe(0);
    const [event] = await ctx.world.app.store.audit.list(created.tenantId, {
      activity: 'Update on-premises directory connection',
    });
    expect(event).toMatchObject({
      actor: { type: 'admin', upn: hybrid.user.upn },
      target: { id: created.connectionId },
      details: { deletionThreshold: 0, previousDeletionThreshold: 50 },
    });
    expect((await call(hybrid.cookie, 'PATCH', '/no-such-connection', { deletionThreshold: 1 })).json().code).toBe(
      'DIRECTORY_CONNECTION_NOT_FOUND',
    );
  });

  it("treats another tenant's connection as not found", async () => {
    const other = await aTenant(ctx.world.app);
    const theirs = await ctx.world.app.services.directories.add(other.tenantId, body(), {
      type: 'cli',
      id: null,
      upn: null,
    });
    const global = await signedIn(['Global Administrator']);
    expect(
      (await call(global.cookie, 'GET', '')).json().directories.map((d: { connectionId: string }) => d.connectionId),
    ).not.toContain(theirs.connectionId);
    expect((await call(global.cookie, 'POST', `/${theirs.connectionId}/test`)).statusCode).toBe(404);
    expect((await call(global.cookie, 'DELETE', `/${theirs.connectionId}`)).statusCode).toBe(404);
    expect((await call(global.cookie, 'PATCH', `/${theirs.connectionId}`, { deletionThreshold: 0 })).statusCode).toBe(
      404,
    );
    expect(await ctx.world.app.services.directories.list(other.tenantId)).toMatchObject([{ deletionThreshold: 500 }]);
  });
});

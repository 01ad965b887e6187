/**
 * Directory sync on the console's On-premises integration tab, on both dialects: the last runs as the sync service
 * recorded them (a real sync over the in-memory directory), the threshold warning with the command to go on, and
 * the deletion-threshold form — only for those who may edit connections, CSRF-protected, audited with the old and
 * new values, and a refused value shown again with a stable message and nothing saved.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryDirectory, type MemoryDirectoryUser } from '../../../src/adapters/directory/memory-directory.js';
import { escapeHtml } from '../../../src/core/html.js';
import { cliActor } from '../../../src/services/audit/audit-recorder.js';
import { aPassword, aTenant, aUser } from '../../support/factories.js';
import { formContext, sessionCookie } from '../../support/http.js';
import { testDialects } from '../../support/postgres.js';
import { useHttpWorld } from '../../support/world.js';

const tab = '/admin/password-reset/on-premises-integration';
const thresholdPath = `${tab}/deletion-threshold`;

describe.each(testDialects())('admin console: directory sync on the On-premises tab (%s)', (dialect) => {
  const ctx = useHttpWorld(dialect);
  const app = () => ctx.world.app;

  /** A tenant of its own with an OpenLDAP connection (never contacted: the sync below reads a memory directory). */
  const aConnectedTenant = async () => {
    const tenant = await aTenant(app());
    const domain = tenant.domains[0]!;
    const input = {
      type: 'openldap',
      url: 'ldaps://ldap.invalid',
      bindDn: 'cn=sspr,dc=example,dc=org',
      bindPassword: 'secret-bind',
      baseDn: 'dc=example,dc=org',
    };
    const connection = await app().services.directories.add(tenant.tenantId, input, cliActor);
    const signedIn = async (roles: string[]) => {
      const user = await aUser(app(), domain, { roles });
      return { user, cookie: await sessionCookie(ctx.server, user.upn, aPassword) };
    };
    const people = (count: number): MemoryDirectoryUser[] =>
      Array.from({ length: count }, (_, i) => ({
        dn: `uid=p${i},ou=people,dc=example,dc=org`,
        password: aPassword,
        attributes: {
          entryUUID: [`00000000-0000-4000-8000-00000000000${i}`],
          uid: [`p${i}`],
          mail: [`p${i}@${domain}`],
          cn: [`Person ${i}`],
          modifyTimestamp: ['20260301090000Z'],
        },
      }));
    /** A full sync as `sspr sync --full` runs it, with the connection as it is stored now. */
    const fullSync = async (count: number) => {
      const [config] = await app().services.directories.list(tenant.tenantId);
      return app().services.directorySync.run(
        { config: config!, connection: createMemoryDirectory({ users: people(count) }) },
        { full: true },
      );
    };
    return { tenant, domain, connection, signedIn, fullSync };
  };
  const get = (url: string, cookie: string) => ctx.server.inject({ url, headers: { accept: 'text/html', cookie } });
  const post = (url: string, cookie: string, fields: Record<string, string>) =>
    ctx.server.inject({
      method: 'POST',
      url,
      headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    });

  it('shows the last runs, and after a run stopped at the threshold the warning with the exact command', async () => {
    const { domain, signedIn, fullSync } = await aConnectedTenant();
    const admin = await signedIn(['Global Administrator']);
    expect((await get(tab, admin.cookie)).body).toContain('This connection has not been synced yet.');

    expect(await fullSync(3)).toMatchObject({ ok: true });
    const synced = (await get(tab, admin.cookie)).body;
    expect(synced).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d UTC · full · succeeded/);
    expect(synced).toContain('3 created, 0 updated, 0 disabled, 0 unchanged (full)');
    expect(synced).not.toContain('--allow-deletions');

    // Threshold 1 through the console, then the directory returns nobody: 3 would go, none are disabled.
    const form = await formContext(ctx.server, tab, admin.cookie);
    expect(
      (
        await post(thresholdPath, form.cookie, {
          _csrf: form.token,
          connectionId: (await app().services.directories.list(admin.user.tenantId))[0]!.connectionId,
          deletionThreshold: '1',
        })
      ).statusCode,
    ).toBe(303);
    expect(await fullSync(0)).toMatchObject({ ok: false, code: 'DIRECTORY_SYNC_THRESHOLD_EXCEEDED' });
    const stopped = (await get(tab, admin.cookie)).body;
    expect(stopped).toContain('full · stopped at the deletion threshold');
    expect(stopped).toContain(
      'it would have disabled 3 users and deleted 0 groups, 3 in all, more than the threshold of 1, so it did none of it.',
    );
    expect(stopped).toContain(`<code>sspr sync --tenant ${domain} --full --allow-deletions</code>`);
    const dutch = (await get(`${tab}?mkt=nl-NL`, admin.cookie)).body;
    expect(dutch).toContain(
      '3 gebruikers hebben uitgeschakeld en 0 groepen hebben verwijderd, samen 3, meer dan de drempel van 1',
    );
  });

  it('lets a Hybrid Identity Administrator change the threshold, audited with the old and new values', async () => {
    const { tenant, connection, signedIn } = await aConnectedTenant();
    const hybrid = await signedIn(['Hybrid Identity Administrator']);
    const form = await formContext(ctx.server, tab, hybrid.cookie);
    expect(form.page.body).toContain('name="deletionThreshold" value="500"');
    const saved = await post(thresholdPath, form.cookie, {
      _csrf: form.token,
      connectionId: connection.connectionId,
      deletionThreshold: '0',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${tab}?saved=threshold`);
    const page = (await get(saved.headers.location!, hybrid.cookie)).body;
    expect(page).toContain('The deletion threshold was saved.');
    expect(page).toContain(
      'Off: a sync disables every user missing from the directory or disabled there, and deletes every group missing from it.',
    );
    expect((await app().services.directories.list(tenant.tenantId))[0]!.deletionThreshold).toBe(0);
    const audit = await app().store.audit.list(tenant.tenantId, {
      activity: 'Update on-premises directory connection',
    });
    expect(audit[0]).toMatchObject({
      actor: { type: 'admin', upn: hybrid.user.upn },
      details: { deletionThreshold: 0, previousDeletionThreshold: 500 },
    });
  });

  it.each(['', 'abc', '-1', '12.5', '1000001'])(
    'refuses %j with 400, the stable message and the value as typed, and saves nothing',
    async (value) => {
      const { tenant, connection, signedIn } = await aConnectedTenant();
      const admin = await signedIn(['Global Administrator']);
      const form = await formContext(ctx.server, tab, admin.cookie);
      const refused = await post(thresholdPath, form.cookie, {
        _csrf: form.token,
        connectionId: connection.connectionId,
        deletionThreshold: value,
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('Enter a whole number from 0 (off) to 1000000.');
      expect(refused.body).toContain(`name="deletionThreshold" value="${escapeHtml(value)}"`);
      expect(refused.body).toContain('aria-invalid="true"');
      expect((await app().services.directories.list(tenant.tenantId))[0]!.deletionThreshold).toBe(500);
      expect(
        await app().store.audit.list(tenant.tenantId, { activity: 'Update on-premises directory connection' }),
      ).toEqual([]);
    },
  );

  it('shows readers and policy-only writers the value without the form, and refuses their posts and foreign ids', async () => {
    const { tenant, connection, signedIn } = await aConnectedTenant();
    const reader = await signedIn(['Global Reader']);
    const readerPage = (await get(tab, reader.cookie)).body;
    expect(readerPage).toContain(
      'A sync disables and deletes nothing when it would disable users and delete groups, more than 500 in all.',
    );
    expect(readerPage).not.toContain('name="deletionThreshold"');
    // Authentication Policy Administrators edit the tab's switches, not the connection.
    const policyAdmin = await signedIn(['Authentication Policy Administrator']);
    const policyForm = await formContext(ctx.server, tab, policyAdmin.cookie);
    expect(policyForm.page.body).not.toContain('name="deletionThreshold"');
    expect(
      (
        await post(thresholdPath, policyForm.cookie, {
          _csrf: policyForm.token,
          connectionId: connection.connectionId,
          deletionThreshold: '7',
        })
      ).statusCode,
    ).toBe(403);

    const admin = await signedIn(['Global Administrator']);
    const form = await formContext(ctx.server, tab, admin.cookie);
    expect(
      (await post(thresholdPath, form.cookie, { connectionId: connection.connectionId, deletionThreshold: '7' }))
        .statusCode,
    ).toBe(403);
    // Another tenant's connection is not found from here.
    const other = await aConnectedTenant();
    expect(
      (
        await post(thresholdPath, form.cookie, {
          _csrf: form.token,
          connectionId: other.connection.connectionId,
          deletionThreshold: '7',
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await post(thresholdPath, form.cookie, {
          _csrf: form.token,
          connectionId: other.connection.connectionId,
          deletionThreshold: 'x',
        })
      ).statusCode,
    ).toBe(404);
    expect((await app().services.directories.list(other.tenant.tenantId))[0]!.deletionThreshold).toBe(500);
    expect((await app().services.directories.list(tenant.tenantId))[0]!.deletionThreshold).toBe(500);
  });
});

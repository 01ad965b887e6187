/**
 * The admin CLI as an operator runs it: the commands in-process on a real SQLite file. Tokens made here work
 * as Bearer tokens on the admin API of an app opened on the same file.
 */
import { describe, expect, it, vi } from 'vitest';
import { createApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config/config.js';
import { useCliSandbox } from '../../support/cli.js';

vi.setConfig({ testTimeout: 60_000 });

const { databaseUrl, sspr, json } = useCliSandbox('sspr-cli-admin-');

describe('sspr admin CLI', () => {
  it('updates users and their roles', async () => {
    await json('tenant', 'create', '--name', 'Northwind', '--domain', 'northwind.example', '--country', 'NL');
    await json(
      'user',
      'create',
      '--upn',
      'ops@northwind.example',
      '--password',
      'Tulip-Kettle-2026!',
      '--role',
      'Global Administrator',
    );
    await json(
      'user',
      'create',
      '--upn',
      'kim@northwind.example',
      '--password',
      'Tulip-Kettle-2026!',
      '--mobile',
      '+31 6 12345678',
    );
    const updated = await json(
      'user',
      'update',
      '--upn',
      'kim@northwind.example',
      '--display-name',
      'Kim Akers',
      '--usage-location',
      'be',
      '--office-phone',
      '+31 20 555 0100',
      '--mobile',
      '',
      '--enabled',
      'off',
    );
    expect(updated).toMatchObject({
      displayName: 'Kim Akers',
      usageLocation: 'BE',
      officePhone: '+31205550100',
      mobilePhone: null,
      accountEnabled: false,
    });
    expect((await sspr('user', 'update', '--upn', 'kim@northwind.example', '--enabled', 'maybe')).stderr).toContain(
      'VALIDATION_FAILED',
    );
    expect((await sspr('user', 'update', '--upn', 'kim@northwind.example')).stderr).toContain('nothing to change');
    expect(
      (await json('user', 'role', 'add', '--upn', 'kim@northwind.example', '--role', 'helpdesk administrator')).roles,
    ).toEqual(['HelpdeskAdministrator']);
    expect(
      (await json('user', 'role', 'remove', '--upn', 'kim@northwind.example', '--role', 'Helpdesk Administrator'))
        .roles,
    ).toEqual([]);
    const notHeld = await sspr(
      'user',
      'role',
      'remove',
      '--upn',
      'kim@northwind.example',
      '--role',
      'Global Reader',
      '--json',
    );
    expect([notHeld.code, JSON.parse(notHeld.stderr).error.code]).toEqual([1, 'ROLE_NOT_ASSIGNED']);
    expect(
      JSON.parse(
        (
          await sspr(
            'user',
            'role',
            'remove',
            '--upn',
            'ops@northwind.example',
            '--role',
            'Global Administrator',
            '--json',
          )
        ).stderr,
      ).error.code,
    ).toBe('LAST_GLOBAL_ADMIN');
    const reset = await json('user', 'reset-password', '--upn', 'kim@northwind.example');
    expect(reset.temporaryPassword).toMatch(/^([A-Z2-9#][a-z2-9#]{4}-){3}[A-Z2-9#][a-z2-9#]{4}$/);
    // As in Entra the user must change it at the next sign-in, unless the operator opts out.
    expect(reset.forceChangePasswordNextSignIn).toBe(true);
    expect(await json('user', 'reset-password', '--upn', 'kim@northwind.example', '--no-force-change')).toMatchObject({
      forceChangePasswordNextSignIn: false,
    });
  });

  it('creates, lists and revokes API tokens that work as Bearer tokens until revoked', async () => {
    const created = await json(
      'token',
      'create',
      '--tenant',
      'northwind.example',
      '--name',
      'HR sync',
      '--role',
      'User Administrator',
      '--role',
      'GlobalReader',
      '--expires-days',
      '30',
    );
    expect(created).toMatchObject({
      name: 'HR sync',
      roles: ['UserAdministrator', 'GlobalReader'],
      status: 'active',
      createdBy: null,
    });
    const human = await sspr(
      'token',
      'create',
      '--tenant',
      'northwind.example',
      '--name',
      'Reports',
      '--role',
      'Global Reader',
    );
    expect(human.stdout.trim()).toMatch(/^sspr_[0-9a-f-]{36}_[A-Za-z0-9_-]{43}$/);
    expect(human.stderr).toContain('not shown again');
    const bad = await sspr(
      'token',
      'create',
      '--tenant',
      'northwind.example',
      '--name',
      'x',
      '--role',
      'Overlord',
      '--json',
    );
    expect(JSON.parse(bad.stderr).error.code).toBe('ROLE_UNKNOWN');
    expect(
      JSON.parse(
        (
          await sspr(
            'token',
            'create',
            '--tenant',
            'northwind.example',
            '--name',
            'x',
            '--role',
            'GlobalReader',
            '--expires-days',
            '400',
            '--json',
          )
        ).stderr,
      ).error.code,
    ).toBe('VALIDATION_FAILED');

    const listed = await json('token', 'list', '--tenant', 'northwind.example');
    expect(listed.map((t: { name: string }) => t.name).sort()).toEqual(['HR sync', 'Reports']);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect((await sspr('token', 'list', '--tenant', 'northwind.example')).stdout).toMatch(
      /HR sync\s+UserAdministrator,GlobalReader\s+active/,
    );

    const loaded = loadConfig({
      SSPR_DATABASE_URL: databaseUrl,
      SSPR_LOG_LEVEL: 'silent',
      SSPR_PUBLIC_URL: 'http://127.0.0.1:3000',
    });
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    const app = await createApp(loaded.config, { logger: false });
    try {
      const server = await app.http();
      const users = () =>
        server.inject({
          method: 'GET',
          url: '/api/v1/admin/users',
          headers: { authorization: `Bearer ${created.token}` },
        });
      const before = await users();
      expect(before.statusCode).toBe(200);
      expect(before.json().users.map((u: { upn: string }) => u.upn)).toEqual([
        'kim@northwind.example',
        'ops@northwind.example',
      ]);
      const revoked = await json('token', 'revoke', '--tenant', 'northwind.example', '--id', created.tokenId);
      expect(revoked).toMatchObject({ tokenId: created.tokenId, status: 'revoked' });
      expect((await users()).statusCode).toBe(401);
      const again = await sspr('token', 'revoke', '--tenant', 'northwind.example', '--id', created.tokenId, '--json');
      expect(JSON.parse(again.stderr).error.code).toBe('API_TOKEN_NOT_FOUND');
      const tenant = await app.store.tenants.findByDomain('northwind.example');
      const audit = await app.store.audit.list(tenant!.tenantId);
      expect(
        audit
          .filter((e) => e.target?.id === created.tokenId)
          .map((e) => [e.activity, e.actor.type])
          .sort(),
      ).toEqual([
        ['Add service principal credentials', 'cli'],
        ['Remove service principal credentials', 'cli'],
      ]);
    } finally {
      await app.close();
    }
  });
});

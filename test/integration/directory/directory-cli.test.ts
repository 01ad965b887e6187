/**
 * `sspr directory add|list|test|remove` as an operator runs it: in-process on a real SQLite file against a
 * private slapd over StartTLS. The bind password is sealed: never printed, never in the database file in clear.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useCliSandbox } from '../../support/cli.js';
import { baseDn, serviceDn, servicePassword, startSlapd, type Slapd } from '../../support/slapd.js';

vi.setConfig({ testTimeout: 60_000 });

const { databaseFile, sspr, json } = useCliSandbox('sspr-cli-directory-');
let slapd: Slapd;

beforeAll(async () => {
  slapd = await startSlapd({ tls: true });
  await json('tenant', 'create', '--name', 'Example', '--domain', 'example.org', '--country', 'NL');
});
afterAll(async () => {
  await slapd?.stop();
});

const addArgs = (password: string, extra: string[] = []) => [
  'directory',
  'add',
  '--tenant',
  'example.org',
  '--type',
  'openldap',
  '--url',
  slapd.url,
  '--starttls',
  '--ca-file',
  slapd.caFile as string,
  '--bind-dn',
  serviceDn,
  '--bind-password',
  password,
  '--base-dn',
  baseDn,
  ...extra,
];

describe('sspr directory', () => {
  it('adds, lists, tests and removes a connection without ever showing the bind password', async () => {
    const added = await sspr(
      ...addArgs(servicePassword, ['--protected-group', `cn=staff,ou=groups,${baseDn}`, '--mode', 'passthrough']),
      '--json',
    );
    expect(added.code, added.stderr).toBe(0);
    const connection = JSON.parse(added.stdout);
    expect(connection).toMatchObject({
      type: 'openldap',
      url: slapd.url,
      startTls: true,
      bindDn: serviceDn,
      baseDn,
      mode: 'passthrough',
      protectedGroups: [`cn=staff,ou=groups,${baseDn}`],
      lastTest: null,
    });
    expect(added.stdout + added.stderr).not.toContain(servicePassword);

    const tested = await json('directory', 'test', '--tenant', 'example.org', '--id', connection.connectionId);
    expect(tested).toEqual({ ok: true, baseDn });
    const listed = await sspr('directory', 'list', '--tenant', 'example.org', '--json');
    expect(JSON.parse(listed.stdout)).toEqual([
      { ...connection, lastTest: { at: expect.any(String), outcome: 'ok', reason: null } },
    ]);
    expect(listed.stdout).not.toContain(servicePassword);
    expect((await sspr('directory', 'list', '--tenant', 'example.org')).stdout).toContain('ok');
    // The database file holds only the sealed form.
    expect(readFileSync(databaseFile).includes(Buffer.from(servicePassword))).toBe(false);

    expect(await json('directory', 'remove', '--tenant', 'example.org', '--id', connection.connectionId)).toEqual({
      removed: connection.connectionId,
    });
    expect(await json('directory', 'list', '--tenant', 'example.org')).toEqual([]);
    const again = await sspr(
      'directory',
      'remove',
      '--tenant',
      'example.org',
      '--id',
      connection.connectionId,
      '--json',
    );
    expect([again.code, JSON.parse(again.stderr).error.code]).toEqual([1, 'DIRECTORY_CONNECTION_NOT_FOUND']);
    const audit = await json('audit', 'list', '--tenant', 'example.org');
    expect(JSON.stringify(audit)).toContain('Add on-premises directory connection');
    expect(JSON.stringify(audit)).not.toContain(servicePassword);
  });

  it('reports a wrong bind password as SSPR_0029 (misconfigured) and a dead port as SSPR_0030 (unreachable)', async () => {
    const wrong = await json(...addArgs('not-the-password'));
    const failed = await sspr('directory', 'test', '--tenant', 'example.org', '--id', wrong.connectionId, '--json');
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stderr).error).toMatchObject({
      code: 'DIRECTORY_MISCONFIGURED',
      reason: 'serviceBindFailed',
    });
    expect(failed.stderr).not.toContain('not-the-password');
    await json('directory', 'remove', '--tenant', 'example.org', '--id', wrong.connectionId);

    const dead = await json(
      'directory',
      'add',
      '--tenant',
      'example.org',
      '--type',
      'ad',
      '--url',
      'ldaps://127.0.0.1:1',
      '--bind-dn',
      serviceDn,
      '--bind-password',
      'x',
      '--base-dn',
      baseDn,
    );
    const unreachable = await sspr('directory', 'test', '--tenant', 'example.org', '--id', dead.connectionId, '--json');
    expect(JSON.parse(unreachable.stderr).error.code).toBe('DIRECTORY_UNREACHABLE');
    expect((await json('directory', 'list', '--tenant', 'example.org'))[0].lastTest).toMatchObject({
      outcome: 'unreachable',
    });
  });

  it('refuses plain LDAP, bad DNs and unknown types with VALIDATION_FAILED', async () => {
    const plain = await sspr(
      'directory',
      'add',
      '--tenant',
      'example.org',
      '--type',
      'openldap',
      '--url',
      slapd.url,
      '--bind-dn',
      serviceDn,
      '--bind-password',
      'p',
      '--base-dn',
      baseDn,
      '--json',
    );
    expect(JSON.parse(plain.stderr).error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(plain.stderr).toContain('StartTLS');
    const badDn = await sspr(...addArgs('p').map((a) => (a === baseDn ? 'not a dn' : a)), '--json');
    expect(JSON.parse(badDn.stderr).error.code).toBe('VALIDATION_FAILED');
    const badType = await sspr(...addArgs('p').map((a) => (a === 'openldap' ? 'novell' : a)), '--json');
    expect(JSON.parse(badType.stderr).error.code).toBe('VALIDATION_FAILED');
  });
});

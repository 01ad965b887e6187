/**
 * `sspr sync` as an operator runs it: in-process on a real SQLite file against a private slapd over StartTLS,
 * including the accidental-deletion threshold (`directory add|set --deletion-threshold`, `sync --allow-deletions`).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useCliSandbox } from '../../support/cli.js';
import { asDirectoryRoot } from '../../support/directory-world.js';
import { baseDn, peopleDn, serviceDn, servicePassword, startSlapd, type Slapd } from '../../support/slapd.js';

vi.setConfig({ testTimeout: 60_000 });

const { sspr, json } = useCliSandbox('sspr-cli-sync-');
let slapd: Slapd;

beforeAll(async () => {
  slapd = await startSlapd({ tls: true });
  await json('tenant', 'create', '--name', 'Example', '--domain', 'example.org', '--country', 'NL');
});
afterAll(async () => {
  await slapd?.stop();
});

describe('sspr sync', () => {
  it('says when no directory is connected', async () => {
    const result = await sspr('sync', '--tenant', 'example.org', '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr).error.code).toBe('DIRECTORY_NOT_CONNECTED');
  });

  it('prints the counts with --json, and progress per page on stderr without it', async () => {
    await json(
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
      servicePassword,
      '--base-dn',
      baseDn,
      '--deletion-threshold',
      '5',
    );
    const first = await json('sync', '--tenant', 'example.org', '--json');
    expect(first).toMatchObject({
      full: true,
      created: 12,
      updated: 0,
      disabled: 0,
      unchanged: 0,
      skipped: 0,
      groups: { created: 1, membersAdded: 2 },
    });
    const again = await sspr('sync', '--tenant', 'example.org', '--full');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('full sync: users 0 created, 0 updated, 0 disabled, 12 unchanged, 0 skipped');
    expect(again.stderr).toMatch(/^sync: users \d+$/m);
    const user = await json('user', 'show', '--upn', 'alice@example.org');
    expect(user).toMatchObject({ source: 'synced', mobilePhone: '+31612345678' });
  });

  it('stops a full sync that would disable more users than the threshold, says what to do, and allows it once', async () => {
    const [connection] = await json('directory', 'list', '--tenant', 'example.org');
    expect(connection.deletionThreshold).toBe(5);
    const set = await sspr(
      'directory',
      'set',
      '--tenant',
      'example.org',
      '--id',
      connection.connectionId,
      '--deletion-threshold',
      '1',
    );
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('deletion threshold: 1');
    await asDirectoryRoot(slapd, async (client) => {
      for (const uid of ['frank', 'ivan']) await client.del(`uid=${uid},${peopleDn}`);
    });

    const stopped = await sspr('sync', '--tenant', 'example.org', '--full', '--json');
    expect(stopped.code).toBe(1);
    expect(JSON.parse(stopped.stderr).error).toMatchObject({
      code: 'DIRECTORY_SYNC_THRESHOLD_EXCEEDED',
      pending: 2,
      pendingUsers: 2,
      pendingGroups: 0,
      threshold: 1,
      counts: { disabled: 0 },
    });
    const human = await sspr('sync', '--tenant', 'example.org', '--full');
    expect(human.code).toBe(1);
    expect(human.stderr).toContain('the full sync would disable 2 users and delete 0 groups');
    expect(human.stderr).toContain('sspr sync --tenant example.org --full --allow-deletions');
    expect((await json('user', 'show', '--upn', 'frank@example.org')).accountEnabled).toBe(true);

    // Without --full the override is accepted (it also covers users disabled in the directory), but an incremental
    // run never disables the users gone from it: only a full run sees that they are gone.
    expect(await json('sync', '--tenant', 'example.org', '--allow-deletions')).toMatchObject({
      full: false,
      disabled: 0,
    });
    expect((await json('user', 'show', '--upn', 'frank@example.org')).accountEnabled).toBe(true);
    expect(await json('sync', '--tenant', 'example.org', '--full', '--allow-deletions')).toMatchObject({
      full: true,
      disabled: 2,
    });
    expect((await json('user', 'show', '--upn', 'frank@example.org')).accountEnabled).toBe(false);
  });
});

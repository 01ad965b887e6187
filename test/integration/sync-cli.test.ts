/** `sspr sync` as an operator runs it: a real process on a real SQLite file against a private slapd over StartTLS. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useCliSandbox } from '../support/cli.js';
import { baseDn, serviceDn, servicePassword, startSlapd, type Slapd } from '../support/slapd.js';

vi.setConfig({ testTimeout: 120_000 });

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
    await json('directory', 'add', '--tenant', 'example.org', '--type', 'openldap', '--url', slapd.url, '--starttls', '--ca-file', slapd.caFile as string,
      '--bind-dn', serviceDn, '--bind-password', servicePassword, '--base-dn', baseDn);
    const first = await json('sync', '--tenant', 'example.org', '--json');
    expect(first).toMatchObject({ full: true, created: 12, updated: 0, disabled: 0, unchanged: 0, skipped: 0, groups: { created: 1, membersAdded: 2 } });
    const again = await sspr('sync', '--tenant', 'example.org', '--full');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('full sync: users 0 created, 0 updated, 0 disabled, 12 unchanged, 0 skipped');
    expect(again.stderr).toMatch(/^sync: users \d+$/m);
    const user = await json('user', 'show', '--upn', 'alice@example.org');
    expect(user).toMatchObject({ source: 'synced', mobilePhone: '+31612345678' });
  });
});

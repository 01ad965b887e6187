import { describe, expect, it } from 'vitest';
import { createMemoryDirectory } from '../../../adapters/directory/memory-directory.js';
import type { DirectoryConnection, DirectoryEntry } from '../../../core/ports.js';
import { createPageExpiryReader, readUserExpiry } from './directory-sync-expiry.js';

const policyDn = 'cn=monthly,ou=policies,dc=example,dc=org';
const policies = {
  defaults: [{ dn: 'cn=default,ou=policies,dc=example,dc=org', attributes: { pwdMaxAge: ['7776000'] } }],
  named: [{ dn: policyDn, attributes: { pwdMaxAge: ['2592000'] } }],
};
const user = (uid: string, attributes: Record<string, string[]>): DirectoryEntry => ({
  dn: `uid=${uid},ou=people,dc=example,dc=org`,
  attributes: { uid: [uid], mail: [`${uid}@example.org`], ...attributes },
});
const changed = { pwdChangedTime: ['20260201000000Z'] };

/** The memory directory, counting (and optionally failing) its policy reads. */
const counted = (fail = false) => {
  const directory = createMemoryDirectory({ users: [], passwordPolicies: policies });
  const asked: string[][] = [];
  const connection: DirectoryConnection = {
    ...directory,
    readPasswordPolicies: (dns) => {
      asked.push([...dns]);
      return fail
        ? Promise.resolve({ ok: false, code: 'DIRECTORY_UNREACHABLE', details: {} })
        : directory.readPasswordPolicies(dns);
    },
  };
  return { connection, asked };
};

describe('the page expiry reader of a sync run', () => {
  it('reads the policies once per run, and again only for a policy a later page names first', async () => {
    const { connection, asked } = counted();
    const read = createPageExpiryReader(connection);
    const first = await read([user('tina', changed), user('vera', {})]);
    expect([...first]).toEqual([
      ['uid=tina,ou=people,dc=example,dc=org', '2026-05-02T00:00:00.000Z'],
      // No pwdChangedTime: unknown, stored as nothing.
      ['uid=vera,ou=people,dc=example,dc=org', null],
    ]);
    await read([user('tom', changed)]);
    const uma = await read([user('uma', { ...changed, pwdPolicySubentry: [policyDn] })]);
    expect(uma.get('uid=uma,ou=people,dc=example,dc=org')).toBe('2026-03-03T00:00:00.000Z');
    await read([user('ulf', { ...changed, pwdPolicySubentry: [policyDn] })]);
    expect(asked).toEqual([[], [policyDn]]);
  });

  it('leaves the stored expiry alone when the policies cannot be read, and does not ask again in the run', async () => {
    const { connection, asked } = counted(true);
    const read = createPageExpiryReader(connection);
    expect((await read([user('tina', changed)])).size).toBe(0);
    expect((await read([user('tom', changed)])).size).toBe(0);
    expect(asked).toHaveLength(1);
  });

  it("AD's computed time needs no policy read", async () => {
    const directory = createMemoryDirectory({ users: [], dialect: 'ad' });
    let reads = 0;
    const read = createPageExpiryReader({
      ...directory,
      readPasswordPolicies: (dns) => ((reads += 1), directory.readPasswordPolicies(dns)),
    });
    const entry = { dn: 'CN=a,DC=x', attributes: { 'msDS-UserPasswordExpiryTimeComputed': ['9223372036854775807'] } };
    expect([...(await read([entry]))]).toEqual([['CN=a,DC=x', null]]);
    expect(reads).toBe(0);
  });

  it('after a write: the entry read again; anything unreadable is null, never the old expiry', async () => {
    const directory = createMemoryDirectory({
      users: [
        {
          dn: 'uid=tina,ou=people,dc=example,dc=org',
          attributes: { uid: ['tina'], mail: ['tina@example.org'], ...changed },
          password: 'x',
        },
      ],
      passwordPolicies: policies,
    });
    expect(await readUserExpiry(directory, 'tina@example.org')).toBe('2026-05-02T00:00:00.000Z');
    expect(await readUserExpiry(directory, 'nobody@example.org')).toBeNull();
    directory.setReachable(false);
    expect(await readUserExpiry(directory, 'tina@example.org')).toBeNull();
  });
});

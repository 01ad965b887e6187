/**
 * The directory-connection contract: the same behaviour, checked the same way, for the OpenLDAP dialect
 * (against a real slapd over StartTLS) and the memory implementation services test with. A new dialect or a
 * change to the memory one must pass it. (The AD dialect runs its own suite against Samba, whose fixed ports
 * and start-up time keep it to one file.)
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryDirectory } from '../../src/adapters/directory/memory-directory.js';
import { createOpenLdapDirectory } from '../../src/dialects/openldap/openldap-connection.adapter.js';
import type { ProtectedAccountRule } from '../../src/core/directory/protected-accounts.js';
import type { DirectoryConnection } from '../../src/core/ports.js';
import { ldapBind } from '../support/directory-world.js';
import {
  baseDn,
  initialPassword,
  peopleDn,
  serviceDn,
  servicePassword,
  startSlapd,
  user,
  type Slapd,
} from '../support/slapd.js';

interface Implementation {
  make(protectedAccounts?: ProtectedAccountRule): DirectoryConnection;
  /** A user's own bind (wrong ones count towards the lockout). */
  bind(dn: string, password: string): Promise<boolean>;
  stop(): Promise<void>;
}

const dnOf = (uid: string) => `uid=${uid},${peopleDn}`;
const uids = ['alice', 'bob', 'erin', 'frank', 'heidi', 'ivan', 'kim'];
const mustChangePolicy = `cn=mustchange,ou=policies,${baseDn}`;
/** judy is disabled by her administrator: ppolicy's administrative lock. */
const adminLock = { pwdAccountLockedTime: '000001010000Z' };

const memory = async (): Promise<Implementation> => {
  const users = [
    ...uids.map((uid) => ({
      dn: dnOf(uid),
      attributes: { uid: [uid], mail: [`${uid}@example.org`] },
      password: initialPassword,
    })),
    {
      dn: dnOf('judy'),
      attributes: { uid: ['judy'], mail: ['judy@example.org'], pwdAccountLockedTime: [adminLock.pwdAccountLockedTime] },
      password: initialPassword,
    },
  ];
  const shared = createMemoryDirectory({ users });
  return {
    make: (protectedAccounts) => (protectedAccounts ? createMemoryDirectory({ users, protectedAccounts }) : shared),
    bind: async (dn, password) => shared.bind(dn, password),
    stop: async () => undefined,
  };
};

const openLdap = async (): Promise<Implementation> => {
  // kim's policy makes a forced reset binding (pwdMustChange: TRUE), as the memory directory always does.
  const policy = [
    `dn: ${mustChangePolicy}`,
    'objectClass: device',
    'objectClass: pwdPolicy',
    'cn: mustchange',
    'pwdAttribute: userPassword',
    'pwdMustChange: TRUE',
    '',
  ].join('\n');
  const extraLdif = [
    user('judy', 'Judy', 'Jansen', adminLock),
    policy,
    user('kim', 'Kim', 'Kuiper', { pwdPolicySubentry: mustChangePolicy }),
  ].join('\n');
  const slapd: Slapd = await startSlapd({ tls: true, extraLdif });
  const ca = readFileSync(slapd.caFile as string, 'utf8');
  const settings = { url: slapd.url, startTls: true, ca, bindDn: serviceDn, bindPassword: servicePassword, baseDn };
  return {
    make: (protectedAccounts) =>
      createOpenLdapDirectory({ ...settings, ...(protectedAccounts ? { protectedAccounts } : {}) }),
    bind: (dn, password) => ldapBind(slapd, dn, password),
    stop: () => slapd.stop(),
  };
};

describe.each([
  ['memory', memory],
  ['OpenLDAP (slapd)', openLdap],
] as const)('directory contract: %s', (_name, start) => {
  let implementation: Implementation;
  let directory: DirectoryConnection;

  beforeAll(async () => {
    implementation = await start();
    directory = implementation.make();
  });
  afterAll(async () => {
    await implementation?.stop();
  });

  it('test() succeeds', async () => {
    expect((await directory.test()).ok).toBe(true);
  });

  it('finds exactly the user whose login is the value, or nobody', async () => {
    const byUid = await directory.findUser('alice');
    expect(byUid.ok && byUid.value?.dn).toBe(dnOf('alice'));
    const byMail = await directory.findUser('bob@example.org');
    expect(byMail.ok && byMail.value?.dn).toBe(dnOf('bob'));
    for (const crafted of [
      'nobody',
      '*',
      'a*',
      '*)(uid=*',
      'admin)(|(uid=*',
      'alice)(uid=bob',
      `uid=alice,${peopleDn}`,
      'alice\u0000',
    ]) {
      expect(await directory.findUser(crafted), crafted).toEqual({ ok: true, value: null });
    }
  });

  it('a reset takes effect; a too-short password is tooShort', async () => {
    expect(await directory.setPassword(dnOf('bob'), 'Contract-Reset-1', { mode: 'reset' })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(await implementation.bind(dnOf('bob'), 'Contract-Reset-1')).toBe(true);
    expect(await directory.setPassword(dnOf('bob'), 'short', { mode: 'reset' })).toMatchObject({
      ok: false,
      code: 'DIRECTORY_POLICY_REJECTED',
      details: { reason: 'tooShort' },
    });
  });

  it('a change checks the current password, refuses history and needs the old password', async () => {
    expect(
      await directory.setPassword(dnOf('frank'), 'Contract-One-1', { mode: 'change', oldPassword: 'wrong-one' }),
    ).toMatchObject({ ok: false, code: 'INVALID_CURRENT_PASSWORD' });
    expect(await directory.setPassword(dnOf('frank'), 'Contract-One-1', { mode: 'change' })).toMatchObject({
      ok: false,
      details: { reason: 'mustSupplyOldPassword' },
    });
    expect(
      await directory.setPassword(dnOf('frank'), 'Contract-One-1', { mode: 'change', oldPassword: initialPassword }),
    ).toEqual({ ok: true, value: undefined });
    expect(
      await directory.setPassword(dnOf('frank'), 'Contract-Two-1', { mode: 'change', oldPassword: 'Contract-One-1' }),
    ).toEqual({ ok: true, value: undefined });
    expect(
      await directory.setPassword(dnOf('frank'), 'Contract-One-1', { mode: 'change', oldPassword: 'Contract-Two-1' }),
    ).toMatchObject({
      ok: false,
      code: 'DIRECTORY_POLICY_REJECTED',
      details: { reason: 'inHistory' },
    });
  });

  it("locks after three wrong binds, refuses the user's change while locked, unlocks", async () => {
    const dn = dnOf('heidi');
    for (let attempt = 0; attempt < 3; attempt += 1)
      expect(await implementation.bind(dn, 'wrong-password')).toBe(false);
    expect(await directory.isLocked(dn)).toEqual({ ok: true, value: true });
    expect(
      await directory.setPassword(dn, 'While-Locked-1', { mode: 'change', oldPassword: initialPassword }),
    ).toMatchObject({ ok: false, details: { reason: 'accountLocked' } });
    expect(await directory.unlock(dn)).toEqual({ ok: true, value: undefined });
    expect(await directory.unlock(dn)).toEqual({ ok: true, value: undefined });
    expect(await directory.isLocked(dn)).toEqual({ ok: true, value: false });
    expect(await implementation.bind(dn, initialPassword)).toBe(true);
  });

  it('never lifts an administrative lock: not locked, and unlock, reset and change are accountDisabled', async () => {
    const dn = dnOf('judy');
    expect(await directory.isLocked(dn)).toEqual({ ok: true, value: false });
    for (const refused of [
      await directory.unlock(dn),
      await directory.setPassword(dn, 'Self-Service-1', { mode: 'reset' }),
      await directory.setPassword(dn, 'Self-Service-1', { mode: 'change', oldPassword: initialPassword }),
    ])
      expect(refused).toMatchObject({
        ok: false,
        code: 'DIRECTORY_POLICY_REJECTED',
        details: { reason: 'accountDisabled' },
      });
    expect(await implementation.bind(dn, initialPassword)).toBe(false);
  });

  it('refuses a protected account and an unknown entry', async () => {
    const guarded = implementation.make({ dns: [dnOf('ivan').toUpperCase()], groups: [] });
    expect(await guarded.setPassword(dnOf('ivan'), 'Protected-One-1', { mode: 'reset' })).toMatchObject({
      ok: false,
      details: { reason: 'protectedAccount' },
    });
    expect(await implementation.bind(dnOf('ivan'), initialPassword)).toBe(true);
    expect(await directory.unlock(dnOf('ghost'))).toMatchObject({ ok: false, code: 'DIRECTORY_MISCONFIGURED' });
  });

  it('readLockoutPolicy: the threshold in force for the user (ppolicy default: 3, kept until a right bind)', async () => {
    // slapd: no pwdPolicySubentry and no readable cn=config, so the strictest visible pwdPolicy (cn=default).
    expect(await directory.readLockoutPolicy(dnOf('heidi'))).toEqual({
      ok: true,
      value: { threshold: 3, windowSeconds: 0 },
    });
    expect(await directory.readLockoutPolicy(dnOf('ghost'))).toMatchObject({
      ok: false,
      code: 'DIRECTORY_MISCONFIGURED',
    });
  });

  it('verifyPassword: the right password is valid, a wrong or empty one invalid (never an anonymous bind)', async () => {
    expect(await directory.verifyPassword(dnOf('ivan'), initialPassword)).toEqual({ ok: true, value: 'valid' });
    expect(await directory.verifyPassword(dnOf('ivan'), 'not-his-password')).toEqual({ ok: true, value: 'invalid' });
    expect(await directory.verifyPassword(dnOf('ivan'), '')).toEqual({ ok: true, value: 'invalid' });
    expect(await directory.verifyPassword(dnOf('nobody-here'), initialPassword)).toEqual({
      ok: true,
      value: 'invalid',
    });
  });

  it('verifyPassword after a reset with mustChangeAtNextLogon: the right password is mustChange until the user changes it', async () => {
    const temporary = 'Temporary-Tulip-2026';
    expect(await directory.setPassword(dnOf('kim'), temporary, { mode: 'reset', mustChangeAtNextLogon: true })).toEqual(
      { ok: true, value: undefined },
    );
    expect(await directory.verifyPassword(dnOf('kim'), temporary)).toEqual({ ok: true, value: 'mustChange' });
    expect(await directory.verifyPassword(dnOf('kim'), 'not-her-password')).toEqual({ ok: true, value: 'invalid' });
    expect(
      await directory.setPassword(dnOf('kim'), 'Harbour-Lantern-Quay-42', { mode: 'change', oldPassword: temporary }),
    ).toEqual({ ok: true, value: undefined });
    expect(await directory.verifyPassword(dnOf('kim'), 'Harbour-Lantern-Quay-42')).toEqual({
      ok: true,
      value: 'valid',
    });
  });

  it('lists users in pages', async () => {
    const seen: string[] = [];
    const listed = await directory.listUsers({ pageSize: 2 }, async (entries) => {
      expect(entries.length).toBeLessThanOrEqual(2);
      seen.push(...entries.map((entry) => entry.dn));
    });
    expect(listed).toEqual({ ok: true, value: { entries: seen.length } });
    expect(seen).toEqual(expect.arrayContaining(uids.map(dnOf)));
  });

  it('keeps no tombstones (OpenLDAP without accesslog): listDeleted answers none, so only full runs find deletions', async () => {
    const pages: unknown[] = [];
    expect(
      await directory.listDeleted(
        { pageSize: 2, changedAfter: '20260101000000Z' },
        async (entries) => void pages.push(entries),
      ),
    ).toEqual({ ok: true, value: { entries: 0 } });
    expect(pages).toEqual([]);
  });
});

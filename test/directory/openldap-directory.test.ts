/**
 * The OpenLDAP dialect against a real, private slapd with the ppolicy overlay, over StartTLS with
 * certificate validation (the production configuration). Each test uses its own user, so the order
 * of tests does not matter.
 */
import { Attribute, Change, Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOpenLdapDirectory,
  encodePasswordModifyRequest,
  passwordModifyOid,
} from '../../src/dialects/openldap/openldap-connection.adapter.js';
import type { LdapConnectionSettings } from '../../src/adapters/directory/ldap-session.js';
import { PasswordPolicyControl, classifyPasswordFailure } from '../../src/dialects/openldap/ppolicy-control.adapter.js';
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

let slapd: Slapd;
let settings: LdapConnectionSettings;
let directory: DirectoryConnection;

const dnOf = (uid: string) => `uid=${uid},${peopleDn}`;
/** ppolicy's administrative lock: the entry cannot bind until an administrator removes it (sync: disabled). */
const adminLock = '000001010000Z';
// judy is disabled by her administrator; kim is an ordinary user for a temporary lockout.
const extraLdif = [user('judy', 'Judy', 'Jansen', { pwdAccountLockedTime: adminLock }), user('kim', 'Kim', 'Kok')].join(
  '\n',
);

/** The entry's lock as the directory's own administrator sees it. */
const lockedTimeOf = async (dn: string): Promise<unknown> => {
  const client = new Client({ url: slapd.url, timeout: 2000, connectTimeout: 2000 });
  try {
    await client.startTLS({ ca: settings.ca, host: '127.0.0.1' });
    await client.bind(slapd.rootDn, slapd.rootPassword);
    const { searchEntries } = await client.search(dn, { scope: 'base', attributes: ['pwdAccountLockedTime'] });
    const value = searchEntries[0]?.['pwdAccountLockedTime'];
    // ldapts answers [] for an attribute the entry does not have.
    return Array.isArray(value) && value.length === 0 ? undefined : value;
  } finally {
    await client.unbind().catch(() => undefined);
  }
};

/** A bind as the user, straight through ldapts: the ground truth for "which password works now". */
const canBind = (dn: string, password: string) => ldapBind(slapd, dn, password);

beforeAll(async () => {
  slapd = await startSlapd({ tls: true, extraLdif });
  settings = {
    url: slapd.url,
    startTls: true,
    caFile: slapd.caFile,
    bindDn: serviceDn,
    bindPassword: servicePassword,
    baseDn,
    connectTimeoutMs: 2000,
    operationTimeoutMs: 3000,
  };
  directory = createOpenLdapDirectory(settings);
  settings.ca = (await import('node:fs')).readFileSync(slapd.caFile as string, 'utf8');
});

afterAll(async () => {
  await slapd?.stop();
});

describe('OpenLDAP dialect: lookups', () => {
  it('test() binds as the service account and reads the base', async () => {
    expect(await directory.test()).toEqual({ ok: true, value: { baseDn } });
  });

  it('finds a user by uid and by mail, with the sync attributes', async () => {
    const byUid = await directory.findUser('alice');
    expect(byUid.ok && byUid.value?.dn).toBe(dnOf('alice'));
    expect(byUid.ok && byUid.value?.attributes).toMatchObject({
      uid: ['alice'],
      mail: ['alice@example.org'],
      mobile: ['+31 6 12345678'],
    });
    const byMail = await directory.findUser('bob@example.org');
    expect(byMail.ok && byMail.value?.dn).toBe(dnOf('bob'));
  });

  it('finds nobody for an unknown login', async () => {
    expect(await directory.findUser('nobody')).toEqual({ ok: true, value: null });
  });

  it('matches names with filter and DN specials exactly', async () => {
    const star = await directory.findUser('star*(paren)\\');
    expect(star.ok && star.value?.attributes['uid']).toEqual(['star*(paren)\\']);
    const smith = await directory.findUser('smith, john+x=1;<a>"b"#\\');
    expect(smith.ok && smith.value?.attributes['uid']).toEqual(['smith, john+x=1;<a>"b"#\\']);
  });

  it.each([
    '*',
    'a*',
    '*)(uid=*',
    '*)(uid=*))(|(uid=*',
    'admin)(|(uid=*',
    'a)(objectClass=*',
    'x\u0000',
    `cn=admin,${baseDn}`,
    'admin*',
    '\\2a',
    'star*',
    'ali*',
  ])('the crafted login %j matches one entry whose uid or mail is exactly it, or none', async (login) => {
    const found = await directory.findUser(login);
    expect(found.ok).toBe(true);
    if (found.ok && found.value) {
      const values = [...(found.value.attributes['uid'] ?? []), ...(found.value.attributes['mail'] ?? [])];
      expect(values).toContain(login);
    } else {
      expect(found).toEqual({ ok: true, value: null });
    }
  });

  it('more than one match is a misconfiguration, never a pick', async () => {
    const byCn = createOpenLdapDirectory({ ...settings, loginAttributes: ['objectClass'] });
    const found = await byCn.findUser('inetOrgPerson');
    expect(found).toMatchObject({ ok: false, code: 'DIRECTORY_MISCONFIGURED', details: { reason: 'ambiguousLogin' } });
  });
});

describe('OpenLDAP dialect: reset and change with ppolicy', () => {
  it('resets a password as the service account; the user binds with the new one only', async () => {
    expect(await directory.setPassword(dnOf('bob'), 'Fresh-Reset-2026', { mode: 'reset' })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(await canBind(dnOf('bob'), 'Fresh-Reset-2026')).toBe(true);
    expect(await canBind(dnOf('bob'), initialPassword)).toBe(false);
  });

  it('refuses a too-short password with tooShort', async () => {
    const result = await directory.setPassword(dnOf('erin'), 'short', { mode: 'reset' });
    expect(result).toMatchObject({ ok: false, code: 'DIRECTORY_POLICY_REJECTED', details: { reason: 'tooShort' } });
    expect(await canBind(dnOf('erin'), initialPassword)).toBe(true);
  });

  it('refuses a password from the history with inHistory', async () => {
    expect(
      (await directory.setPassword(dnOf('frank'), 'History-One-2026', { mode: 'change', oldPassword: initialPassword }))
        .ok,
    ).toBe(true);
    expect(
      (
        await directory.setPassword(dnOf('frank'), 'History-Two-2026', {
          mode: 'change',
          oldPassword: 'History-One-2026',
        })
      ).ok,
    ).toBe(true);
    const back = await directory.setPassword(dnOf('frank'), 'History-One-2026', {
      mode: 'change',
      oldPassword: 'History-Two-2026',
    });
    expect(back).toMatchObject({ ok: false, code: 'DIRECTORY_POLICY_REJECTED', details: { reason: 'inHistory' } });
  });

  it('refuses a second change within pwdMinAge with tooYoung', async () => {
    expect(
      (await directory.setPassword(dnOf('carol'), 'Young-One-2026', { mode: 'change', oldPassword: initialPassword }))
        .ok,
    ).toBe(true);
    const again = await directory.setPassword(dnOf('carol'), 'Young-Two-2026', {
      mode: 'change',
      oldPassword: 'Young-One-2026',
    });
    expect(again).toMatchObject({ ok: false, code: 'DIRECTORY_POLICY_REJECTED', details: { reason: 'tooYoung' } });
  });

  it('refuses with insufficientQuality a password the server cannot check (pwdCheckQuality 2)', async () => {
    // Without a quality-check module slapd can only judge a password it cannot read as cleartext:
    // one that looks pre-hashed. Under pwdCheckQuality 2 that is insufficientPasswordQuality (5).
    const result = await directory.setPassword(dnOf('dave'), '{SSHA}Quality-Check-2026', { mode: 'reset' });
    expect(result).toMatchObject({
      ok: false,
      code: 'DIRECTORY_POLICY_REJECTED',
      details: { reason: 'insufficientQuality' },
    });
  });

  it('a change with the wrong current password is INVALID_CURRENT_PASSWORD', async () => {
    const result = await directory.setPassword(dnOf('alice'), 'Whatever-2026x', {
      mode: 'change',
      oldPassword: 'not-her-password',
    });
    expect(result).toMatchObject({ ok: false, code: 'INVALID_CURRENT_PASSWORD' });
  });

  it("a change without the old password is mustSupplyOldPassword, and so is the server's own answer (pwdSafeModify)", async () => {
    expect(await directory.setPassword(dnOf('grace'), 'Whatever-2026x', { mode: 'change' })).toMatchObject({
      ok: false,
      details: { reason: 'mustSupplyOldPassword' },
    });
    // The raw operation as the user, without oldPasswd: slapd's own refusal goes through the same decoding.
    const client = new Client({ url: slapd.url, timeout: 2000 });
    const control = new PasswordPolicyControl();
    try {
      await client.startTLS({ ca: settings.ca, host: '127.0.0.1' });
      await client.bind(dnOf('grace'), initialPassword);
      const error = await client
        .exop(passwordModifyOid, encodePasswordModifyRequest({ newPassword: 'Safe-Modify-2026' }), [control])
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(control.response?.error).toBe(4);
      expect(classifyPasswordFailure(error, control)).toMatchObject({
        ok: false,
        details: { reason: 'mustSupplyOldPassword' },
      });
    } finally {
      await client.unbind().catch(() => undefined);
    }
  });
});

describe('OpenLDAP dialect: DNs with special characters', () => {
  it('writes the password of a user whose DN needs RFC 4514 escaping, through the DN the lookup returned', async () => {
    const found = await directory.findUser('smith, john+x=1;<a>"b"#\\');
    if (!found.ok || !found.value) throw new Error('not found');
    expect(await directory.setPassword(found.value.dn, 'Escaped-Dn-2026', { mode: 'reset' })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(await canBind(found.value.dn, 'Escaped-Dn-2026')).toBe(true);
  });
});

describe('OpenLDAP dialect: lockout and unlock', () => {
  it('locks after pwdMaxFailure wrong binds; isLocked sees it; unlock lets the right password in again', async () => {
    const dn = dnOf('heidi');
    expect(await directory.isLocked(dn)).toEqual({ ok: true, value: false });
    for (let attempt = 0; attempt < 3; attempt += 1) expect(await canBind(dn, 'wrong-password')).toBe(false);
    expect(await directory.isLocked(dn)).toEqual({ ok: true, value: true });
    expect(await canBind(dn, initialPassword)).toBe(false);
    // The user's own change is refused while locked, and says so.
    expect(
      await directory.setPassword(dn, 'Locked-Out-2026', { mode: 'change', oldPassword: initialPassword }),
    ).toMatchObject({
      ok: false,
      code: 'DIRECTORY_POLICY_REJECTED',
      details: { reason: 'accountLocked' },
    });
    expect(await directory.unlock(dn)).toEqual({ ok: true, value: undefined });
    expect(await directory.isLocked(dn)).toEqual({ ok: true, value: false });
    expect(await canBind(dn, initialPassword)).toBe(true);
    // Unlocking again is still a success (idempotent).
    expect(await directory.unlock(dn)).toEqual({ ok: true, value: undefined });
  });

  it('an administrative lock is not a lockout: unlock, reset and change are refused (accountDisabled) and the entry stays as it was', async () => {
    const dn = dnOf('judy');
    expect(await lockedTimeOf(dn)).toBe(adminLock);
    expect(await directory.isLocked(dn)).toEqual({ ok: true, value: false });
    const disabled = { ok: false, code: 'DIRECTORY_POLICY_REJECTED', details: { reason: 'accountDisabled' } };
    expect(await directory.unlock(dn)).toMatchObject(disabled);
    expect(await directory.setPassword(dn, 'Self-Service-2026', { mode: 'reset' })).toMatchObject(disabled);
    expect(
      await directory.setPassword(dn, 'Self-Service-2026', { mode: 'change', oldPassword: initialPassword }),
    ).toMatchObject(disabled);
    expect(await lockedTimeOf(dn)).toBe(adminLock);
    expect(await canBind(dn, initialPassword)).toBe(false);
    // Once the administrator lifts the lock, the password is still the one they left: nothing was written.
    const client = new Client({ url: slapd.url, timeout: 2000, connectTimeout: 2000 });
    try {
      await client.startTLS({ ca: settings.ca, host: '127.0.0.1' });
      await client.bind(slapd.rootDn, slapd.rootPassword);
      await client.modify(dn, [
        new Change({ operation: 'delete', modification: new Attribute({ type: 'pwdAccountLockedTime' }) }),
      ]);
    } finally {
      await client.unbind().catch(() => undefined);
    }
    expect(await canBind(dn, initialPassword)).toBe(true);
  });

  it('a temporary lockout still resets and unlocks, as the reset flow does it', async () => {
    const dn = dnOf('kim');
    for (let attempt = 0; attempt < 3; attempt += 1) expect(await canBind(dn, 'wrong-password')).toBe(false);
    const lockedAt = await lockedTimeOf(dn);
    expect(typeof lockedAt === 'string' && lockedAt !== adminLock).toBe(true);
    expect(await directory.isLocked(dn)).toEqual({ ok: true, value: true });
    expect(await directory.setPassword(dn, 'After-Lockout-2026', { mode: 'reset' })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(await directory.unlock(dn)).toEqual({ ok: true, value: undefined });
    expect(await lockedTimeOf(dn)).toBeUndefined();
    expect(await canBind(dn, 'After-Lockout-2026')).toBe(true);
  });

  it('unlock of an entry that does not exist is a misconfiguration (a stale DN), not a success', async () => {
    expect(await directory.unlock(dnOf('ghost'))).toMatchObject({ ok: false, code: 'DIRECTORY_MISCONFIGURED' });
  });
});

describe('OpenLDAP dialect: protected accounts', () => {
  it('refuses to write an account on the configured list', async () => {
    const guarded = createOpenLdapDirectory({
      ...settings,
      protectedAccounts: { dns: [`UID=Ivan,${peopleDn}`], groups: [] },
    });
    expect(await guarded.setPassword(dnOf('ivan'), 'Protected-2026', { mode: 'reset' })).toMatchObject({
      ok: false,
      code: 'DIRECTORY_POLICY_REJECTED',
      details: { reason: 'protectedAccount' },
    });
    expect(await guarded.unlock(dnOf('ivan'))).toMatchObject({ ok: false, details: { reason: 'protectedAccount' } });
    expect(await canBind(dnOf('ivan'), initialPassword)).toBe(true);
  });
});

describe('OpenLDAP dialect: listings for sync', () => {
  it('pages through users and groups with the sync attributes', async () => {
    const pages: number[] = [];
    const uids: string[] = [];
    const users = await directory.listUsers({ pageSize: 4 }, async (entries) => {
      pages.push(entries.length);
      uids.push(...entries.flatMap((entry) => entry.attributes['uid'] ?? []));
      expect(entries.every((entry) => (entry.attributes['modifyTimestamp'] ?? []).length === 1)).toBe(true);
    });
    expect(users).toEqual({ ok: true, value: { entries: uids.length } });
    expect(uids).toEqual(expect.arrayContaining(['alice', 'bob', 'star*(paren)\\']));
    expect(Math.max(...pages)).toBeLessThanOrEqual(4);
    const groups: string[] = [];
    expect(
      await directory.listGroups({}, async (entries) => void groups.push(...entries.map((entry) => entry.dn))),
    ).toEqual({
      ok: true,
      value: { entries: 1 },
    });
    expect(groups).toEqual([`cn=staff,ou=groups,${baseDn}`]);
  });

  it('an incremental listing returns only entries changed at or after the mark', async () => {
    const none = await directory.listUsers({ changedAfter: '29990101000000Z' }, async () => undefined);
    expect(none).toEqual({ ok: true, value: { entries: 0 } });
    expect(await directory.listUsers({ changedAfter: '*)(uid=*' }, async () => undefined)).toMatchObject({
      ok: false,
      code: 'DIRECTORY_MISCONFIGURED',
    });
  });
});

describe('OpenLDAP dialect: connection failures', () => {
  it('a wrong service password is DIRECTORY_MISCONFIGURED (serviceBindFailed)', async () => {
    const wrong = createOpenLdapDirectory({ ...settings, bindPassword: 'not-the-password' });
    expect(await wrong.test()).toMatchObject({
      ok: false,
      code: 'DIRECTORY_MISCONFIGURED',
      details: { reason: 'serviceBindFailed' },
    });
    expect(await wrong.findUser('alice')).toMatchObject({ ok: false, code: 'DIRECTORY_MISCONFIGURED' });
  });

  it('a base DN that does not exist is DIRECTORY_MISCONFIGURED (baseNotFound)', async () => {
    const wrongBase = createOpenLdapDirectory({ ...settings, baseDn: 'dc=nowhere,dc=example,dc=org' });
    expect(await wrongBase.test()).toMatchObject({
      ok: false,
      code: 'DIRECTORY_MISCONFIGURED',
      details: { reason: 'baseNotFound' },
    });
  });

  it('a closed port is DIRECTORY_UNREACHABLE at once', async () => {
    const { freeLoopbackPort } = await import('../support/net.js');
    const closed = createOpenLdapDirectory({ ...settings, url: `ldap://127.0.0.1:${await freeLoopbackPort()}` });
    expect(await closed.test()).toMatchObject({ ok: false, code: 'DIRECTORY_UNREACHABLE' });
  });

  it('a server that accepts the connection but never answers is DIRECTORY_UNREACHABLE within the timeout', async () => {
    const { createServer } = await import('node:net');
    const sockets: import('node:net').Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as import('node:net').AddressInfo).port;
    try {
      const hanging = createOpenLdapDirectory({
        ...settings,
        url: `ldap://127.0.0.1:${port}`,
        connectTimeoutMs: 300,
        operationTimeoutMs: 300,
      });
      const started = Date.now();
      expect(await hanging.findUser('alice')).toMatchObject({ ok: false, code: 'DIRECTORY_UNREACHABLE' });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('plain ldap:// without StartTLS is refused before connecting', async () => {
    const plain = createOpenLdapDirectory({ ...settings, startTls: false });
    expect(await plain.test()).toMatchObject({
      ok: false,
      code: 'DIRECTORY_MISCONFIGURED',
      details: { reason: 'tlsRequired' },
    });
  });
});

describe('OpenLDAP dialect: TLS certificate validation', () => {
  it('a certificate from the configured CA is accepted (StartTLS)', async () => {
    expect((await createOpenLdapDirectory({ ...settings, ca: undefined, caFile: slapd.caFile }).test()).ok).toBe(true);
  });

  it('a certificate from an unknown CA is refused', async () => {
    const otherCa = createOpenLdapDirectory({ ...settings, ca: undefined, caFile: slapd.otherCaFile });
    expect(await otherCa.test()).toMatchObject({
      ok: false,
      code: 'DIRECTORY_MISCONFIGURED',
      details: { reason: 'tlsCertificateRejected' },
    });
  });

  it('without a CA option the system trust store is used, which does not know the test CA', async () => {
    const systemTrust = createOpenLdapDirectory({ ...settings, ca: undefined, caFile: undefined });
    expect(await systemTrust.test()).toMatchObject({
      ok: false,
      code: 'DIRECTORY_MISCONFIGURED',
      details: { reason: 'tlsCertificateRejected' },
    });
  });

  it('a certificate whose name does not match the host is refused', async () => {
    // The certificate names 127.0.0.1 and localhost; 127.0.0.2 reaches the same server under another name.
    const wrongName = createOpenLdapDirectory({ ...settings, url: slapd.url.replace('127.0.0.1', '127.0.0.2') });
    expect(await wrongName.test()).toMatchObject({
      ok: false,
      code: 'DIRECTORY_MISCONFIGURED',
      details: { reason: 'tlsCertificateRejected' },
    });
  });
});

/**
 * The OpenLDAP dialect against a real, private slapd with the ppolicy overlay, over StartTLS with certificate
 * validation: lockout and unlock, protected accounts, listings for sync and connection failures. Each test uses its
 * own user, so the order of tests does not matter (split from openldap-directory.test.ts).
 */
import { Attribute, Change, Client } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { createOpenLdapDirectory } from '../../src/dialects/openldap/openldap-connection.adapter.js';
import { adminLock, dnOf, useOpenLdapDialect } from '../support/openldap-dialect.js';
import { baseDn, initialPassword, peopleDn } from '../support/slapd.js';

const ol = useOpenLdapDialect();
const { canBind, lockedTimeOf } = ol;

describe('OpenLDAP dialect: lockout and unlock', () => {
  it('locks after pwdMaxFailure wrong binds; isLocked sees it; unlock lets the right password in again', async () => {
    const dn = dnOf('heidi');
    expect(await ol.directory.isLocked(dn)).toEqual({ ok: true, value: false });
    for (let attempt = 0; attempt < 3; attempt += 1) expect(await canBind(dn, 'wrong-password')).toBe(false);
    expect(await ol.directory.isLocked(dn)).toEqual({ ok: true, value: true });
    expect(await canBind(dn, initialPassword)).toBe(false);
    // The user's own change is refused while locked, and says so.
    expect(
      await ol.directory.setPassword(dn, 'Locked-Out-2026', { mode: 'change', oldPassword: initialPassword }),
    ).toMatchObject({
      ok: false,
      code: 'DIRECTORY_POLICY_REJECTED',
      details: { reason: 'accountLocked' },
    });
    expect(await ol.directory.unlock(dn)).toEqual({ ok: true, value: undefined });
    expect(await ol.directory.isLocked(dn)).toEqual({ ok: true, value: false });
    expect(await canBind(dn, initialPassword)).toBe(true);
    // Unlocking again is still a success (idempotent).
    expect(await ol.directory.unlock(dn)).toEqual({ ok: true, value: undefined });
  });

  it('an administrative lock is not a lockout: unlock, reset and change are refused (accountDisabled) and the entry stays as it was', async () => {
    const dn = dnOf('judy');
    expect(await lockedTimeOf(dn)).toBe(adminLock);
    expect(await ol.directory.isLocked(dn)).toEqual({ ok: true, value: false });
    const disabled = { ok: false, code: 'DIRECTORY_POLICY_REJECTED', details: { reason: 'accountDisabled' } };
    expect(await ol.directory.unlock(dn)).toMatchObject(disabled);
    expect(await ol.directory.setPassword(dn, 'Self-Service-2026', { mode: 'reset' })).toMatchObject(disabled);
    expect(
      await ol.directory.setPassword(dn, 'Self-Service-2026', { mode: 'change', oldPassword: initialPassword }),
    ).toMatchObject(disabled);
    expect(await lockedTimeOf(dn)).toBe(adminLock);
    expect(await canBind(dn, initialPassword)).toBe(false);
    // Once the administrator lifts the lock, the password is still the one they left: nothing was written.
    const client = new Client({ url: ol.slapd.url, timeout: 2000, connectTimeout: 2000 });
    try {
      await client.startTLS({ ca: ol.settings.ca, host: '127.0.0.1' });
      await client.bind(ol.slapd.rootDn, ol.slapd.rootPassword);
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
    expect(await ol.directory.isLocked(dn)).toEqual({ ok: true, value: true });
    expect(await ol.directory.setPassword(dn, 'After-Lockout-2026', { mode: 'reset' })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(await ol.directory.unlock(dn)).toEqual({ ok: true, value: undefined });
    expect(await lockedTimeOf(dn)).toBeUndefined();
    expect(await canBind(dn, 'After-Lockout-2026')).toBe(true);
  });

  it('unlock of an entry that does not exist is a misconfiguration (a stale DN), not a success', async () => {
    expect(await ol.directory.unlock(dnOf('ghost'))).toMatchObject({ ok: false, code: 'DIRECTORY_MISCONFIGURED' });
  });
});

describe('OpenLDAP dialect: protected accounts', () => {
  it('refuses to write an account on the configured list', async () => {
    const guarded = createOpenLdapDirectory({
      ...ol.settings,
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
    const users = await ol.directory.listUsers({ pageSize: 4 }, async (entries) => {
      pages.push(entries.length);
      uids.push(...entries.flatMap((entry) => entry.attributes['uid'] ?? []));
      expect(entries.every((entry) => (entry.attributes['modifyTimestamp'] ?? []).length === 1)).toBe(true);
    });
    expect(users).toEqual({ ok: true, value: { entries: uids.length } });
    expect(uids).toEqual(expect.arrayContaining(['alice', 'bob', 'star*(paren)\\']));
    expect(Math.max(...pages)).toBeLessThanOrEqual(4);
    const groups: string[] = [];
    expect(
      await ol.directory.listGroups({}, async (entries) => void groups.push(...entries.map((entry) => entry.dn))),
    ).toEqual({
      ok: true,
      value: { entries: 1 },
    });
    expect(groups).toEqual([`cn=staff,ou=groups,${baseDn}`]);
  });

  it('an incremental listing returns only entries changed at or after the mark', async () => {
    const none = await ol.directory.listUsers({ changedAfter: '29990101000000Z' }, async () => undefined);
    expect(none).toEqual({ ok: true, value: { entries: 0 } });
    expect(await ol.directory.listUsers({ changedAfter: '*)(uid=*' }, async () => undefined)).toMatchObject({
      ok: false,
      code: 'DIRECTORY_MISCONFIGURED',
    });
  });
});

describe('OpenLDAP dialect: connection failures', () => {
  it('a wrong service password is DIRECTORY_MISCONFIGURED (serviceBindFailed)', async () => {
    const wrong = createOpenLdapDirectory({ ...ol.settings, bindPassword: 'not-the-password' });
    expect(await wrong.test()).toMatchObject({
      ok: false,
      code: 'DIRECTORY_MISCONFIGURED',
      details: { reason: 'serviceBindFailed' },
    });
    expect(await wrong.findUser('alice')).toMatchObject({ ok: false, code: 'DIRECTORY_MISCONFIGURED' });
  });

  it('a base DN that does not exist is DIRECTORY_MISCONFIGURED (baseNotFound)', async () => {
    const wrongBase = createOpenLdapDirectory({ ...ol.settings, baseDn: 'dc=nowhere,dc=example,dc=org' });
    expect(await wrongBase.test()).toMatchObject({
      ok: false,
      code: 'DIRECTORY_MISCONFIGURED',
      details: { reason: 'baseNotFound' },
    });
  });

  it('a closed port is DIRECTORY_UNREACHABLE at once', async () => {
    const { freeLoopbackPort } = await import('../support/net.js');
    const closed = createOpenLdapDirectory({ ...ol.settings, url: `ldap://127.0.0.1:${await freeLoopbackPort()}` });
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
        ...ol.settings,
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
    const plain = createOpenLdapDirectory({ ...ol.settings, startTls: false });
    expect(await plain.test()).toMatchObject({
      ok: false,
      code: 'DIRECTORY_MISCONFIGURED',
      details: { reason: 'tlsRequired' },
    });
  });
});

describe('OpenLDAP dialect: TLS certificate validation', () => {
  it('a certificate from the configured CA is accepted (StartTLS)', async () => {
    expect((await createOpenLdapDirectory({ ...ol.settings, ca: undefined, caFile: ol.slapd.caFile }).test()).ok).toBe(
      true,
    );
  });

  it('a certificate from an unknown CA is refused', async () => {
    const otherCa = createOpenLdapDirectory({ ...ol.settings, ca: undefined, caFile: ol.slapd.otherCaFile });
    expect(await otherCa.test()).toMatchObject({
      ok: false,
      code: 'DIRECTORY_MISCONFIGURED',
      details: { reason: 'tlsCertificateRejected' },
    });
  });

  it('without a CA option the system trust store is used, which does not know the test CA', async () => {
    const systemTrust = createOpenLdapDirectory({ ...ol.settings, ca: undefined, caFile: undefined });
    expect(await systemTrust.test()).toMatchObject({
      ok: false,
      code: 'DIRECTORY_MISCONFIGURED',
      details: { reason: 'tlsCertificateRejected' },
    });
  });

  it('a certificate whose name does not match the host is refused', async () => {
    // The certificate names 127.0.0.1 and localhost; 127.0.0.2 reaches the same server under another name.
    const wrongName = createOpenLdapDirectory({ ...ol.settings, url: ol.slapd.url.replace('127.0.0.1', '127.0.0.2') });
    expect(await wrongName.test()).toMatchObject({
      ok: false,
      code: 'DIRECTORY_MISCONFIGURED',
      details: { reason: 'tlsCertificateRejected' },
    });
  });
});

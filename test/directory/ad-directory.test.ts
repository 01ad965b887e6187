/**
 * The Active Directory dialect against a real, private Samba AD DC over LDAPS with certificate validation,
 * as a least-privilege service account (Reset/Change Password, write lockoutTime and pwdLastSet only).
 * Samba 4.17 (Debian 12) does not implement LDAP_SERVER_POLICY_HINTS, so resets here run with
 * `adPolicyHints: 'ifSupported'`, and one test pins what the default ('required') does on such a DC.
 */
import { Attribute, Change } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdDirectory } from '../../src/dialects/active-directory/active-directory-connection.adapter.js';
import type { LdapConnectionSettings } from '../../src/adapters/directory/ldap-session.js';
import type { DirectoryConnection } from '../../src/core/ports.js';
import {
  adAdminPassword,
  adBaseDn,
  adInitialPassword,
  adRealm,
  adServiceDn,
  adServicePassword,
  adUser,
  startSambaAd,
  type SambaAd,
} from '../support/samba-ad.js';
import { readFileSync } from 'node:fs';

let samba: SambaAd;
let settings: LdapConnectionSettings;
let directory: DirectoryConnection;
let ca: string;

const canBind = (name: string, password: string) => samba.canBind(name, password);

const readAttribute = async (dn: string, attribute: string): Promise<string | undefined> => {
  const admin = await samba.admin();
  try {
    const { searchEntries } = await admin.search(dn, { scope: 'base', attributes: [attribute] });
    const value = searchEntries[0]?.[attribute];
    return Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
  } finally {
    await admin.unbind();
  }
};

beforeAll(async () => {
  samba = await startSambaAd(['alice', 'bob', 'carol', 'dave', 'erin', 'domadmin', 'frank']);
  ca = readFileSync(samba.caFile, 'utf8');
  settings = {
    url: samba.url,
    ca,
    bindDn: adServiceDn,
    bindPassword: adServicePassword,
    baseDn: adBaseDn,
    adPolicyHints: 'ifSupported',
    operationTimeoutMs: 5000,
  };
  directory = createAdDirectory(settings);
  // A Domain Admin as SDProp leaves it: adminCount=1.
  const admin = await samba.admin();
  try {
    await admin.modify(
      `CN=Domain Admins,CN=Users,${adBaseDn}`,
      new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [adUser('domadmin')] }) }),
    );
    await admin.modify(
      adUser('domadmin'),
      new Change({ operation: 'replace', modification: new Attribute({ type: 'adminCount', values: ['1'] }) }),
    );
  } finally {
    await admin.unbind();
  }
}, 180_000);

afterAll(async () => {
  await samba?.stop();
});

describe('AD dialect against Samba AD', () => {
  it('test() and findUser by UPN and sAMAccountName, objectGUID as a GUID', async () => {
    expect(await directory.test()).toEqual({ ok: true, value: { baseDn: adBaseDn } });
    const byUpn = await directory.findUser(`alice@${adRealm}`);
    expect(byUpn.ok && byUpn.value?.dn).toBe(adUser('alice'));
    expect(byUpn.ok && byUpn.value?.attributes['objectGUID']?.[0]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    const bySam = await directory.findUser('bob');
    expect(bySam.ok && bySam.value?.dn).toBe(adUser('bob'));
    for (const crafted of ['*', 'a*', '*)(sAMAccountName=*', 'admin)(|(sAMAccountName=*'])
      expect(await directory.findUser(crafted)).toEqual({ ok: true, value: null });
  });

  it('a reset replaces unicodePwd; the user binds with the new password; pwdLastSet is not 0 (no forced change)', async () => {
    expect(await directory.setPassword(adUser('alice'), 'Reset-By-Sspr-2026', { mode: 'reset' })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(await canBind('alice', 'Reset-By-Sspr-2026')).toBe(true);
    // The previous password is not checked here: Samba, like AD for NTLM, still accepts it on a simple bind
    // for a while after a reset ("old password allowed period"). The history test below proves the write.
    expect(await readAttribute(adUser('alice'), 'pwdLastSet')).not.toBe('0');
  });

  it('a reset with mustChangeAtNextLogon sets pwdLastSet to 0', async () => {
    expect(
      await directory.setPassword(adUser('erin'), 'Must-Change-2026', { mode: 'reset', mustChangeAtNextLogon: true }),
    ).toEqual({ ok: true, value: undefined });
    expect(await readAttribute(adUser('erin'), 'pwdLastSet')).toBe('0');
  });

  it('by default the policy-hints control is required: a DC without it refuses the reset, nothing changes', async () => {
    const strict = createAdDirectory({ ...settings, adPolicyHints: undefined });
    expect(await strict.setPassword(adUser('dave'), 'Hints-Required-2026', { mode: 'reset' })).toMatchObject({
      ok: false,
      code: 'DIRECTORY_MISCONFIGURED',
      details: { reason: 'controlUnsupported' },
    });
    expect(await canBind('dave', adInitialPassword)).toBe(true);
  });

  it('a too-short password is tooShort', async () => {
    expect(await directory.setPassword(adUser('bob'), 'short', { mode: 'reset' })).toMatchObject({
      ok: false,
      code: 'DIRECTORY_POLICY_REJECTED',
      details: { reason: 'tooShort' },
    });
  });

  it('a change (delete old + add new) checks the old password and the history', async () => {
    expect(
      await directory.setPassword(adUser('bob'), 'Bob-Changed-2026', { mode: 'change', oldPassword: 'not-bobs' }),
    ).toMatchObject({
      ok: false,
      code: 'INVALID_CURRENT_PASSWORD',
    });
    expect(
      await directory.setPassword(adUser('bob'), 'Bob-Changed-2026', {
        mode: 'change',
        oldPassword: adInitialPassword,
      }),
    ).toEqual({ ok: true, value: undefined });
    expect(await canBind('bob', 'Bob-Changed-2026')).toBe(true);
    expect(
      await directory.setPassword(adUser('bob'), adInitialPassword, {
        mode: 'change',
        oldPassword: 'Bob-Changed-2026',
      }),
    ).toMatchObject({
      ok: false,
      code: 'DIRECTORY_POLICY_REJECTED',
      details: { reason: 'inHistory' },
    });
  });

  it('locks after the lockout threshold; unlock writes lockoutTime=0', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) expect(await canBind('carol', 'wrong-password')).toBe(false);
    expect(await directory.isLocked(adUser('carol'))).toEqual({ ok: true, value: true });
    expect(await canBind('carol', adInitialPassword)).toBe(false);
    expect(await directory.unlock(adUser('carol'))).toEqual({ ok: true, value: undefined });
    expect(await directory.isLocked(adUser('carol'))).toEqual({ ok: true, value: false });
    expect(await readAttribute(adUser('carol'), 'lockoutTime')).toBe('0');
    expect(await canBind('carol', adInitialPassword)).toBe(true);
  });

  it("reads the lockout policy: the domain's threshold and window, or the user's fine-grained policy (PSO)", async () => {
    // samba-ad.ts sets lockoutThreshold 3 and a 30-minute lockOutObservationWindow on the domain object.
    expect(await directory.readLockoutPolicy(adUser('erin'))).toEqual({
      ok: true,
      value: { threshold: 3, windowSeconds: 1800 },
    });
    const tenMinutes = String(-10 * 60 * 10_000_000);
    const pso = `CN=sspr-strict,CN=Password Settings Container,CN=System,${adBaseDn}`;
    const admin = await samba.admin();
    try {
      await admin.add(pso, {
        objectClass: ['top', 'msDS-PasswordSettings'],
        'msDS-PasswordSettingsPrecedence': '1',
        'msDS-PasswordReversibleEncryptionEnabled': 'FALSE',
        'msDS-PasswordHistoryLength': '0',
        'msDS-PasswordComplexityEnabled': 'FALSE',
        'msDS-MinimumPasswordLength': '8',
        'msDS-MinimumPasswordAge': '0',
        'msDS-MaximumPasswordAge': String(-42 * 24 * 3600 * 10_000_000),
        'msDS-LockoutThreshold': '6',
        'msDS-LockoutObservationWindow': tenMinutes,
        'msDS-LockoutDuration': tenMinutes,
        'msDS-PSOAppliesTo': adUser('frank'),
      });
    } finally {
      await admin.unbind();
    }
    // An account that may read the Password Settings Container gets the PSO's values, not the domain's.
    const asAdmin = createAdDirectory({
      ...settings,
      bindDn: `Administrator@${adRealm}`,
      bindPassword: adAdminPassword,
    });
    expect(await asAdmin.readLockoutPolicy(adUser('frank'))).toEqual({
      ok: true,
      value: { threshold: 6, windowSeconds: 600 },
    });
    // The least-privilege service account: the PSO's values if it can read them, else unknown — never the domain's
    // (a PSO may be stricter than the domain policy).
    const asService = await directory.readLockoutPolicy(adUser('frank'));
    expect(asService.ok).toBe(true);
    expect([null, JSON.stringify({ threshold: 6, windowSeconds: 600 })]).toContain(
      asService.ok && asService.value !== null ? JSON.stringify(asService.value) : null,
    );
  });

  it('refuses accounts with adminCount=1, for reset and unlock', async () => {
    const refused = { ok: false, code: 'DIRECTORY_POLICY_REJECTED', details: { reason: 'protectedAccount' } };
    expect(await directory.setPassword(adUser('domadmin'), 'Admin-Reset-2026', { mode: 'reset' })).toMatchObject(
      refused,
    );
    expect(await directory.unlock(adUser('domadmin'))).toMatchObject(refused);
    expect(await canBind('domadmin', adInitialPassword)).toBe(true);
  });

  it('never re-opens a disabled account (ACCOUNTDISABLE): not locked, unlock and reset refused, the entry unchanged', async () => {
    const setControl = async (value: string) => {
      const admin = await samba.admin();
      try {
        await admin.modify(
          adUser('frank'),
          new Change({
            operation: 'replace',
            modification: new Attribute({ type: 'userAccountControl', values: [value] }),
          }),
        );
      } finally {
        await admin.unbind();
      }
    };
    await setControl('514');
    const disabled = { ok: false, code: 'DIRECTORY_POLICY_REJECTED', details: { reason: 'accountDisabled' } };
    expect(await directory.isLocked(adUser('frank'))).toEqual({ ok: true, value: false });
    expect(await directory.unlock(adUser('frank'))).toMatchObject(disabled);
    expect(await directory.setPassword(adUser('frank'), 'Disabled-Reset-2026', { mode: 'reset' })).toMatchObject(
      disabled,
    );
    expect(
      await directory.setPassword(adUser('frank'), 'Disabled-Reset-2026', {
        mode: 'change',
        oldPassword: adInitialPassword,
      }),
    ).toMatchObject(disabled);
    expect(await readAttribute(adUser('frank'), 'userAccountControl')).toBe('514');
    // Enabled again by the administrator: the password is still the one it was.
    await setControl('512');
    expect(await canBind('frank', adInitialPassword)).toBe(true);
  });

  it('lists users with the sync attributes, and incrementally by uSNChanged', async () => {
    const names: string[] = [];
    let highest = 0;
    const all = await directory.listUsers({ pageSize: 3 }, async (entries) => {
      for (const entry of entries) {
        names.push(...(entry.attributes['sAMAccountName'] ?? []));
        highest = Math.max(highest, Number(entry.attributes['uSNChanged']?.[0]));
      }
    });
    expect(all.ok).toBe(true);
    expect(names).toEqual(expect.arrayContaining(['alice', 'bob', 'domadmin', 'sspr-writeback']));
    expect(await directory.listUsers({ changedAfter: String(highest + 1) }, async () => undefined)).toEqual({
      ok: true,
      value: { entries: 0 },
    });
  });

  it('refuses plain LDAP even when asked to allow it, and an unknown CA', async () => {
    const plain = createAdDirectory({ ...settings, url: 'ldap://127.0.0.1:389', allowPlaintext: true });
    expect(await plain.test()).toMatchObject({
      ok: false,
      code: 'DIRECTORY_MISCONFIGURED',
      details: { reason: 'tlsRequired' },
    });
    const otherCa = createAdDirectory({ ...settings, ca: readFileSync(samba.otherCaFile, 'utf8') });
    expect(await otherCa.test()).toMatchObject({
      ok: false,
      code: 'DIRECTORY_MISCONFIGURED',
      details: { reason: 'tlsCertificateRejected' },
    });
  });
});

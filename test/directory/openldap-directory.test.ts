/**
 * The OpenLDAP dialect against a real, private slapd with the ppolicy overlay, over StartTLS with
 * certificate validation (the production configuration): lookups, reset and change with ppolicy, DNs with
 * special characters. Each test uses its own user, so the order of tests does not matter. Lockout, protected
 * accounts, sync listings and connection failures are in openldap-directory-accounts.test.ts.
 */
import { Client } from 'ldapts';
import { describe, expect, it } from 'vitest';
import {
  createOpenLdapDirectory,
  encodePasswordModifyRequest,
  passwordModifyOid,
} from '../../src/dialects/openldap/openldap-connection.adapter.js';
import { PasswordPolicyControl, classifyPasswordFailure } from '../../src/dialects/openldap/ppolicy-control.adapter.js';
import { dnOf, useOpenLdapDialect } from '../support/openldap-dialect.js';
import { baseDn, initialPassword } from '../support/slapd.js';

const ol = useOpenLdapDialect();
const { canBind } = ol;

describe('OpenLDAP dialect: lookups', () => {
  it('test() binds as the service account and reads the base', async () => {
    expect(await ol.directory.test()).toEqual({ ok: true, value: { baseDn } });
  });

  it('finds a user by uid and by mail, with the sync attributes', async () => {
    const byUid = await ol.directory.findUser('alice');
    expect(byUid.ok && byUid.value?.dn).toBe(dnOf('alice'));
    expect(byUid.ok && byUid.value?.attributes).toMatchObject({
      uid: ['alice'],
      mail: ['alice@example.org'],
      mobile: ['+31 6 12345678'],
    });
    const byMail = await ol.directory.findUser('bob@example.org');
    expect(byMail.ok && byMail.value?.dn).toBe(dnOf('bob'));
  });

  it('finds nobody for an unknown login', async () => {
    expect(await ol.directory.findUser('nobody')).toEqual({ ok: true, value: null });
  });

  it('matches names with filter and DN specials exactly', async () => {
    const star = await ol.directory.findUser('star*(paren)\\');
    expect(star.ok && star.value?.attributes['uid']).toEqual(['star*(paren)\\']);
    const smith = await ol.directory.findUser('smith, john+x=1;<a>"b"#\\');
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
    const found = await ol.directory.findUser(login);
    expect(found.ok).toBe(true);
    if (found.ok && found.value) {
      const values = [...(found.value.attributes['uid'] ?? []), ...(found.value.attributes['mail'] ?? [])];
      expect(values).toContain(login);
    } else {
      expect(found).toEqual({ ok: true, value: null });
    }
  });

  it('more than one match is a misconfiguration, never a pick', async () => {
    const byCn = createOpenLdapDirectory({ ...ol.settings, loginAttributes: ['objectClass'] });
    const found = await byCn.findUser('inetOrgPerson');
    expect(found).toMatchObject({ ok: false, code: 'DIRECTORY_MISCONFIGURED', details: { reason: 'ambiguousLogin' } });
  });
});

describe('OpenLDAP dialect: reset and change with ppolicy', () => {
  it('resets a password as the service account; the user binds with the new one only', async () => {
    expect(await ol.directory.setPassword(dnOf('bob'), 'Fresh-Reset-2026', { mode: 'reset' })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(await canBind(dnOf('bob'), 'Fresh-Reset-2026')).toBe(true);
    expect(await canBind(dnOf('bob'), initialPassword)).toBe(false);
  });

  it('refuses a too-short password with tooShort', async () => {
    const result = await ol.directory.setPassword(dnOf('erin'), 'short', { mode: 'reset' });
    expect(result).toMatchObject({ ok: false, code: 'DIRECTORY_POLICY_REJECTED', details: { reason: 'tooShort' } });
    expect(await canBind(dnOf('erin'), initialPassword)).toBe(true);
  });

  it('refuses a password from the history with inHistory', async () => {
    expect(
      (
        await ol.directory.setPassword(dnOf('frank'), 'History-One-2026', {
          mode: 'change',
          oldPassword: initialPassword,
        })
      ).ok,
    ).toBe(true);
    expect(
      (
        await ol.directory.setPassword(dnOf('frank'), 'History-Two-2026', {
          mode: 'change',
          oldPassword: 'History-One-2026',
        })
      ).ok,
    ).toBe(true);
    const back = await ol.directory.setPassword(dnOf('frank'), 'History-One-2026', {
      mode: 'change',
      oldPassword: 'History-Two-2026',
    });
    expect(back).toMatchObject({ ok: false, code: 'DIRECTORY_POLICY_REJECTED', details: { reason: 'inHistory' } });
  });

  it('refuses a second change within pwdMinAge with tooYoung', async () => {
    expect(
      (
        await ol.directory.setPassword(dnOf('carol'), 'Young-One-2026', {
          mode: 'change',
          oldPassword: initialPassword,
        })
      ).ok,
    ).toBe(true);
    const again = await ol.directory.setPassword(dnOf('carol'), 'Young-Two-2026', {
      mode: 'change',
      oldPassword: 'Young-One-2026',
    });
    expect(again).toMatchObject({ ok: false, code: 'DIRECTORY_POLICY_REJECTED', details: { reason: 'tooYoung' } });
  });

  it('refuses with insufficientQuality a password the server cannot check (pwdCheckQuality 2)', async () => {
    // Without a quality-check module slapd can only judge a password it cannot read as cleartext:
    // one that looks pre-hashed. Under pwdCheckQuality 2 that is insufficientPasswordQuality (5).
    const result = await ol.directory.setPassword(dnOf('dave'), '{SSHA}Quality-Check-2026', { mode: 'reset' });
    expect(result).toMatchObject({
      ok: false,
      code: 'DIRECTORY_POLICY_REJECTED',
      details: { reason: 'insufficientQuality' },
    });
  });

  it('a change with the wrong current password is INVALID_CURRENT_PASSWORD', async () => {
    const result = await ol.directory.setPassword(dnOf('alice'), 'Whatever-2026x', {
      mode: 'change',
      oldPassword: 'not-her-password',
    });
    expect(result).toMatchObject({ ok: false, code: 'INVALID_CURRENT_PASSWORD' });
  });

  it("a change without the old password is mustSupplyOldPassword, and so is the server's own answer (pwdSafeModify)", async () => {
    expect(await ol.directory.setPassword(dnOf('grace'), 'Whatever-2026x', { mode: 'change' })).toMatchObject({
      ok: false,
      details: { reason: 'mustSupplyOldPassword' },
    });
    // The raw operation as the user, without oldPasswd: slapd's own refusal goes through the same decoding.
    const client = new Client({ url: ol.slapd.url, timeout: 2000 });
    const control = new PasswordPolicyControl();
    try {
      await client.startTLS({ ca: ol.settings.ca, host: '127.0.0.1' });
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
    const found = await ol.directory.findUser('smith, john+x=1;<a>"b"#\\');
    if (!found.ok || !found.value) throw new Error('not found');
    expect(await ol.directory.setPassword(found.value.dn, 'Escaped-Dn-2026', { mode: 'reset' })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(await canBind(found.value.dn, 'Escaped-Dn-2026')).toBe(true);
  });
});

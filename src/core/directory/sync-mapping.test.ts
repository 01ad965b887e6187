import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeDnValue } from './ldap-escape.js';
import { diffMembers, resolveMembers } from './sync-members.js';
import { administrativeLockTime, isAdministrativelyLocked } from '../../dialects/openldap/openldap.rules.js';
import {
  checkSyncUser,
  dnKey,
  laterMark,
  readGroupEntry,
  readUserEntry,
  sourceOfMode,
  userDifferences,
} from './sync-mapping.js';

const entry = (dn: string, attributes: Record<string, string[]>) => ({ dn, attributes });

describe('directory sync mapping', () => {
  it('reads AD users: objectGUID anchor, userPrincipalName, ACCOUNTDISABLE bit (attribute names in any case)', () => {
    const ad = readUserEntry(
      'ad',
      entry('CN=a,DC=x', {
        objectGUID: ['g'],
        USERPRINCIPALNAME: ['a@x.example'],
        userAccountControl: ['514'],
        uSNChanged: ['42'],
      }),
    );
    expect(ad).toMatchObject({ anchor: 'g', upn: 'a@x.example', enabled: false, mark: '42' });
    expect(readUserEntry('ad', entry('CN=a,DC=x', { userAccountControl: ['512'] })).enabled).toBe(true);
    const ldap = readUserEntry(
      'openldap',
      entry('uid=a,dc=x', {
        entryUUID: ['u'],
        mail: ['a@x.example'],
        cn: ['A B'],
        modifyTimestamp: ['20260301090000Z'],
      }),
    );
    expect(ldap).toMatchObject({
      anchor: 'u',
      upn: 'a@x.example',
      displayName: 'A B',
      enabled: true,
      mark: '20260301090000Z',
    });
  });

  it('reads an OpenLDAP administrative lock (pwdAccountLockedTime 000001010000Z) as disabled, a temporary lockout as enabled', () => {
    const person = (extra: Record<string, string[]>) =>
      entry('uid=a,dc=x', { entryUUID: ['u'], mail: ['a@x.example'], ...extra });
    expect(readUserEntry('openldap', person({ pwdAccountLockedTime: ['000001010000Z'] })).enabled).toBe(false);
    expect(readUserEntry('openldap', person({ PWDACCOUNTLOCKEDTIME: ['000001010000Z'] })).enabled).toBe(false);
    // A lockout after failed binds carries the time it happened: unlock is for that, the account stays enabled.
    expect(readUserEntry('openldap', person({ pwdAccountLockedTime: ['20260301090000Z'] })).enabled).toBe(true);
    expect(readUserEntry('openldap', person({})).enabled).toBe(true);
    expect(isAdministrativelyLocked([])).toBe(false);
    expect(isAdministrativelyLocked(['20260301090000Z', administrativeLockTime])).toBe(true);
    // AD decides by userAccountControl only.
    expect(
      readUserEntry('ad', entry('CN=a,DC=x', { userAccountControl: ['512'], pwdAccountLockedTime: ['000001010000Z'] }))
        .enabled,
    ).toBe(true);
  });

  it('reads groupOfUniqueNames members without the unique-identifier suffix', () => {
    expect(
      readGroupEntry(
        'openldap',
        entry('cn=g,dc=x', {
          entryUUID: ['u'],
          cn: ['g'],
          uniqueMember: ["uid=a,dc=x#'0101'B"],
          member: ['uid=b,dc=x'],
        }),
      ).members,
    ).toEqual(['uid=b,dc=x', 'uid=a,dc=x']);
  });

  it('orders marks: uSNChanged as numbers, generalized time as text', () => {
    expect(laterMark('ad', '9', '10')).toBe('10');
    expect(laterMark('ad', '10', null)).toBe('10');
    expect(laterMark('openldap', '20260301090000Z', '20260228235959Z')).toBe('20260301090000Z');
  });

  it('skips users without anchor, with an invalid UPN or one outside the verified domains; leaves out invalid phones', () => {
    const base = {
      anchor: 'u',
      dn: 'uid=a,dc=x',
      upn: 'a@x.example',
      displayName: null,
      givenName: 'A',
      surname: 'B',
      mobile: '+31 6 12345678',
      telephoneNumber: '12',
      enabled: true,
      mark: null,
    };
    expect(checkSyncUser({ ...base, anchor: null }, ['x.example'], 'synced')).toEqual({
      ok: false,
      reason: 'noAnchor',
    });
    expect(checkSyncUser({ ...base, upn: 'not a upn' }, ['x.example'], 'synced')).toEqual({
      ok: false,
      reason: 'upnInvalid',
    });
    expect(checkSyncUser({ ...base, upn: 'a@y.example' }, ['x.example'], 'synced')).toEqual({
      ok: false,
      reason: 'domainNotVerified',
    });
    const ok = checkSyncUser(base, ['X.example'], sourceOfMode('passthrough'));
    expect(ok).toMatchObject({
      ok: true,
      phonesSkipped: 1,
      fields: { displayName: 'A B', mobilePhone: '+31612345678', officePhone: null, source: 'passthrough' },
    });
  });

  it('finds no difference for what was stored, and names each field that differs', () => {
    const checked = checkSyncUser(
      {
        anchor: 'u',
        dn: 'uid=a,dc=x',
        upn: 'a@x.example',
        displayName: 'A',
        givenName: null,
        surname: null,
        mobile: null,
        telephoneNumber: null,
        enabled: true,
        mark: null,
      },
      ['x.example'],
      'synced',
    );
    if (!checked.ok) throw new Error('unexpected');
    const stored = { userId: 'id', ...checked.fields };
    expect(userDifferences(stored, checked.fields)).toEqual([]);
    expect(userDifferences({ ...stored, accountEnabled: false, dn: 'uid=b,dc=x' }, checked.fields)).toEqual([
      'dn',
      'accountEnabled',
    ]);
  });

  it('matches a member DN to its entry whatever the escaping or case (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), (value) => {
        const stored = `uid=${escapeDnValue(value)},ou=People,dc=x`;
        const hex = `UID=${[...new TextEncoder().encode(value)].map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('')},ou=people,DC=x`;
        expect(dnKey(hex)).toBe(dnKey(stored));
        const members = resolveMembers('g', [hex], new Map([[dnKey(stored), 'user-1']]), new Map());
        expect(members).toEqual([{ type: 'user', id: 'user-1' }]);
      }),
    );
  });

  it('resolves nested groups (never the group itself) and diffs members', () => {
    const groups = new Map([
      [dnKey('cn=a,dc=x'), 'ga'],
      [dnKey('cn=self,dc=x'), 'g'],
    ]);
    expect(resolveMembers('g', ['cn=a,dc=x', 'cn=self,dc=x', 'cn=unknown,dc=x'], new Map(), groups)).toEqual([
      { type: 'group', id: 'ga' },
    ]);
    expect(
      diffMembers(
        [
          { type: 'user', id: '1' },
          { type: 'user', id: '2' },
        ],
        [
          { type: 'user', id: '2' },
          { type: 'group', id: '3' },
        ],
      ),
    ).toEqual({
      add: [{ type: 'group', id: '3' }],
      remove: [{ type: 'user', id: '1' }],
    });
  });
});

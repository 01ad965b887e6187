import { describe, expect, it } from 'vitest';
import { adDeletedFilter, readDeletedEntries } from './ad-tombstones.rules.js';

const tombstone = (guid: string | undefined, classes: string[], isDeleted = 'TRUE') => ({
  dn: `CN=x\\0ADEL:${guid ?? 'none'},CN=Deleted Objects,DC=sspr,DC=test`,
  attributes: {
    ...(guid && { objectGUID: [guid] }),
    objectClass: classes,
    isDeleted: [isDeleted],
    uSNChanged: ['4242'],
  },
});

describe('deleted objects (AD tombstones)', () => {
  it('sorts tombstones into deleted user and group anchors', () => {
    const deleted = readDeletedEntries([
      tombstone('u-1', ['top', 'person', 'organizationalPerson', 'user']),
      tombstone('g-1', ['top', 'group']),
      tombstone('u-2', ['top', 'person', 'organizationalPerson', 'User']),
    ]);
    expect([...deleted.users]).toEqual(['u-1', 'u-2']);
    expect([...deleted.groups]).toEqual(['g-1']);
  });

  it('leaves out what deletes nothing: a live entry, no objectGUID, a computer, another class', () => {
    const deleted = readDeletedEntries([
      tombstone('live', ['top', 'user'], 'FALSE'),
      tombstone(undefined, ['top', 'user']),
      tombstone('pc', ['top', 'person', 'organizationalPerson', 'user', 'computer']),
      tombstone('ou', ['top', 'organizationalUnit']),
      { dn: 'CN=bare', attributes: { objectGUID: ['bare'], objectClass: ['user'] } },
    ]);
    expect(deleted.users.size + deleted.groups.size).toBe(0);
  });

  it('adds page after page into the same sets', () => {
    const into = readDeletedEntries([tombstone('u-1', ['user'])]);
    readDeletedEntries([tombstone('u-2', ['user']), tombstone('u-1', ['user'])], into);
    expect([...into.users]).toEqual(['u-1', 'u-2']);
  });

  it('filters tombstones of users and groups, from the watermark on', () => {
    expect(adDeletedFilter(undefined)).toBe('(&(isDeleted=TRUE)(|(objectClass=user)(objectClass=group)))');
    expect(adDeletedFilter('1234')).toBe(
      '(&(isDeleted=TRUE)(|(objectClass=user)(objectClass=group))(uSNChanged>=1234))',
    );
  });
});

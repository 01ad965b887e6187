/**
 * Every registered directory dialect is complete (issue #12): a dialect registered in `src/dialects/registry.ts` without
 * one of its parts — a descriptor field, a connection factory in the connector, a label in every locale — fails here,
 * so a third dialect cannot silently fall back on another's sync rules. Ids are unique, as they are stored.
 */
import { describe, expect, it } from 'vitest';
import { connectionFactories } from '../../src/adapters/directory/directory-connector.js';
import { createMemoryDirectory } from '../../src/adapters/directory/memory-directory.js';
import type { DirectoryDialect } from '../../src/core/directory/dialect.js';
import { dialects, directoryTypes } from '../../src/dialects/registry.js';
import { locales } from '../../src/i18n/i18n.js';

const isText = (value: unknown): boolean => typeof value === 'string' && value.trim().length > 0;
const isTextList = (value: unknown): boolean => Array.isArray(value) && value.length > 0 && value.every(isText);
const isFunction = (value: unknown): boolean => typeof value === 'function';

/** What a descriptor must have, part by part; the message names the missing part. */
const missingParts = (dialect: Partial<Record<keyof DirectoryDialect, unknown>>): string[] => {
  const d = dialect as Record<string, unknown> & {
    texts?: Record<string, { label?: unknown } | undefined>;
    user?: Record<string, unknown>;
    changeMark?: Record<string, unknown>;
    lockout?: Record<string, unknown>;
    lockoutPolicy?: Record<string, unknown>;
    passwordExpiry?: Record<string, unknown>;
    tombstones?: Record<string, unknown> | null;
  };
  const checks: Array<[string, boolean]> = [
    ['id', isText(d.id)],
    ...locales.map((locale): [string, boolean] => [`texts.${locale}.label`, isText(d.texts?.[locale]?.label)]),
    ['anchorAttribute', isText(d.anchorAttribute)],
    ['user.upnAttribute', isText(d.user?.upnAttribute)],
    ['user.displayNameAttribute', isText(d.user?.displayNameAttribute)],
    ['user.loginAttributes', isTextList(d.user?.loginAttributes)],
    ['changeMark.attribute', isText(d.changeMark?.attribute)],
    ['changeMark.pattern', d.changeMark?.pattern instanceof RegExp],
    ['changeMark.description', isText(d.changeMark?.description)],
    ['changeMark.isLater', isFunction(d.changeMark?.isLater)],
    ['disabledAttributes', isTextList(d.disabledAttributes)],
    ['isDisabled', isFunction(d.isDisabled)],
    ['lockout.attributes', isTextList(d.lockout?.attributes)],
    ['lockout.isLocked', isFunction(d.lockout?.isLocked)],
    ['lockout.unlockChanges', isFunction(d.lockout?.unlockChanges)],
    ['lockoutPolicy.userAttributes', isTextList(d.lockoutPolicy?.userAttributes)],
    ['lockoutPolicy.policyAttributes', isTextList(d.lockoutPolicy?.policyAttributes)],
    ['lockoutPolicy.read', isFunction(d.lockoutPolicy?.read)],
    ['passwordExpiry.userAttributes', isTextList(d.passwordExpiry?.userAttributes)],
    ['passwordExpiry.policyOf', isFunction(d.passwordExpiry?.policyOf)],
    ['passwordExpiry.policyAttributes', isTextList(d.passwordExpiry?.policyAttributes)],
    ['passwordExpiry.read', isFunction(d.passwordExpiry?.read)],
    ['readPasswordRefusal', isFunction(d.readPasswordRefusal)],
    // null is a decision (only full runs see deletions); undefined is a part left out.
    ['tombstones', d.tombstones === null || (isFunction(d.tombstones?.read) && isFunction(d.tombstones?.of))],
    ['urlHint', isText(d.urlHint)],
  ];
  return checks.filter(([, ok]) => !ok).map(([part]) => part);
};

describe('the dialect registry', () => {
  it('can fail: a dialect registered without its parts is reported part by part', () => {
    const [first] = dialects;
    const { changeMark: _mark, tombstones: _tombstones, ...incomplete } = first;
    expect(missingParts({ ...incomplete, id: 'third', texts: { en: { label: 'Third' } } })).toEqual([
      'texts.nl.label',
      'changeMark.attribute',
      'changeMark.pattern',
      'changeMark.description',
      'changeMark.isLater',
      'tombstones',
    ]);
  });

  it('has unique ids, and DirectoryType lists exactly the registered ones', () => {
    const ids = dialects.map((dialect) => dialect.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...directoryTypes]).toEqual(ids);
  });

  it.each(dialects.map((dialect) => [dialect.id, dialect] as const))(
    '%s has every part of a descriptor',
    (_id, dialect) => {
      expect(missingParts(dialect)).toEqual([]);
    },
  );

  it('each dialect has a connection factory in the connector, and no factory is left without a dialect', () => {
    expect(Object.keys(connectionFactories).sort()).toEqual([...directoryTypes].sort());
    for (const id of directoryTypes) {
      // Building a connection opens nothing (each verb opens its own session), so this does no I/O.
      const connection = connectionFactories[id]({
        url: 'ldaps://dc.invalid',
        bindDn: '',
        bindPassword: '',
        baseDn: '',
      });
      expect(connection.dialect).toBe(id);
    }
  });

  it('each dialect is emulated by the memory directory', () => {
    for (const id of directoryTypes) expect(createMemoryDirectory({ users: [], dialect: id }).dialect).toBe(id);
  });

  it("a dialect's tombstones read back as the anchors they were made from", () => {
    for (const dialect of dialects) {
      if (!dialect.tombstones) continue;
      const read = dialect.tombstones.read([
        dialect.tombstones.of('u-1', 'user'),
        dialect.tombstones.of('g-1', 'group'),
      ]);
      expect({ users: [...read.users], groups: [...read.groups] }).toEqual({ users: ['u-1'], groups: ['g-1'] });
    }
  });
});

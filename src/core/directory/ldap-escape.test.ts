import fc from 'fast-check';
import { AndFilter, EqualityFilter, FilterParser, OrFilter } from 'ldapts';
import { describe, expect, it } from 'vitest';
import {
  andFilter,
  anyEqualityFilter,
  childDn,
  equalityFilter,
  escapeDnValue,
  escapeFilterValue,
  normaliseDn,
  parseDn,
} from './ldap-escape.js';

/** Any string of whole code points (lone surrogates cannot be sent as UTF-8 and never reach a filter). */
const anyValue = fc.string({ unit: 'binary', maxLength: 40 });
const specials = fc.string({
  unit: fc.constantFrom('*', '(', ')', '\\', '\u0000', ',', '+', '=', '"', '#', ' ', ';', '<', '>', 'a', 'é', '😀'),
  maxLength: 20,
});
const values = fc.oneof(anyValue, specials);

describe('RFC 4515 filter values', () => {
  it('escapes exactly the five specials', () => {
    expect(escapeFilterValue('*)(uid=*))(|(uid=*')).toBe('\\2a\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a');
    expect(escapeFilterValue('x\u0000\\')).toBe('x\\00\\5c');
    expect(escapeFilterValue('Ærø 😀')).toBe('Ærø 😀');
  });

  it('round-trips: any value parses back as one equality assertion with that value', () => {
    fc.assert(
      fc.property(values, (value) => {
        const parsed = FilterParser.parseString(equalityFilter('uid', value));
        expect(parsed).toBeInstanceOf(EqualityFilter);
        expect((parsed as EqualityFilter).attribute).toBe('uid');
        expect((parsed as EqualityFilter).value).toBe(value);
      }),
      { numRuns: 500 },
    );
  });

  it('an OR over login attributes inside the configured AND stays that shape for any value', () => {
    fc.assert(
      fc.property(values, (value) => {
        const parsed = FilterParser.parseString(
          andFilter('(objectClass=inetOrgPerson)', anyEqualityFilter(['uid', 'mail'], value)),
        );
        expect(parsed).toBeInstanceOf(AndFilter);
        const [objectClass, either] = (parsed as AndFilter).filters;
        expect((objectClass as EqualityFilter).value).toBe('inetOrgPerson');
        expect(either).toBeInstanceOf(OrFilter);
        expect(
          (either as OrFilter).filters.map((filter) => [
            (filter as EqualityFilter).attribute,
            (filter as EqualityFilter).value,
          ]),
        ).toEqual([
          ['uid', value],
          ['mail', value],
        ]);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses an attribute name that is not one (configuration mistakes fail loudly)', () => {
    expect(() => equalityFilter('uid)(cn', 'x')).toThrow(/attribute name/);
    expect(() => equalityFilter('1.2.840.113556.1.4.221', 'x')).not.toThrow();
  });
});

describe('RFC 4514 DN values', () => {
  it('escapes the specials, a leading space or #, and a trailing space', () => {
    expect(escapeDnValue('Smith, John+x=1;<a>"b"\\')).toBe('Smith\\, John\\+x\\=1\\;\\<a\\>\\"b\\"\\\\');
    expect(escapeDnValue(' #lead')).toBe('\\ #lead');
    expect(escapeDnValue('#x')).toBe('\\#x');
    expect(escapeDnValue('trail ')).toBe('trail\\ ');
    expect(escapeDnValue(' ')).toBe('\\ ');
    expect(escapeDnValue('nul\u0000')).toBe('nul\\00');
  });

  it('round-trips through the DN parser: the child RDN is exactly (uid, value) and the parent is untouched', () => {
    fc.assert(
      fc.property(values, (value) => {
        const rdns = parseDn(childDn('uid', value, 'ou=people,dc=example,dc=org'));
        expect(rdns).toEqual([
          [{ type: 'uid', value }],
          [{ type: 'ou', value: 'people' }],
          [{ type: 'dc', value: 'example' }],
          [{ type: 'dc', value: 'org' }],
        ]);
      }),
      { numRuns: 500 },
    );
  });

  it('parses what servers send: hex pairs as UTF-8, multi-valued RDNs, spaces after commas', () => {
    expect(parseDn('uid=smith\\2C john\\2Bx,ou=people, dc=example')).toEqual([
      [{ type: 'uid', value: 'smith, john+x' }],
      [{ type: 'ou', value: 'people' }],
      [{ type: 'dc', value: 'example' }],
    ]);
    expect(parseDn('cn=J\\C3\\A9r\\C3\\B4me+uid=jj,dc=x')).toEqual([
      [
        { type: 'cn', value: 'Jérôme' },
        { type: 'uid', value: 'jj' },
      ],
      [{ type: 'dc', value: 'x' }],
    ]);
    for (const bad of ['uid', 'uid=a,', 'uid=#04', 'uid=a"b', 'uid=\\', '=x', 'uid=\\C3'])
      expect(() => parseDn(bad), bad).toThrow();
  });

  it('normalises DNs for comparison: case of types and values, spelling of escapes', () => {
    expect(normaliseDn('UID=Ivan,OU=People,DC=Example,DC=Org')).toBe(
      normaliseDn('uid=ivan,ou=people,dc=example,dc=org'),
    );
    expect(normaliseDn('cn=a\\2Cb,dc=x')).toBe(normaliseDn('CN=a\\,b, DC=x'));
    expect(normaliseDn('cn=a,dc=x')).not.toBe(normaliseDn('cn=a,dc=y'));
  });
});

/**
 * The exact modification the AD dialect sends, pinned byte for byte (MS-ADTS 3.1.1.3.1.5): a change is
 * one modify with delete(old) then add(new) of unicodePwd; a reset replaces unicodePwd and pwdLastSet. The Samba suite proves
 * a DC accepts them; this proves nothing else rides along.
 */
import { BerWriter } from 'ldapts';
import { describe, expect, it } from 'vitest';
import {
  adPasswordChanges,
  PolicyHintsControl,
} from '../../src/dialects/active-directory/active-directory-connection.adapter.js';

const ber = (write: (writer: BerWriter) => void): string => {
  const writer = new BerWriter();
  write(writer);
  return writer.buffer.toString('hex');
};
const utf16 = (text: string) => Buffer.from(text, 'utf16le').toString('hex');
const octets = (hex: string) => `04${(hex.length / 2).toString(16).padStart(2, '0')}${hex}`;
/** Change ::= SEQUENCE { operation ENUMERATED, modification SEQUENCE { type, SET OF value } } */
const change = (operation: number, value: string) => {
  const type = octets(Buffer.from('unicodePwd').toString('hex'));
  const set = `31${(value.length / 2 + 2).toString(16).padStart(2, '0')}${octets(value)}`;
  const attribute = `30${((type.length + set.length) / 2).toString(16).padStart(2, '0')}${type}${set}`;
  const body = `0a01${operation.toString(16).padStart(2, '0')}${attribute}`;
  return `30${(body.length / 2).toString(16).padStart(2, '0')}${body}`;
};

describe('AD password modification encoding', () => {
  it('a change is delete of the quoted old password then add of the quoted new one, UTF-16LE', () => {
    const changes = adPasswordChanges('Nieuw-2026', { mode: 'change', oldPassword: 'Oud-2025' });
    expect(changes.map((c) => c.operation)).toEqual(['delete', 'add']);
    expect(changes.map((c) => ber((writer) => c.write(writer)))).toEqual([
      change(1, utf16('"Oud-2025"')),
      change(0, utf16('"Nieuw-2026"')),
    ]);
  });

  it('a reset replaces unicodePwd and pwdLastSet (-1, or 0 to force a change) in the same modify', () => {
    const changes = adPasswordChanges('Nieuw-2026', { mode: 'reset' });
    expect(ber((writer) => changes[0]!.write(writer))).toBe(change(2, utf16('"Nieuw-2026"')));
    expect(changes.map((c) => [c.operation, c.modification.type, c.modification.values])).toEqual([
      ['replace', 'unicodePwd', [Buffer.from('"Nieuw-2026"', 'utf16le')]],
      ['replace', 'pwdLastSet', ['-1']],
    ]);
    expect(
      adPasswordChanges('Nieuw-2026', { mode: 'reset', mustChangeAtNextLogon: true })[1]?.modification.values,
    ).toEqual(['0']);
  });

  it('the policy-hints control is critical by default and carries SEQUENCE { INTEGER 1 }', () => {
    const oid = Buffer.from('1.2.840.113556.1.4.2239').toString('hex');
    const body = `04${(oid.length / 2).toString(16)}${oid}0101ff0405${'3003020101'}`;
    expect(ber((writer) => new PolicyHintsControl().write(writer))).toBe(`30${(body.length / 2).toString(16)}${body}`);
    expect(ber((writer) => new PolicyHintsControl(false).write(writer))).toContain('010100');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agreedMaxAge, expiryAfter, namedPolicy, parseFileTime, parseGeneralizedTime } from './directory-expiry.js';

describe('directory time formats', () => {
  it('GeneralizedTime: UTC with optional fraction; anything else (a zone offset, a 13th month, junk) is null', () => {
    expect(parseGeneralizedTime('20261201093000Z')?.toISOString()).toBe('2026-12-01T09:30:00.000Z');
    expect(parseGeneralizedTime('20261201093000.250Z')?.toISOString()).toBe('2026-12-01T09:30:00.250Z');
    expect(parseGeneralizedTime(' 20240229000000Z ')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    for (const bad of ['20261301093000Z', '20230229000000Z', '20261201246000Z', '20261201093000+0100', 'x', '', null])
      expect(parseGeneralizedTime(bad)).toBeNull();
  });

  it('FILETIME: 100 ns since 1601; 0 and the largest int8 are never; negative or malformed is null', () => {
    // 2026-12-01T00:00:00Z = 1796083200 s after 1970, plus the 11644473600 s between the epochs.
    const ticks = (1_796_083_200n + 11_644_473_600n) * 10_000_000n;
    expect((parseFileTime(String(ticks)) as Date).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(parseFileTime('0')).toBe('never');
    expect(parseFileTime('9223372036854775807')).toBe('never');
    for (const bad of ['-1', '9223372036854775808', 'abc', '1.5', null]) expect(parseFileTime(bad)).toBeNull();
  });

  it('FILETIME round-trips any instant a Date holds to the millisecond (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }), (d) => {
        const ticks = (BigInt(d.getTime()) + 11_644_473_600_000n) * 10_000n;
        expect((parseFileTime(String(ticks)) as Date).getTime()).toBe(d.getTime());
      }),
    );
  });
});

describe('expiry arithmetic', () => {
  const changed = new Date('2026-12-01T00:00:00Z');

  it('expires a maximum age after the change; 0 is never', () => {
    expect(expiryAfter(changed, 90 * 86_400)).toEqual({ kind: 'expires', at: '2027-03-01T00:00:00.000Z' });
    expect(expiryAfter(changed, 0)).toEqual({ kind: 'never' });
  });

  it('the default policy counts only when its candidates agree (a guess would send wrong reminders)', () => {
    expect(agreedMaxAge([7_776_000])).toBe(7_776_000);
    expect(agreedMaxAge([7_776_000, 7_776_000])).toBe(7_776_000);
    expect(agreedMaxAge([0, 0])).toBe(0);
    expect(agreedMaxAge([7_776_000, 0])).toBeUndefined();
    expect(agreedMaxAge([])).toBeUndefined();
  });

  it('finds a named policy by DN whatever the spelling the server answers in', () => {
    const entry = { dn: 'CN=Short,CN=Password Settings Container,CN=System,DC=sspr,DC=test', attributes: {} };
    const policies = { defaults: [], named: [entry] };
    expect(namedPolicy(policies, 'cn=short, cn=password settings container,cn=system,dc=sspr,dc=test')).toBe(entry);
    expect(namedPolicy(policies, 'cn=other,dc=sspr,dc=test')).toBeUndefined();
  });
});

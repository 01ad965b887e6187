import { describe, expect, it } from 'vitest';
import { readAdExpiry } from './ad-expiry.rules.js';

const entry = (dn: string, attributes: Record<string, string>) => ({
  dn,
  attributes: Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, [value]])),
});
/** A FILETIME for an ISO instant. */
const fileTime = (iso: string) => String((BigInt(Date.parse(iso)) + 11_644_473_600_000n) * 10_000n);
/** An AD interval (negative 100 ns) of n days. */
const interval = (days: number) => String(-BigInt(days) * 86_400n * 10_000_000n);
const domain = entry('DC=sspr,DC=test', { maxPwdAge: interval(42) });
const pso = 'CN=short,CN=Password Settings Container,CN=System,DC=sspr,DC=test';

describe('Active Directory password expiry', () => {
  it('msDS-UserPasswordExpiryTimeComputed first: the DC already applied maxPwdAge, PSOs and DONT_EXPIRE_PASSWD', () => {
    const at = '2027-01-12T08:00:00.000Z';
    expect(readAdExpiry(entry('CN=a', { 'msDS-UserPasswordExpiryTimeComputed': fileTime(at) }), null)).toEqual({
      kind: 'expires',
      at,
    });
    for (const never of ['0', '9223372036854775807'])
      expect(readAdExpiry(entry('CN=a', { 'msDS-UserPasswordExpiryTimeComputed': never }), null)).toEqual({
        kind: 'never',
      });
  });

  it('without it: DONT_EXPIRE_PASSWD is never; else pwdLastSet + the domain maxPwdAge', () => {
    const policies = { defaults: [domain], named: [] };
    const lastSet = fileTime('2026-12-01T00:00:00.000Z');
    expect(readAdExpiry(entry('CN=a', { userAccountControl: '66048', pwdLastSet: lastSet }), policies)).toEqual({
      kind: 'never',
    });
    expect(readAdExpiry(entry('CN=a', { userAccountControl: '512', pwdLastSet: lastSet }), policies)).toEqual({
      kind: 'expires',
      at: '2027-01-12T00:00:00.000Z',
    });
    const never = { defaults: [entry('DC=sspr,DC=test', { maxPwdAge: '-9223372036854775808' })], named: [] };
    expect(readAdExpiry(entry('CN=a', { pwdLastSet: lastSet }), never)).toEqual({ kind: 'never' });
  });

  it("the PSO's msDS-MaximumPasswordAge when readable; unknown when not, when must-change (0), or unread", () => {
    const lastSet = fileTime('2026-12-01T00:00:00.000Z');
    const user = entry('CN=f', { pwdLastSet: lastSet, 'msDS-ResultantPSO': pso });
    const readable = { defaults: [domain], named: [entry(pso, { 'msDS-MaximumPasswordAge': interval(10) })] };
    expect(readAdExpiry(user, readable)).toEqual({ kind: 'expires', at: '2026-12-11T00:00:00.000Z' });
    // Readable entry, attribute withheld (Samba's default ACL on the Password Settings Container).
    expect(readAdExpiry(user, { defaults: [domain], named: [entry(pso, {})] })).toEqual({ kind: 'unknown' });
    expect(readAdExpiry(user, { defaults: [domain], named: [] })).toEqual({ kind: 'unknown' });
    expect(readAdExpiry(entry('CN=a', { pwdLastSet: '0' }), { defaults: [domain], named: [] })).toEqual({
      kind: 'unknown',
    });
    expect(readAdExpiry(entry('CN=a', { pwdLastSet: lastSet }), null)).toEqual({ kind: 'unknown' });
  });
});

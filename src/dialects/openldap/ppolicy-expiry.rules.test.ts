import { describe, expect, it } from 'vitest';
import { readPpolicyExpiry } from './ppolicy-expiry.rules.js';

const entry = (dn: string, attributes: Record<string, string>) => ({
  dn,
  attributes: Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, [value]])),
});
const policy = (cn: string, maxAge?: number) =>
  entry(`cn=${cn},ou=policies,dc=example,dc=org`, maxAge === undefined ? {} : { pwdMaxAge: String(maxAge) });
const days = (n: number) => n * 86_400;
const changed = '20261201000000Z';

describe('ppolicy password expiry', () => {
  const policies = { defaults: [policy('default', days(90))], named: [policy('short', days(30))] };

  it('pwdChangedTime + the default policy pwdMaxAge, or the subentry policy when the user names one', () => {
    expect(readPpolicyExpiry(entry('uid=a', { pwdChangedTime: changed }), policies)).toEqual({
      kind: 'expires',
      at: '2027-03-01T00:00:00.000Z',
    });
    const own = { pwdChangedTime: changed, pwdPolicySubentry: 'CN=Short,ou=policies,dc=example,dc=org' };
    expect(readPpolicyExpiry(entry('uid=b', own), policies)).toEqual({
      kind: 'expires',
      at: '2026-12-31T00:00:00.000Z',
    });
  });

  it('pwdMaxAge 0 or absent never expires; a policy named but not readable is unknown', () => {
    const lax = { defaults: [policy('default')], named: [policy('zero', 0)] };
    expect(readPpolicyExpiry(entry('uid=a', { pwdChangedTime: changed }), lax)).toEqual({ kind: 'never' });
    const zero = { pwdChangedTime: changed, pwdPolicySubentry: 'cn=zero,ou=policies,dc=example,dc=org' };
    expect(readPpolicyExpiry(entry('uid=b', zero), lax)).toEqual({ kind: 'never' });
    const hidden = { pwdChangedTime: changed, pwdPolicySubentry: 'cn=hidden,ou=policies,dc=example,dc=org' };
    expect(readPpolicyExpiry(entry('uid=c', hidden), lax)).toEqual({ kind: 'unknown' });
  });

  it('unknown without pwdChangedTime, without policies, or when the default candidates disagree', () => {
    expect(readPpolicyExpiry(entry('uid=a', {}), policies)).toEqual({ kind: 'unknown' });
    expect(readPpolicyExpiry(entry('uid=a', { pwdChangedTime: changed }), null)).toEqual({ kind: 'unknown' });
    const ambiguous = { defaults: [policy('a', days(90)), policy('b', days(30))], named: [] };
    expect(readPpolicyExpiry(entry('uid=a', { pwdChangedTime: changed }), ambiguous)).toEqual({ kind: 'unknown' });
    const agreeing = { defaults: [policy('a', days(90)), policy('b', days(90))], named: [] };
    expect(readPpolicyExpiry(entry('uid=a', { PWDCHANGEDTIME: changed }), agreeing).kind).toBe('expires');
  });
});

import { describe, expect, it } from 'vitest';
import { isProtectedAccount, noProtectedAccounts } from './protected-accounts.js';

const dn = 'CN=Jan,OU=Staff,DC=example,DC=org';

describe('protected accounts (reference §3.3)', () => {
  it('adminCount=1 is protected whatever the configuration', () => {
    expect(isProtectedAccount({ dn, adminCount: ['1'] }, noProtectedAccounts)).toBe(true);
    expect(isProtectedAccount({ dn, adminCount: ['0'] }, noProtectedAccounts)).toBe(false);
    expect(isProtectedAccount({ dn }, noProtectedAccounts)).toBe(false);
  });

  it('a listed DN is protected, compared by value not spelling', () => {
    expect(isProtectedAccount({ dn }, { dns: ['cn=jan, ou=staff, dc=example, dc=org'], groups: [] })).toBe(true);
    expect(isProtectedAccount({ dn }, { dns: ['cn=piet,ou=staff,dc=example,dc=org'], groups: [] })).toBe(false);
  });

  it('a member of a listed group is protected', () => {
    const rule = { dns: [], groups: ['CN=Tier0,OU=Groups,DC=example,DC=org'] };
    expect(isProtectedAccount({ dn, memberOf: ['cn=tier0,ou=groups,dc=example,dc=org'] }, rule)).toBe(true);
    expect(isProtectedAccount({ dn, memberOf: ['cn=staff,ou=groups,dc=example,dc=org'] }, rule)).toBe(false);
  });

  it('an unreadable DN is refused (the safe side)', () => {
    expect(isProtectedAccount({ dn: 'not a dn' }, noProtectedAccounts)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { readPpolicyLockout, strictestLockout } from './ppolicy-lockout.rules.js';

const policy = (attributes: Record<string, string>) => ({
  dn: 'cn=p,ou=policies,dc=example,dc=org',
  attributes: Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, [value]])),
});

describe('ppolicy lockout settings', () => {
  it('reads pwdMaxFailure and pwdFailureCountInterval only when pwdLockout is TRUE (names in any case)', () => {
    expect(
      readPpolicyLockout(policy({ pwdLockout: 'TRUE', pwdMaxFailure: '3', pwdFailureCountInterval: '300' })),
    ).toEqual({ threshold: 3, windowSeconds: 300 });
    expect(readPpolicyLockout(policy({ PWDLOCKOUT: 'TRUE', PWDMAXFAILURE: '5' }))).toEqual({
      threshold: 5,
      windowSeconds: 0,
    });
    // Failures are recorded but nothing locks.
    expect(readPpolicyLockout(policy({ pwdLockout: 'FALSE', pwdMaxFailure: '3' })).threshold).toBe(0);
    expect(readPpolicyLockout(policy({ pwdMaxFailure: '3' })).threshold).toBe(0);
    expect(readPpolicyLockout(policy({ pwdLockout: 'TRUE', pwdMaxFailure: 'x' })).threshold).toBe(0);
  });

  it('the strictest of several: the lowest locking threshold and the longest window, 0 counting as the longest', () => {
    expect(
      strictestLockout([
        { threshold: 0, windowSeconds: 0 },
        { threshold: 5, windowSeconds: 60 },
        { threshold: 3, windowSeconds: 300 },
      ]),
    ).toEqual({ threshold: 3, windowSeconds: 300 });
    expect(
      strictestLockout([
        { threshold: 5, windowSeconds: 0 },
        { threshold: 3, windowSeconds: 300 },
      ]),
    ).toEqual({ threshold: 3, windowSeconds: 0 });
    expect(strictestLockout([{ threshold: 0, windowSeconds: 60 }])).toEqual({ threshold: 0, windowSeconds: 0 });
  });
});

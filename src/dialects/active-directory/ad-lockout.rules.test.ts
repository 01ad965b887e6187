import { describe, expect, it } from 'vitest';
import { adDurationSeconds, domainOf, readAdLockout } from './ad-lockout.rules.js';

const entry = (attributes: Record<string, string>) => ({
  dn: 'DC=sspr,DC=test',
  attributes: Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, [value]])),
});

describe('AD lockout settings', () => {
  it('reads the domain object and a PSO, the PSO first', () => {
    expect(readAdLockout(entry({ lockoutThreshold: '5', lockOutObservationWindow: '-18000000000' }))).toEqual({
      threshold: 5,
      windowSeconds: 1800,
    });
    expect(
      readAdLockout(entry({ 'msDS-LockoutThreshold': '10', 'msDS-LockoutObservationWindow': '-6000000000' })),
    ).toEqual({ threshold: 10, windowSeconds: 600 });
    expect(readAdLockout(entry({ lockoutThreshold: '0', lockOutObservationWindow: '-18000000000' })).threshold).toBe(0);
  });

  it('turns AD durations into whole seconds, rounded up; "never" keeps failures until cleared (0)', () => {
    expect(adDurationSeconds('-18000000000')).toBe(1800);
    expect(adDurationSeconds('-10000001')).toBe(2);
    expect(adDurationSeconds('-9223372036854775808')).toBe(0);
    expect(adDurationSeconds(null)).toBe(0);
    expect(adDurationSeconds('soon')).toBe(0);
  });

  it('finds the domain object of an entry', () => {
    expect(domainOf('CN=Frank,CN=Users,DC=sspr,DC=test')).toBe('DC=sspr,DC=test');
    expect(domainOf('CN=x,OU=a,dc=child,dc=sspr,dc=test')).toBe('dc=child,dc=sspr,dc=test');
    expect(domainOf('uid=a,ou=people')).toBeNull();
  });
});

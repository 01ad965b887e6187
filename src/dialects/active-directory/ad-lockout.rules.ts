/**
 * Active Directory's account lockout settings, read from the domain object (`lockoutThreshold`,
 * `lockOutObservationWindow`: the default domain policy) or from a fine-grained password policy (a PSO:
 * `msDS-LockoutThreshold`, `msDS-LockoutObservationWindow`), whichever entry the adapter found in force for the
 * user. A threshold of 0 never locks. The window ("reset account lockout counter after") is a negative count of
 * 100-nanosecond intervals, as every AD duration. Pure.
 */
import { firstOf } from '../../core/directory/entry-values.js';
import type { DirectoryEntry } from '../../core/directory/directory-ports.js';
import type { DirectoryLockoutPolicy } from '../../core/lockout/directory-lockout.js';

export const adLockoutAttributes = [
  'lockoutThreshold',
  'lockOutObservationWindow',
  'msDS-LockoutThreshold',
  'msDS-LockoutObservationWindow',
] as const;

/** AD's "never" for a duration: the most negative int8. */
const never = -9_223_372_036_854_775_808n;

/**
 * An AD duration (negative 100 ns intervals, as text) in whole seconds, rounded up so the service never outlasts it by
 * less than the directory's own count. "Never" is 0 in the window's sense: the failures are kept until cleared.
 */
export const adDurationSeconds = (value: string | null): number => {
  if (value === null || !/^-?[0-9]{1,20}$/.test(value)) return 0;
  const ticks = BigInt(value);
  if (ticks === never) return 0;
  const magnitude = ticks < 0n ? -ticks : ticks;
  return Number((magnitude + 9_999_999n) / 10_000_000n);
};

export const readAdLockout = (policy: DirectoryEntry): DirectoryLockoutPolicy => {
  const threshold = Number(firstOf(policy, 'msDS-LockoutThreshold') ?? firstOf(policy, 'lockoutThreshold') ?? '0');
  return {
    threshold: Number.isSafeInteger(threshold) && threshold > 0 ? threshold : 0,
    windowSeconds: adDurationSeconds(
      firstOf(policy, 'msDS-LockoutObservationWindow') ?? firstOf(policy, 'lockOutObservationWindow'),
    ),
  };
};

/** The domain naming context an entry lives in (its domain object): its DN from the first `DC=` component on. */
export const domainOf = (dn: string): string | null => {
  const match = /(?:^|,)\s*(dc=.*)$/i.exec(dn);
  return match?.[1] ?? null;
};

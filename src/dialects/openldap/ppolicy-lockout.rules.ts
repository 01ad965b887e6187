/**
 * OpenLDAP ppolicy's lockout settings (draft-behera-ldap-password-policy §5.2), read from a `pwdPolicy` entry: the
 * account locks after `pwdMaxFailure` consecutive failed binds only when `pwdLockout` is TRUE (otherwise failures
 * are recorded and nothing locks), and `pwdFailureCountInterval` seconds after a failure the server forgets it (0:
 * never, until a successful bind or an unlock). Both default to 0. Pure.
 */
import { firstOf } from '../../core/directory/entry-values.js';
import type { DirectoryEntry } from '../../core/directory/directory-ports.js';
import type { DirectoryLockoutPolicy } from '../../core/lockout/directory-lockout.js';

export const ppolicyLockoutAttributes = ['pwdLockout', 'pwdMaxFailure', 'pwdFailureCountInterval'] as const;

const nonNegative = (value: string | null): number => {
  const parsed = Number(value ?? '0');
  return Number.isSafeInteger(parsed) && parsed > 0 ? parsed : 0;
};

export const readPpolicyLockout = (policy: DirectoryEntry): DirectoryLockoutPolicy => {
  const locks = firstOf(policy, 'pwdLockout')?.toUpperCase() === 'TRUE';
  return {
    threshold: locks ? nonNegative(firstOf(policy, 'pwdMaxFailure')) : 0,
    windowSeconds: nonNegative(firstOf(policy, 'pwdFailureCountInterval')),
  };
};

/**
 * Several candidate policies and no way to tell which applies (the default policy is configured in cn=config, which
 * the service account usually cannot read): the strictest combination of them — the lowest threshold of those that
 * lock, and the longest window (0, "kept until cleared", is the longest) — so the service still trips first.
 */
export const strictestLockout = (policies: readonly DirectoryLockoutPolicy[]): DirectoryLockoutPolicy => {
  const locking = policies.filter((policy) => policy.threshold > 0);
  if (locking.length === 0) return { threshold: 0, windowSeconds: 0 };
  const windows = locking.map((policy) => policy.windowSeconds);
  return {
    threshold: Math.min(...locking.map((policy) => policy.threshold)),
    windowSeconds: windows.includes(0) ? 0 : Math.max(...windows),
  };
};

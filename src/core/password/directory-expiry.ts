/**
 * Directory password expiry (issue #16 item 2): the time formats directories write and the arithmetic that turns
 * them into an expiry instant, for the dialect descriptors' `passwordExpiry.read`. Pure: no clock is needed, since
 * the directory's own "last changed" instant is the origin.
 *
 * Three answers, kept apart because sync acts differently on them: the password expires at an instant; it never
 * expires (no maximum age, or the account is exempt); or it cannot be told (no change time, a policy the service
 * account cannot read). Sync stores the instant, and nothing for the other two, so no reminder goes out.
 */
import type { DirectoryEntry } from '../directory/directory-ports.js';
import { normaliseDn } from '../directory/ldap-escape.js';

export type DirectoryPasswordExpiry = { kind: 'expires'; at: string } | { kind: 'never' } | { kind: 'unknown' };

export const expiresAt = (at: Date): DirectoryPasswordExpiry => ({ kind: 'expires', at: at.toISOString() });
export const neverExpires: DirectoryPasswordExpiry = { kind: 'never' };
export const unknownExpiry: DirectoryPasswordExpiry = { kind: 'unknown' };

/**
 * The policy entries a page of users needs, as the connection could read them: the candidates for the directory's
 * default policy (one when the directory names it; several when the service account can only see which exist) and
 * the policies users name themselves (ppolicy `pwdPolicySubentry`, AD `msDS-ResultantPSO`). A named policy missing
 * from `named` could not be read.
 */
export interface DirectoryPasswordPolicies {
  defaults: DirectoryEntry[];
  named: DirectoryEntry[];
}

const comparableDn = (dn: string): string => {
  try {
    return normaliseDn(dn);
  } catch {
    return dn.toLowerCase();
  }
};

/** The named policy entry at `dn` (DNs compared as DNs: servers answer in their own spelling), if it was read. */
export const namedPolicy = (policies: DirectoryPasswordPolicies, dn: string): DirectoryEntry | undefined =>
  policies.named.find((policy) => comparableDn(policy.dn) === comparableDn(dn));

export const noPasswordPolicies: DirectoryPasswordPolicies = { defaults: [], named: [] };

/** GeneralizedTime as slapd writes it (`YYYYMMDDHHMMSS[.fraction]Z`, UTC); anything else is null. */
export const parseGeneralizedTime = (value: string | null): Date | null => {
  const match =
    value === null ? null : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:[.,](\d+))?Z$/.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = match[7] ? Math.floor(Number(`0.${match[7]}`) * 1000) : 0;
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
  // Date.UTC rolls 20261332 over into the next year; a value that does not round-trip is not a time.
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 60
    ? date
    : null;
};

/** 100-ns intervals between 1601-01-01 and 1970-01-01 (the FILETIME and Unix epochs). */
const fileTimeEpochOffset = 116_444_736_000_000_000n;
/** AD's "never" as a FILETIME: the largest int8. */
const fileTimeNever = 0x7fff_ffff_ffff_ffffn;

/**
 * An AD FILETIME (100-ns intervals since 1601, as text) as an instant; 'never' for 0 and the largest int8 (how
 * `msDS-UserPasswordExpiryTimeComputed` says the password does not expire); null for anything that is not one.
 */
export const parseFileTime = (value: string | null): Date | 'never' | null => {
  if (value === null || !/^-?\d{1,20}$/.test(value.trim())) return null;
  const ticks = BigInt(value.trim());
  if (ticks === 0n || ticks === fileTimeNever) return 'never';
  if (ticks < 0n || ticks > fileTimeNever) return null;
  const ms = (ticks - fileTimeEpochOffset) / 10_000n;
  // Beyond what a Date holds (±8.64e15 ms): as good as never, and not representable.
  return ms > 8_640_000_000_000_000n ? 'never' : new Date(Number(ms));
};

/** The instant a password changed at `changedAt` expires under a maximum age in seconds (0: never). */
export const expiryAfter = (changedAt: Date, maxAgeSeconds: number): DirectoryPasswordExpiry =>
  maxAgeSeconds <= 0 ? neverExpires : expiresAt(new Date(changedAt.getTime() + maxAgeSeconds * 1000));

/**
 * The maximum age of the default policy from its candidates: the one value they all agree on, or undefined when
 * there is none or they disagree. Unlike lockout (where the strictest candidate lets the service trip first), a
 * guessed expiry would send wrong reminders and send users to the change form before their directory would, so a
 * disagreement is "unknown": docs/password-expiry.md says how to let the service account read the default.
 */
export const agreedMaxAge = (candidates: readonly number[]): number | undefined =>
  candidates.length > 0 && candidates.every((age) => age === candidates[0]) ? candidates[0] : undefined;

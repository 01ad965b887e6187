/**
 * Directory sync's attribute mapping: a directory entry (OpenLDAP inetOrgPerson / groupOfNames, AD user /
 * group) to the fields a synced user or group gets here, and the checks a user must pass to be synced.
 * Pure: the service reads pages and writes the store.
 */
import type { DirectoryEntry } from '../ports.js';
import type { UserSource } from '../model.js';
import { checkPhone, checkUpn } from './identifiers.js';
import { normaliseDn } from './ldap-escape.js';
import type { LinkedUser, SkipReason, SyncConnectionConfig, SyncedUserFields } from './sync-model.js';

/** AD userAccountControl ACCOUNTDISABLE (0x2). */
const accountDisableBit = 2;
/**
 * ppolicy's administrative lock: `pwdAccountLockedTime` set to this value locks the account until an administrator
 * removes it (draft-behera-ldap-password-policy §5.3.3), which is how OpenLDAP has a "disabled" account.
 */
export const administrativeLockTime = '000001010000Z';

const valuesOf = (entry: DirectoryEntry, name: string): readonly string[] => {
  const wanted = name.toLowerCase();
  const key = Object.keys(entry.attributes).find((attribute) => attribute.toLowerCase() === wanted);
  return key ? (entry.attributes[key] ?? []) : [];
};
const firstOf = (entry: DirectoryEntry, name: string): string | null => {
  const value = valuesOf(entry, name)[0]?.trim();
  return value ? value : null;
};

/** The user source a connection's mode gives its users (password hash sync → 'synced'). */
export const sourceOfMode = (mode: SyncConnectionConfig['mode']): UserSource =>
  mode === 'passwordHashSync' ? 'synced' : mode;

/** A comparable DN (RFC 4514 parse, case-folded); an unparsable DN is compared as itself. */
export const dnKey = (dn: string): string => {
  try {
    return normaliseDn(dn);
  } catch {
    return dn.toLowerCase();
  }
};

/**
 * Whether an OpenLDAP entry's `pwdAccountLockedTime` values hold the administrative lock. Any other time is a
 * temporary lockout after failed binds: the account is still enabled (unlocking it is what SSPR unlock is for).
 */
export const isAdministrativelyLocked = (lockedTimes: readonly string[]): boolean =>
  lockedTimes.some((value) => value.trim() === administrativeLockTime);

/** Whether an AD entry's `userAccountControl` has ACCOUNTDISABLE: an administrator disabled it. */
export const isAdAccountDisabled = (userAccountControl: readonly string[]): boolean =>
  (Number(userAccountControl[0] ?? '0') & accountDisableBit) !== 0;

export interface DirectoryUserRecord {
  anchor: string | null;
  dn: string;
  upn: string | null;
  displayName: string | null;
  givenName: string | null;
  surname: string | null;
  mobile: string | null;
  telephoneNumber: string | null;
  enabled: boolean;
  /** The entry's change mark (modifyTimestamp / uSNChanged), for the watermark. */
  mark: string | null;
}

export const readUserEntry = (dialect: 'openldap' | 'ad', entry: DirectoryEntry): DirectoryUserRecord => {
  const givenName = firstOf(entry, 'givenName');
  const surname = firstOf(entry, 'sn');
  if (dialect === 'ad') {
    return {
      anchor: firstOf(entry, 'objectGUID'),
      dn: entry.dn,
      upn: firstOf(entry, 'userPrincipalName'),
      displayName: firstOf(entry, 'displayName'),
      givenName,
      surname,
      mobile: firstOf(entry, 'mobile'),
      telephoneNumber: firstOf(entry, 'telephoneNumber'),
      enabled: !isAdAccountDisabled(valuesOf(entry, 'userAccountControl')),
      mark: firstOf(entry, 'uSNChanged'),
    };
  }
  return {
    anchor: firstOf(entry, 'entryUUID'),
    dn: entry.dn,
    upn: firstOf(entry, 'mail'),
    displayName: firstOf(entry, 'cn'),
    givenName,
    surname,
    mobile: firstOf(entry, 'mobile'),
    telephoneNumber: firstOf(entry, 'telephoneNumber'),
    enabled: !isAdministrativelyLocked(valuesOf(entry, 'pwdAccountLockedTime')),
    mark: firstOf(entry, 'modifyTimestamp'),
  };
};

export interface DirectoryGroupRecord {
  anchor: string | null;
  dn: string;
  name: string | null;
  /** Member DNs (OpenLDAP member/uniqueMember, AD member). */
  members: readonly string[];
  mark: string | null;
}

export const readGroupEntry = (dialect: 'openldap' | 'ad', entry: DirectoryEntry): DirectoryGroupRecord => ({
  anchor: firstOf(entry, dialect === 'ad' ? 'objectGUID' : 'entryUUID'),
  dn: entry.dn,
  name: firstOf(entry, 'cn'),
  // groupOfUniqueNames values may carry an "#'0101'B" unique-identifier suffix; the DN is before it.
  members: [
    ...valuesOf(entry, 'member'),
    ...valuesOf(entry, 'uniqueMember').map((value) => value.replace(/#'[01]*'B$/, '')),
  ],
  mark: firstOf(entry, dialect === 'ad' ? 'uSNChanged' : 'modifyTimestamp'),
});

/** The later of two change marks: generalized times compare as text, uSNChanged as numbers. */
export const laterMark = (dialect: 'openldap' | 'ad', a: string | null, b: string | null): string | null => {
  if (a === null) return b;
  if (b === null) return a;
  if (dialect === 'ad') return BigInt(b) > BigInt(a) ? b : a;
  return b > a ? b : a;
};

export type { SyncedUserFields } from './sync-model.js';

export type CheckedSyncUser =
  { ok: true; fields: SyncedUserFields; phonesSkipped: number } | { ok: false; reason: SkipReason };

const clip = (value: string | null, max: number): string | null => (value === null ? null : value.slice(0, max));

/**
 * Whether the entry can be a user here, and as what: an anchor, a valid UPN on one of the tenant's
 * verified domains (else skipped, as Entra Connect leaves such users out), phones in E.164 (an invalid one
 * is left out and counted; the user is still synced).
 */
export const checkSyncUser = (
  record: DirectoryUserRecord,
  verifiedDomains: readonly string[],
  source: UserSource,
): CheckedSyncUser => {
  if (!record.anchor) return { ok: false, reason: 'noAnchor' };
  if (!record.upn) return { ok: false, reason: 'upnInvalid' };
  const upn = checkUpn(record.upn);
  if (!upn.ok) return { ok: false, reason: 'upnInvalid' };
  const domains = new Set(verifiedDomains.map((domain) => domain.toLowerCase()));
  if (!domains.has(upn.value.domain.toLowerCase())) return { ok: false, reason: 'domainNotVerified' };
  let phonesSkipped = 0;
  const phone = (input: string | null): string | null => {
    if (input === null) return null;
    const checked = checkPhone(input);
    if (checked.ok) return checked.value;
    phonesSkipped += 1;
    return null;
  };
  const givenName = clip(record.givenName, 64);
  const surname = clip(record.surname, 64);
  const displayName =
    clip(record.displayName ?? ([givenName, surname].filter(Boolean).join(' ') || upn.value.localPart), 256) ??
    upn.value.localPart;
  const mobilePhone = phone(record.mobile);
  const officePhone = phone(record.telephoneNumber);
  return {
    ok: true,
    phonesSkipped,
    fields: {
      anchor: record.anchor,
      dn: record.dn,
      upn: upn.value.upn,
      displayName,
      givenName,
      surname,
      mobilePhone,
      officePhone,
      accountEnabled: record.enabled,
      source,
    },
  };
};

/** What differs between the stored user and the directory's; empty when the run changes nothing. */
export const userDifferences = (linked: LinkedUser, fields: SyncedUserFields): Array<keyof SyncedUserFields> => {
  const differs: Array<keyof SyncedUserFields> = [];
  if (linked.upn !== fields.upn) differs.push('upn');
  if (linked.dn !== fields.dn) differs.push('dn');
  for (const key of [
    'displayName',
    'givenName',
    'surname',
    'mobilePhone',
    'officePhone',
    'accountEnabled',
    'source',
  ] as const) {
    if (linked[key] !== fields[key]) differs.push(key);
  }
  return differs;
};

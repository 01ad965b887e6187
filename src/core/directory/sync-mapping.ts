/**
 * Directory sync's attribute mapping: a directory entry (OpenLDAP inetOrgPerson / groupOfNames, AD user /
 * group) to the fields a synced user or group gets here, and the checks a user must pass to be synced.
 * Pure: the service reads pages and writes the store.
 */
import { dialectOf } from '../../dialects/registry.js';
import type { DirectoryEntry } from '../ports.js';
import type { DirectoryType, UserSource } from '../model.js';
import { firstOf, valuesOf } from './entry-values.js';
import { checkPhone, checkUpn } from './identifiers.js';
import { normaliseDn } from './ldap-escape.js';
import type { LinkedUser, SkipReason, SyncConnectionConfig, SyncedUserFields } from './sync-model.js';

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

/** A user entry as the dialect's descriptor reads it: its anchor, UPN and display-name attributes, "disabled", mark. */
export const readUserEntry = (type: DirectoryType, entry: DirectoryEntry): DirectoryUserRecord => {
  const dialect = dialectOf(type);
  return {
    anchor: firstOf(entry, dialect.anchorAttribute),
    dn: entry.dn,
    upn: firstOf(entry, dialect.user.upnAttribute),
    displayName: firstOf(entry, dialect.user.displayNameAttribute),
    givenName: firstOf(entry, 'givenName'),
    surname: firstOf(entry, 'sn'),
    mobile: firstOf(entry, 'mobile'),
    telephoneNumber: firstOf(entry, 'telephoneNumber'),
    enabled: !dialect.isDisabled(entry),
    mark: firstOf(entry, dialect.changeMark.attribute),
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

export const readGroupEntry = (type: DirectoryType, entry: DirectoryEntry): DirectoryGroupRecord => ({
  anchor: firstOf(entry, dialectOf(type).anchorAttribute),
  dn: entry.dn,
  name: firstOf(entry, 'cn'),
  // groupOfUniqueNames values may carry an "#'0101'B" unique-identifier suffix; the DN is before it.
  members: [
    ...valuesOf(entry, 'member'),
    ...valuesOf(entry, 'uniqueMember').map((value) => value.replace(/#'[01]*'B$/, '')),
  ],
  mark: firstOf(entry, dialectOf(type).changeMark.attribute),
});

/** The later of two change marks, as the dialect orders them (generalized times as text, uSNChanged as numbers). */
export const laterMark = (type: DirectoryType, a: string | null, b: string | null): string | null => {
  if (a === null) return b;
  if (b === null) return a;
  return dialectOf(type).changeMark.isLater(a, b) ? b : a;
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

/**
 * Reading entries the same way in both dialects: the exactly-one-match lookup, base reads and paged
 * listings, with ldapts' loosely typed entries turned into `DirectoryEntry` (every value a string list).
 */
import type { Client, Control, Entry } from 'ldapts';
import { andFilter, anyEqualityFilter } from '../../core/directory/ldap-escape.js';
import { misconfigured, type DirectoryResult } from '../../core/directory/directory-outcomes.js';
import type { DirectoryEntry, DirectoryListOptions } from '../../core/ports.js';

export type BinaryFormatter = (name: string, value: Buffer) => string;

const hex: BinaryFormatter = (_name, value) => value.toString('hex');

export const toDirectoryEntry = (entry: Entry, binary: BinaryFormatter = hex): DirectoryEntry => {
  const attributes: Record<string, string[]> = {};
  for (const [name, raw] of Object.entries(entry)) {
    if (name === 'dn') continue;
    const values = Array.isArray(raw) ? raw : [raw];
    // ldapts lists every requested attribute; one the entry lacks is simply absent here.
    if (values.length === 0) continue;
    attributes[name] = values.map((value: string | Buffer) => (Buffer.isBuffer(value) ? binary(name, value) : value));
  }
  return { dn: entry.dn, attributes };
};

/** Lone surrogates cannot be sent as UTF-8; such a login can match nobody. */
const isWellFormed = (text: string): boolean => !/\p{Surrogate}/u.test(text);

/**
 * The one entry whose login attributes equal `login` exactly (escaped, so `*` and `)(` are only
 * characters), or null. The size limit of 2 is enough to tell one from several.
 */
export const findOne = async (
  client: Client,
  options: {
    baseDn: string;
    objectFilter: string;
    loginAttributes: readonly string[];
    attributes: string[];
    binaryAttributes?: string[];
    binary?: BinaryFormatter;
  },
  login: string,
): Promise<DirectoryResult<DirectoryEntry | null>> => {
  if (login === '' || !isWellFormed(login)) return { ok: true, value: null };
  const { searchEntries } = await client.search(options.baseDn, {
    scope: 'sub',
    filter: andFilter(options.objectFilter, anyEqualityFilter(options.loginAttributes, login)),
    sizeLimit: 2,
    attributes: options.attributes,
    explicitBufferAttributes: options.binaryAttributes ?? [],
  });
  if (searchEntries.length > 1)
    return misconfigured('ambiguousLogin', 'more than one entry has this login; make the login attribute unique');
  const [entry] = searchEntries;
  return { ok: true, value: entry ? toDirectoryEntry(entry, options.binary) : null };
};

/** The entry at `dn` with the given attributes (operational ones must be named). */
export const readEntry = async (
  client: Client,
  dn: string,
  attributes: string[],
  binaryAttributes: string[] = [],
): Promise<DirectoryEntry | null> => {
  const { searchEntries } = await client.search(dn, {
    scope: 'base',
    filter: '(objectClass=*)',
    attributes,
    explicitBufferAttributes: binaryAttributes,
  });
  const [entry] = searchEntries;
  return entry ? toDirectoryEntry(entry) : null;
};

export const firstValue = (entry: DirectoryEntry, name: string): string | undefined => {
  const key = Object.keys(entry.attributes).find((attribute) => attribute.toLowerCase() === name.toLowerCase());
  return key ? entry.attributes[key]?.[0] : undefined;
};

export const valuesOf = (entry: DirectoryEntry, name: string): readonly string[] => {
  const key = Object.keys(entry.attributes).find((attribute) => attribute.toLowerCase() === name.toLowerCase());
  return key ? (entry.attributes[key] ?? []) : [];
};

/** Pages of entries through the simple paged results control (RFC 2696); `onPage` may write to the store. */
export const listPaged = async (
  client: Client,
  options: {
    baseDn: string;
    filter: string;
    attributes: string[];
    binaryAttributes?: string[];
    binary?: BinaryFormatter;
    controls?: Control[];
  } & DirectoryListOptions,
  onPage: (entries: DirectoryEntry[]) => Promise<void>,
): Promise<DirectoryResult<{ entries: number }>> => {
  let count = 0;
  const pages = client.searchPaginated(
    options.baseDn,
    {
      scope: 'sub',
      filter: options.filter,
      attributes: options.attributes,
      explicitBufferAttributes: options.binaryAttributes ?? [],
      paged: { pageSize: options.pageSize ?? 500 },
    },
    options.controls,
  );
  for await (const page of pages) {
    const entries = page.searchEntries.map((entry) => toDirectoryEntry(entry, options.binary));
    count += entries.length;
    if (entries.length > 0) await onPage(entries);
  }
  return { ok: true, value: { entries: count } };
};

/**
 * Reading a `DirectoryEntry`'s attributes by name. LDAP attribute names are case-insensitive, and servers answer in
 * their own spelling (`PWDACCOUNTLOCKEDTIME`), so every pure reader in core and in the dialects looks names up here.
 */
import type { DirectoryEntry } from './directory-ports.js';

export const valuesOf = (entry: DirectoryEntry, name: string): readonly string[] => {
  const wanted = name.toLowerCase();
  const key = Object.keys(entry.attributes).find((attribute) => attribute.toLowerCase() === wanted);
  return key ? (entry.attributes[key] ?? []) : [];
};

/** The first value, trimmed; null when absent or blank. */
export const firstOf = (entry: DirectoryEntry, name: string): string | null => {
  const value = valuesOf(entry, name)[0]?.trim();
  return value ? value : null;
};

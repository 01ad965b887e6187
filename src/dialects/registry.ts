/**
 * The directory dialects, registered once: adding one here (and its connection factory in
 * `src/adapters/directory/directory-connector.ts`, which the compiler then asks for) is all it takes to make it known.
 * Pure: only the `*.rules.ts` descriptors are imported, so core may derive its `DirectoryType` from this list.
 */
import type { DirectoryDialect } from '../core/directory/dialect.js';
import { activeDirectory } from './active-directory/active-directory.rules.js';
import { openLdap } from './openldap/openldap.rules.js';

export const dialects = [openLdap, activeDirectory] as const;

/** A registered dialect's id, as stored in a connection's `type`: 'openldap' | 'ad'. */
export type DirectoryType = (typeof dialects)[number]['id'];

export const directoryTypes: readonly DirectoryType[] = dialects.map((dialect) => dialect.id);

export const isDirectoryType = (value: unknown): value is DirectoryType =>
  typeof value === 'string' && (directoryTypes as readonly string[]).includes(value);

/** The descriptor of a registered dialect; every id `DirectoryType` admits has one. */
export const dialectOf = (id: DirectoryType): DirectoryDialect<DirectoryType> =>
  dialects.find((dialect) => dialect.id === id) as DirectoryDialect<DirectoryType>;

/** "openldap or ad" (and "a, b or c"): the ids as the CLI's help and errors list them. */
export const directoryTypeList = (conjunction = 'or'): string =>
  directoryTypes.length < 2
    ? directoryTypes.join('')
    : `${directoryTypes.slice(0, -1).join(', ')} ${conjunction} ${directoryTypes.at(-1)}`;

/**
 * Active Directory's tombstones for an incremental sync (`DirectoryConnection.listDeleted`): the users and groups
 * deleted since the watermark, read from the domain's Deleted Objects container with the show-deleted control
 * (critical: a DC that ignored it would answer "nothing deleted"). No DirSync rights are needed; the container's
 * default ACL lets administrators list it, so a least-privilege service account is usually refused, which the sync
 * reports as deletions not seen (full runs still find them).
 */
import { Control, type Client } from 'ldapts';
import { misconfigured, type DirectoryResult } from '../../core/directory/directory-outcomes.js';
import type { DirectoryEntry, DirectoryListOptions } from '../../core/ports.js';
import {
  listPaged,
  readEntry,
  toDirectoryEntry,
  valuesOf,
  type BinaryFormatter,
} from '../../adapters/directory/ldap-entries.js';
import {
  classifyFailure,
  diagnosticOf,
  resultCodeOf,
  withSession,
  type LdapConnectionSettings,
} from '../../adapters/directory/ldap-session.js';
import { activeDirectory } from './active-directory.rules.js';
import { formatObjectGuid } from './ad-password.rules.js';
import { adDeletedAttributes, adDeletedFilter, showDeletedControlOid } from './ad-tombstones.rules.js';

const guidFormatter: BinaryFormatter = (name, value) =>
  name.toLowerCase() === 'objectguid' ? formatObjectGuid(value) : value.toString('base64');

/** The domain's naming context, where Deleted Objects lives (the connection's base DN may be an OU in it). */
const namingContextOf = async (client: Client): Promise<string | undefined> => {
  const root = await readEntry(client, '', ['defaultNamingContext']);
  return root ? valuesOf(root, 'defaultNamingContext')[0] : undefined;
};

/** A container the account may not read is invisible to it (noSuchObject) or refused: both mean "not allowed" here. */
const notAllowed = (diagnostic: string): DirectoryResult<never> =>
  misconfigured('insufficientAccess', `the service account cannot read the Deleted Objects container: ${diagnostic}`);

/**
 * Whether the account may read the container's properties. Without that right AD answers a search below it with no
 * entries and success, which would read as "nothing deleted"; the container's own `isDeleted` (TRUE) comes back only
 * to an account allowed to read it (administrators by default; a delegated List Contents + Read Property).
 */
const canReadContainer = async (client: Client, containerDn: string, controls: Control[]): Promise<boolean> => {
  const { searchEntries } = await client.search(
    containerDn,
    { scope: 'base', filter: '(objectClass=*)', attributes: ['isDeleted'] },
    controls,
  );
  const [container] = searchEntries;
  return (
    container !== undefined &&
    valuesOf(toDirectoryEntry(container), 'isDeleted').some((value) => value.toUpperCase() === 'TRUE')
  );
};

export const listDeleted = (
  settings: LdapConnectionSettings,
  options: DirectoryListOptions,
  onPage: (entries: DirectoryEntry[]) => Promise<void>,
): Promise<DirectoryResult<{ entries: number }>> => {
  const mark = activeDirectory.changeMark;
  if (options.changedAfter !== undefined && !mark.pattern.test(options.changedAfter)) {
    return Promise.resolve(misconfigured('unsupported', `changedAfter must be ${mark.description}`));
  }
  return withSession(
    settings,
    { kind: 'service' },
    async ({ client }) => {
      const namingContext = await namingContextOf(client);
      if (!namingContext) return misconfigured('unsupported', 'the rootDSE names no defaultNamingContext');
      const controls = [new Control(showDeletedControlOid, { critical: true })];
      const containerDn = `CN=Deleted Objects,${namingContext}`;
      try {
        if (!(await canReadContainer(client, containerDn, controls)))
          return notAllowed('its properties are not readable');
        return await listPaged(
          client,
          {
            baseDn: containerDn,
            filter: adDeletedFilter(options.changedAfter),
            attributes: adDeletedAttributes,
            binaryAttributes: ['objectGUID'],
            binary: guidFormatter,
            controls,
            ...(options.pageSize !== undefined && { pageSize: options.pageSize }),
          },
          onPage,
        );
      } catch (error) {
        const code = resultCodeOf(error);
        if (code === 32 || code === 50) return notAllowed(diagnosticOf(error));
        return { ok: false, ...classifyFailure(error) };
      }
    },
    { unbounded: true },
  );
};

/**
 * Deletions seen by an incremental sync (issue 7 follow-up): Active Directory keeps a tombstone of each deleted
 * object in its Deleted Objects container for the tombstone lifetime (180 days by default), with the objectGUID the
 * sync anchors on. Entra Connect sees them through DirSync; a service account without DirSync rights reads them with
 * the "show deleted" control. OpenLDAP keeps no tombstones (without accesslog), so it finds deletions in full runs only.
 * Pure: the adapter reads the entries, this says which anchors they delete.
 */
import type { DirectoryEntry } from '../../core/directory/directory-ports.js';
import { valuesOf } from '../../core/directory/entry-values.js';
import type { DeletedAnchors } from '../../core/directory/sync-model.js';

/** LDAP_SERVER_SHOW_DELETED_OID: a search also returns tombstones (`isDeleted=TRUE`). */
export const showDeletedControlOid = '1.2.840.113556.1.4.417';

/** What a tombstone carries that the sync needs: the attributes `listDeleted` reads. */
export const adDeletedAttributes = ['objectGUID', 'objectClass', 'isDeleted', 'uSNChanged'];

/**
 * The tombstone filter, as AD wants it: `isDeleted=TRUE` (a live object that merely sits in the container is not a
 * deletion), users and groups only (objectCategory is stripped from tombstones, objectClass is kept), and changed
 * at or after the watermark (`>=`, as the live listings: the boundary entry is read again, never missed).
 */
export const adDeletedFilter = (changedAfter: string | undefined): string => {
  const objects = '(isDeleted=TRUE)(|(objectClass=user)(objectClass=group))';
  return changedAfter === undefined ? `(&${objects})` : `(&${objects}(uSNChanged>=${changedAfter}))`;
};

/**
 * Sorts tombstones into deleted user and group anchors. An entry without `isDeleted=TRUE` or without an objectGUID
 * deletes nothing; a computer (objectClass user and computer) is no synced user, but its GUID can match no linked
 * user either, so it is simply left out.
 */
export const readDeletedEntries = (
  entries: readonly DirectoryEntry[],
  into: DeletedAnchors = { users: new Set(), groups: new Set() },
): DeletedAnchors => {
  for (const entry of entries) {
    if (!valuesOf(entry, 'isDeleted').some((value) => value.toUpperCase() === 'TRUE')) continue;
    const anchor = valuesOf(entry, 'objectGUID')[0];
    if (!anchor) continue;
    const classes = new Set(valuesOf(entry, 'objectClass').map((value) => value.toLowerCase()));
    if (classes.has('group')) into.groups.add(anchor);
    else if (classes.has('user') && !classes.has('computer')) into.users.add(anchor);
  }
  return into;
};

/** What a DC leaves of a deleted user or group, as `listDeleted` reads it (the memory directory emulates it). */
export const adTombstoneOf = (anchor: string, kind: 'user' | 'group'): DirectoryEntry => ({
  dn: `CN=${anchor},CN=Deleted Objects`,
  attributes: { objectGUID: [anchor], objectClass: ['top', kind], isDeleted: ['TRUE'] },
});

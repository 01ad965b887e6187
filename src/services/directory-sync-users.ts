/**
 * Directory sync, users: one page of directory entries becomes one transaction of creates and
 * updates with their audit events (a full run then disables the users the directory no longer has:
 * directory-sync-deletions.ts).
 */
import { checkSyncUser, dnKey, laterMark, readUserEntry, sourceOfMode, userDifferences, type SyncedUserFields } from '../core/directory/sync-mapping.js';
import type { LinkedUser, SyncConnectionConfig, SyncCounts } from '../core/directory/sync-model.js';
import { upnKey } from '../core/directory/identifiers.js';
import type { AuditEvent, NewUser, Tenant } from '../core/model.js';
import type { DirectoryEntry, StoreRepositories } from '../core/ports.js';
import { auditEventOf, recordAudit } from './audit-recorder.js';
import type { ServiceDeps } from './deps.js';

/** What a run knows about this connection's users: by anchor (the link) and by DN (group members). */
export interface UserIndex {
  byAnchor: Map<string, LinkedUser>;
  idByDn: Map<string, string>;
}

export const indexUsers = (linked: readonly LinkedUser[]): UserIndex => ({
  byAnchor: new Map(linked.map((user) => [user.anchor, user])),
  idByDn: new Map(linked.map((user) => [dnKey(user.dn), user.userId])),
});

const linkedOf = (userId: string, fields: SyncedUserFields): LinkedUser => ({ ...fields, userId });

export interface UserPageContext {
  deps: ServiceDeps;
  config: SyncConnectionConfig;
  tenant: Tenant;
  actor: AuditEvent['actor'];
  index: UserIndex;
  counts: SyncCounts;
  /** Anchors seen in this run (a full run disables the linked users not among them). */
  seen: Set<string>;
}

/** Applies one page in one transaction; the index is updated only after it commits. */
export const syncUserPage = async (context: UserPageContext, entries: readonly DirectoryEntry[]): Promise<string | null> => {
  const { deps, config, tenant, index, counts } = context;
  const source = sourceOfMode(config.mode);
  let mark: string | null = null;
  const committed: LinkedUser[] = [];
  const pageCounts = { created: 0, updated: 0, unchanged: 0, skipped: 0, phonesSkipped: 0, reasons: new Map<string, number>() };
  const skip = (reason: keyof SyncCounts['skippedReasons']) => {
    pageCounts.skipped += 1;
    pageCounts.reasons.set(reason, (pageCounts.reasons.get(reason) ?? 0) + 1);
  };
  await deps.store.transaction(async (store) => {
    const creates: SyncedUserFields[] = [];
    for (const entry of entries) {
      const record = readUserEntry(config.type, entry);
      mark = laterMark(config.type, mark, record.mark);
      const checked = checkSyncUser(record, tenant.domains, source);
      if (!checked.ok) {
        skip(checked.reason);
        // A linked user that can no longer be synced (its UPN left the verified domains) stays linked and seen,
        // so a full run does not mistake it for a deleted one.
        if (record.anchor && index.byAnchor.has(record.anchor)) context.seen.add(record.anchor);
        continue;
      }
      const { fields } = checked;
      pageCounts.phonesSkipped += checked.phonesSkipped;
      context.seen.add(fields.anchor);
      const linked = index.byAnchor.get(fields.anchor);
      if (!linked) {
        creates.push(fields);
        continue;
      }
      const result = await updateUser(context, store, linked, fields);
      if (result === 'upnConflict') skip('upnConflict');
      else {
        pageCounts[result.outcome] += 1;
        committed.push(result.linked);
      }
    }
    // New users in bulk (a first sync is nearly all creates): one lookup of the UPNs already held, then
    // one insert of the users and one of their audit events per page.
    if (creates.length === 0) return;
    const taken = await store.directorySync.takenUpnKeys(tenant.tenantId, creates.map((fields) => fields.upn));
    const rows: Array<{ user: NewUser; createdAt: string; connectionId: string; dn: string }> = [];
    const events: AuditEvent[] = [];
    const createdAt = deps.clock.now().toISOString();
    for (const fields of creates) {
      // A cloud user with this UPN is never taken over (no soft match): an on-prem entry must not adopt an
      // existing, possibly privileged, account.
      const key = upnKey(fields.upn);
      if (taken.has(key)) {
        skip('upnConflict');
        continue;
      }
      taken.add(key);
      const user = newUserOf(tenant.tenantId, deps.random.uuid(), fields, source);
      rows.push({ user, createdAt, connectionId: config.connectionId, dn: fields.dn });
      events.push(
        auditEventOf(deps, { tenantId: tenant.tenantId, activity: 'addUser', actor: context.actor, target: { type: 'user', id: user.userId, name: fields.upn }, details: { source, connectionId: config.connectionId } }),
      );
      committed.push(linkedOf(user.userId, fields));
      pageCounts.created += 1;
    }
    await store.directorySync.createLinkedUsers(rows);
    await store.directorySync.appendAudit(events);
  });
  counts.created += pageCounts.created;
  counts.updated += pageCounts.updated;
  counts.unchanged += pageCounts.unchanged;
  counts.skipped += pageCounts.skipped;
  counts.phonesSkipped += pageCounts.phonesSkipped;
  for (const [reason, n] of pageCounts.reasons) counts.skippedReasons[reason as keyof SyncCounts['skippedReasons']] += n;
  for (const user of committed) {
    const previous = index.byAnchor.get(user.anchor);
    if (previous) index.idByDn.delete(dnKey(previous.dn));
    index.byAnchor.set(user.anchor, user);
    index.idByDn.set(dnKey(user.dn), user.userId);
  }
  return mark;
};

type Written = { outcome: 'updated' | 'unchanged'; linked: LinkedUser } | 'upnConflict';

const newUserOf = (tenantId: string, userId: string, fields: SyncedUserFields, source: NewUser['source']): NewUser => ({
  tenantId,
  userId,
  upn: fields.upn,
  displayName: fields.displayName,
  givenName: fields.givenName,
  surname: fields.surname,
  usageLocation: null,
  accountEnabled: fields.accountEnabled,
  source,
  onPremAnchor: fields.anchor,
  // The password lives on-premises; a password-hash-sync user gets its cloud hash at its first writeback.
  passwordHash: null,
  passwordLastSetAt: null,
  mobilePhone: fields.mobilePhone,
  officePhone: fields.officePhone,
  alternateEmail: null,
  roles: [],
});

const updateUser = async (context: UserPageContext, store: StoreRepositories, linked: LinkedUser, fields: SyncedUserFields): Promise<Written> => {
  const { deps, config, tenant, actor } = context;
  const differences = userDifferences(linked, fields);
  if (differences.length === 0) return { outcome: 'unchanged', linked };
  if (differences.includes('upn')) {
    const holder = await store.users.findByUpn(tenant.tenantId, fields.upn);
    if (holder && holder.userId !== linked.userId) return 'upnConflict';
  }
  await store.users.update(tenant.tenantId, linked.userId, {
    displayName: fields.displayName,
    givenName: fields.givenName,
    surname: fields.surname,
    mobilePhone: fields.mobilePhone,
    officePhone: fields.officePhone,
    accountEnabled: fields.accountEnabled,
  });
  await store.directorySync.linkUser(tenant.tenantId, linked.userId, { connectionId: config.connectionId, dn: fields.dn, upn: fields.upn, source: fields.source });
  await recordAudit(deps, store, {
    tenantId: tenant.tenantId,
    activity: linked.accountEnabled && !fields.accountEnabled ? 'disableAccount' : 'updateUser',
    actor,
    target: { type: 'user', id: linked.userId, name: fields.upn },
    details: { changed: differences.join(','), connectionId: config.connectionId },
  });
  return { outcome: 'updated', linked: linkedOf(linked.userId, fields) };
};

/**
 * Directory sync, users: one page of directory entries becomes one transaction of creates and
 * updates with their audit events. Disables wait for the end of the run (directory-sync-deletions.ts), where
 * they count against the accidental-deletion threshold: the users the directory no longer has (full runs) and
 * the ones whose entry now says disabled (any run; only their anchors are kept meanwhile).
 */
import {
  checkSyncUser,
  dnKey,
  laterMark,
  readUserEntry,
  sourceOfMode,
  userDifferences,
  type SyncedUserFields,
} from '../../../core/directory/sync-mapping.js';
import type { LinkedUser, SyncConnectionConfig, SyncCounts } from '../../../core/directory/sync-model.js';
import { upnKey } from '../../../core/directory/identifiers.js';
import type { AuditEvent, NewUser, Tenant } from '../../../core/model.js';
import type { DirectoryEntry, StoreRepositories } from '../../../core/ports.js';
import { auditEventOf, recordAudit } from '../../audit/audit-recorder.js';
import type { ServiceDeps } from '../../deps.js';
import type { PageExpiries, PageExpiryReader } from './directory-sync-expiry.js';

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
  /**
   * Anchors of users enabled here whose entry now says disabled: disabled at the end of the run if the threshold
   * lets it, since pages commit one by one and the count is only known once every page is read.
   */
  disabling: Set<string>;
  /** When the directory expires each listed user's password (issue #16); absent: not read in this run. */
  readExpiries?: PageExpiryReader;
}

/** Applies one page in one transaction; the index is updated only after it commits. */
export const syncUserPage = async (
  context: UserPageContext,
  entries: readonly DirectoryEntry[],
): Promise<string | null> => {
  const { deps, config, tenant, index, counts } = context;
  const source = sourceOfMode(config.mode);
  let mark: string | null = null;
  const committed: LinkedUser[] = [];
  const pageCounts = {
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    phonesSkipped: 0,
    reasons: new Map<string, number>(),
  };
  const skip = (reason: keyof SyncCounts['skippedReasons']) => {
    pageCounts.skipped += 1;
    pageCounts.reasons.set(reason, (pageCounts.reasons.get(reason) ?? 0) + 1);
  };
  // Read before the transaction: the policy reads are LDAP round trips, not to be made while holding it.
  const expiries: PageExpiries = context.readExpiries
    ? await context.readExpiries(entries)
    : new Map<string, string | null>();
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
        // Not a change of the user (not counted or audited): the directory's clock, written only when it moved.
        const expiry = expiries.get(entry.dn);
        if (expiry !== undefined && expiry !== (linked.passwordExpiresAt ?? null))
          await store.passwordExpiry.setDirectoryPasswordExpiry(tenant.tenantId, linked.userId, expiry);
        // A change that is only the pending disable is counted when (if) it is applied, as `disabled`.
        if (result.outcome !== 'disableOnly') pageCounts[result.outcome] += 1;
        committed.push(result.linked);
      }
    }
    // New users in bulk (a first sync is nearly all creates): one lookup of the UPNs already held, then
    // one insert of the users and one of their audit events per page.
    if (creates.length === 0) return;
    const taken = await store.directorySync.takenUpnKeys(
      tenant.tenantId,
      creates.map((fields) => fields.upn),
    );
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
      const expiry = expiries.get(fields.dn);
      const user = {
        ...newUserOf(tenant.tenantId, deps.random.uuid(), fields, source),
        ...(expiry ? { directoryPasswordExpiresAt: expiry } : {}),
      };
      rows.push({ user, createdAt, connectionId: config.connectionId, dn: fields.dn });
      events.push(
        auditEventOf(deps, {
          tenantId: tenant.tenantId,
          activity: 'addUser',
          actor: context.actor,
          target: { type: 'user', id: user.userId, name: fields.upn },
          details: { source, connectionId: config.connectionId },
        }),
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
  for (const [reason, n] of pageCounts.reasons)
    counts.skippedReasons[reason as keyof SyncCounts['skippedReasons']] += n;
  for (const user of committed) {
    const previous = index.byAnchor.get(user.anchor);
    if (previous) index.idByDn.delete(dnKey(previous.dn));
    index.byAnchor.set(user.anchor, user);
    index.idByDn.set(dnKey(user.dn), user.userId);
  }
  return mark;
};

type Written = { outcome: 'updated' | 'unchanged' | 'disableOnly'; linked: LinkedUser } | 'upnConflict';

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

/**
 * Writes a linked user's changed fields, except a disable: that is noted in `context.disabling` and the user
 * stays enabled (here and in the returned link) until the end of the run decides. A re-enable applies at once.
 */
const updateUser = async (
  context: UserPageContext,
  store: StoreRepositories,
  linked: LinkedUser,
  fields: SyncedUserFields,
): Promise<Written> => {
  const { deps, config, tenant, actor } = context;
  const disabling = linked.accountEnabled && !fields.accountEnabled;
  if (disabling) context.disabling.add(fields.anchor);
  const kept: SyncedUserFields = disabling ? { ...fields, accountEnabled: true } : fields;
  const differences = userDifferences(linked, kept);
  if (differences.length === 0) return { outcome: disabling ? 'disableOnly' : 'unchanged', linked };
  if (differences.includes('upn')) {
    const holder = await store.users.findByUpn(tenant.tenantId, kept.upn);
    if (holder && holder.userId !== linked.userId) {
      context.disabling.delete(fields.anchor);
      return 'upnConflict';
    }
  }
  await store.users.update(tenant.tenantId, linked.userId, {
    displayName: kept.displayName,
    givenName: kept.givenName,
    surname: kept.surname,
    mobilePhone: kept.mobilePhone,
    officePhone: kept.officePhone,
    accountEnabled: kept.accountEnabled,
  });
  await store.directorySync.linkUser(tenant.tenantId, linked.userId, {
    connectionId: config.connectionId,
    dn: kept.dn,
    upn: kept.upn,
    source: kept.source,
  });
  await recordAudit(deps, store, {
    tenantId: tenant.tenantId,
    activity: 'updateUser',
    actor,
    target: { type: 'user', id: linked.userId, name: kept.upn },
    details: { changed: differences.join(','), connectionId: config.connectionId },
  });
  return { outcome: 'updated', linked: linkedOf(linked.userId, kept) };
};

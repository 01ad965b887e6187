/** Plain data of directory sync (issue 7, item 2): what a run reads, keeps and reports. */
import type { DirectoryType, UserSource } from '../model.js';

/** The part of a directory connection's configuration a sync needs (a `DirectoryConnectionConfig` fits). */
export interface SyncConnectionConfig {
  tenantId: string;
  connectionId: string;
  type: DirectoryType;
  mode: 'passwordHashSync' | 'passthrough' | 'federated';
  /** The most users one run may disable and groups it may delete, together (absent: the default, 500; 0: no limit). */
  deletionThreshold?: number;
}

/** Why the last run failed (a stable error code and its details), kept until a run succeeds. */
export interface SyncFailureRecord {
  code: string;
  details: Record<string, unknown>;
  /** Whether the failed run was a full one, for the console's "last sync" line (absent in records from before it). */
  full?: boolean;
}

/** Per connection: where the last run stopped, and the lease that keeps two instances apart. */
export interface DirectorySyncState {
  tenantId: string;
  connectionId: string;
  /** The highest change mark seen (OpenLDAP modifyTimestamp, AD uSNChanged); null before the first run. */
  watermark: string | null;
  lastRunAt: string | null;
  lastFullRunAt: string | null;
  lastOutcome: 'success' | 'failure' | null;
  lastCounts: SyncCounts | null;
  /** Since 0013: the last run's failure; null after a success (and before 0013's first run). */
  lastFailure: SyncFailureRecord | null;
  lockOwner: string | null;
  lockedUntil: string | null;
}

/** A synced user's fields as the sync stores them. */
export interface SyncedUserFields {
  anchor: string;
  dn: string;
  upn: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mobilePhone: string | null;
  officePhone: string | null;
  accountEnabled: boolean;
  source: UserSource;
}

/** A user as a directory sync last wrote it: what the next run compares with. */
export interface LinkedUser extends SyncedUserFields {
  userId: string;
  /** The stored directory expiry (issue #16), so a run writes it only when the directory's changed; absent: unknown. */
  passwordExpiresAt?: string | null;
}

export interface LinkedGroup {
  groupId: string;
  anchor: string;
  dn: string;
  name: string;
}

export interface GroupCounts {
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  skipped: number;
  /**
   * Why groups were skipped: no anchor or name, a name another group holds, or (full runs) gone from the directory
   * but in use, so kept (absent in counts stored before it).
   */
  skippedReasons: Record<GroupSkipReason, number>;
  membersAdded: number;
  membersRemoved: number;
}

export interface SyncCounts {
  full: boolean;
  created: number;
  updated: number;
  disabled: number;
  unchanged: number;
  skipped: number;
  /** Why users were skipped: a UPN outside the verified domains, an invalid UPN, one held by another user, no anchor. */
  skippedReasons: Record<SkipReason, number>;
  /** Phone numbers that are not valid E.164 numbers: left out, the user still synced. */
  phonesSkipped: number;
  groups: GroupCounts;
  /**
   * Whether the run could see deletions: a full one by absence, an incremental one from Active Directory's
   * tombstones; false for an incremental OpenLDAP run, or when the service account may not read AD's Deleted
   * Objects (the next full run finds them). Absent in counts stored before it.
   */
  deletionsSeen: boolean;
}

/** The anchors of the users and groups an incremental run learnt were deleted (from the dialect's tombstones). */
export interface DeletedAnchors {
  users: Set<string>;
  groups: Set<string>;
}

export type GroupSkipReason = 'incomplete' | 'nameTaken' | 'groupInUse';

export type SkipReason = 'domainNotVerified' | 'upnInvalid' | 'upnConflict' | 'noAnchor';

export const emptyCounts = (full: boolean): SyncCounts => ({
  full,
  created: 0,
  updated: 0,
  disabled: 0,
  unchanged: 0,
  skipped: 0,
  skippedReasons: { domainNotVerified: 0, upnInvalid: 0, upnConflict: 0, noAnchor: 0 },
  phonesSkipped: 0,
  groups: {
    created: 0,
    updated: 0,
    deleted: 0,
    unchanged: 0,
    skipped: 0,
    skippedReasons: { incomplete: 0, nameTaken: 0, groupInUse: 0 },
    membersAdded: 0,
    membersRemoved: 0,
  },
  deletionsSeen: full,
});

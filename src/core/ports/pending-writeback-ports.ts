/**
 * The write-ahead record of an on-premises password write (checklist §11 rows 25 and 29, REL-05's operation id;
 * docs/security.md#crash-consistency-checklist-11-row-29). The directory takes a new password before the store's
 * transaction that completes the operation and writes its audit event; a process killed between the two would leave
 * the directory changed and nothing here. So a *pending writeback* is committed before the directory is written and
 * deleted by the transaction that records the outcome. One left behind means the outcome is unknown here.
 *
 * Never the password: who, what kind, which flow, when and where, and an argon2id hash of the password it attempted
 * (the app's password hasher), deleted with the record, so only the crashed attempt's own password completes a retry.
 */
import type { AuditEvent } from '../model.js';

/** What wrote the password: a self-service reset, a signed-in change, an administrator's reset. */
export type PendingWritebackKind = 'reset' | 'change' | 'adminReset';

export interface PendingWriteback {
  tenantId: string;
  /** Random, per directory write: the audit events of the outcome carry it. */
  operationId: string;
  userId: string;
  /** The reset flow's public reference (`flow.flowId`, as its audit events carry it), never the bearer id; else null. */
  flowId: string | null;
  kind: PendingWritebackKind;
  /** Who asked for it: the audit actor of the operation (the user, or the administrator of an admin reset). */
  actor: AuditEvent['actor'];
  startedAt: string;
  /** The process that wrote it (host:pid:random), for the operator reading the recovery's event. */
  instance: string;
  /**
   * Null while pending. Set by the recovery that declared the outcome unknown (and audited it): the record then
   * only lets the flow's retry ask the directory whether it already has the password, until it is purged.
   */
  unknownSince: string | null;
  /**
   * The argon2id hash of the password this write attempted: a reset flow's retry counts the record only for that
   * password (writeback-journal.ts). Null on records written before migration 0036.
   */
  passwordHash: string | null;
  /**
   * When a recovery first saw the record pending, by that instance's clock (migration 0040); null until one has. Set
   * once and never moved, so it outlives restarts: the recovery's backstop (writeback-recovery.ts). Null when put.
   */
  firstSeenAt: string | null;
}

export interface PendingWritebackRepository {
  /** Records a pending writeback; the caller commits it before writing the directory. */
  put(record: PendingWriteback): Promise<void>;
  /** Deletes one operation's record (pending or unknown); true when it was there. */
  remove(tenantId: string, operationId: string): Promise<boolean>;
  /** The records of a user's reset flow, pending or unknown, oldest first. */
  listOfFlow(tenantId: string, userId: string, flowId: string): Promise<PendingWriteback[]>;
  /**
   * Pending records (not yet declared unknown), oldest first, at most `limit`. No age filter: `startedAt` is the writer's
   * clock, so the recovery times a record by its own observation instead (writeback-recovery.ts).
   */
  listPending(tenantId: string, limit: number): Promise<PendingWriteback[]>;
  /**
   * Notes `at` as the record's first sighting if it has none (one conditional UPDATE): true for exactly one of racing
   * callers, and a later call never moves it.
   */
  noteFirstSeen(tenantId: string, operationId: string, at: string): Promise<boolean>;
  /** Declares a pending record's outcome unknown at `at`: true for exactly one of racing callers. */
  markUnknown(tenantId: string, operationId: string, at: string): Promise<boolean>;
  /** Deletes the records declared unknown at or before `before`; returns how many. */
  deleteUnknownBefore(tenantId: string, before: string): Promise<number>;
  /**
   * Clears the attempted passwords' hashes on a user's flow's records: once the flow is over no retry can read them,
   * and the records that stay (for the recovery) must not keep a hash of what may now be the directory's password.
   */
  forgetPasswordsOfFlow(tenantId: string, userId: string, flowId: string): Promise<void>;
}

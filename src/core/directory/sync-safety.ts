/**
 * Directory sync's accidental-deletion threshold (Entra Connect's "prevent accidental deletes", cloud sync's
 * accidental-deletion threshold). A run that would disable or delete more objects than the connection allows is
 * almost always a broken source — a wrong base DN or filter, an OU moved out of scope, a directory restored
 * half-empty, a bulk "disable" by mistake or by a compromised agent — not a mass departure, so it removes none of
 * them until an administrator has looked.
 * Pure: the service counts, this decides.
 */
import { failure, success, type Result } from '../result.js';

/** Entra's default: more than 500 deletions in one run stops them. */
export const defaultDeletionThreshold = 500;
/** An upper bound that keeps the value an ordinary integer in every store; 0 switches the check off. */
export const maxDeletionThreshold = 1_000_000;

/**
 * What one run would remove: users it would disable (gone from a full run's listing, or now disabled in the
 * directory: the OpenLDAP administrative lock, AD's ACCOUNTDISABLE, in any run) and synced groups it would delete.
 */
export interface PendingRemovals {
  users: number;
  groups: number;
}

/** The numbers an audit event, an error's details and the console show: the total and its split. */
export interface PendingSummary {
  /** users + groups: what is compared with the threshold. */
  pending: number;
  pendingUsers: number;
  pendingGroups: number;
  threshold: number;
}

export type DeletionDecision =
  | { kind: 'apply' }
  /** More than the threshold, applied because an administrator allowed this run to: the override is audited. */
  | ({ kind: 'applyOverride' } & PendingSummary)
  | ({ kind: 'withhold' } & PendingSummary);

/**
 * Whether a run may make the removals `pending` counts: one decision for users and groups together. At most
 * `threshold` pass; more are all withheld (never a first slice: which ones would be arbitrary); `threshold` 0 is
 * off; `allowDeletions` (one reviewed run, never the schedule) lets them through.
 */
export const decideDeletions = (input: {
  pending: PendingRemovals;
  threshold: number;
  allowDeletions: boolean;
}): DeletionDecision => {
  const { pending, threshold, allowDeletions } = input;
  const total = pending.users + pending.groups;
  if (threshold === 0 || total <= threshold) return { kind: 'apply' };
  const summary: PendingSummary = {
    pending: total,
    pendingUsers: pending.users,
    pendingGroups: pending.groups,
    threshold,
  };
  return allowDeletions ? { kind: 'applyOverride', ...summary } : { kind: 'withhold', ...summary };
};

/** An administrator's threshold: a whole number from 0 (off) to `maxDeletionThreshold`. */
export const checkDeletionThreshold = (value: unknown): Result<number, 'VALIDATION_FAILED', { message: string }> =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= maxDeletionThreshold
    ? success(value)
    : failure('VALIDATION_FAILED', {
        message: `the deletion threshold must be a whole number from 0 (off) to ${maxDeletionThreshold}`,
      });

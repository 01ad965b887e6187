/**
 * Directory sync's accidental-deletion threshold (Entra Connect's "prevent accidental deletes", cloud sync's
 * accidental-deletion threshold). A full run that would disable more users than the connection allows is
 * almost always a broken source — a wrong base DN or filter, an OU moved out of scope, a directory restored
 * half-empty — not a mass departure, so it disables none of them until an administrator has looked.
 * Pure: the service counts, this decides.
 */
import { failure, success, type Result } from '../result.js';

/** Entra's default: more than 500 deletions in one run stops them. */
export const defaultDeletionThreshold = 500;
/** An upper bound that keeps the value an ordinary integer in every store; 0 switches the check off. */
export const maxDeletionThreshold = 1_000_000;

export type DeletionDecision =
  | { kind: 'apply' }
  /** More than the threshold, applied because an administrator allowed this run to: the override is audited. */
  | { kind: 'applyOverride'; pending: number; threshold: number }
  | { kind: 'withhold'; pending: number; threshold: number };

/**
 * Whether a full run may disable the `pending` users it no longer found. At most `threshold` pass; more are all
 * withheld (never a first slice: which ones would be arbitrary); `threshold` 0 is off; `allowDeletions` (one
 * reviewed run, never the schedule) lets them through.
 */
export const decideDeletions = (input: { pending: number; threshold: number; allowDeletions: boolean }): DeletionDecision => {
  const { pending, threshold, allowDeletions } = input;
  if (threshold === 0 || pending <= threshold) return { kind: 'apply' };
  return allowDeletions ? { kind: 'applyOverride', pending, threshold } : { kind: 'withhold', pending, threshold };
};

/** An administrator's threshold: a whole number from 0 (off) to `maxDeletionThreshold`. */
export const checkDeletionThreshold = (value: unknown): Result<number, 'VALIDATION_FAILED', { message: string }> =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= maxDeletionThreshold
    ? success(value)
    : failure('VALIDATION_FAILED', { message: `the deletion threshold must be a whole number from 0 (off) to ${maxDeletionThreshold}` });

/**
 * Strong recovery (issue #17 items 2–4): Temporary Access Passes, recovery codes and helpdesk caller
 * verifications. Every use of a single-use secret is one conditional UPDATE, so of racing uses exactly
 * one wins.
 */
import type { TemporaryAccessPass } from '../recovery/temporary-access-pass.js';
import type { RecoveryCodeStatus } from '../recovery/recovery-codes.js';

/** A helpdesk agent's record that the caller proved to be the user (shown on the console before a reset or pass). */
export interface CallerVerification {
  tenantId: string;
  userId: string;
  /** How: `email`, `sms` (a code sent to a registered method) or `authenticatorApp` (a code read out). */
  method: string;
  verifiedAt: string;
  /** The agent's audit actor id. */
  verifiedBy: string | null;
}

export interface RecoveryRepository {
  /** Stores the user's pass, replacing any earlier one (one pass per user). */
  putPass(pass: TemporaryAccessPass): Promise<void>;
  findPass(tenantId: string, userId: string): Promise<TemporaryAccessPass | undefined>;
  /**
   * Claims a use of the pass with this hash, still unexpired at `now` (and for a one-time pass, unused: it is
   * marked used in the same UPDATE). Returns whether this call may sign in.
   */
  usePass(tenantId: string, userId: string, passHash: string, now: string): Promise<boolean>;
  /** Returns rows deleted (0: there was no pass). */
  deletePass(tenantId: string, userId: string): Promise<number>;
  /** Ends the user's sessions opened with a pass (scope `securityInfo`); returns how many. */
  endLimitedSessions(tenantId: string, userId: string): Promise<number>;
  /** Replaces the user's whole set (the old codes stop working in the same statement's transaction). */
  replaceRecoveryCodes(
    tenantId: string,
    userId: string,
    codeHashes: readonly string[],
    createdAt: string,
  ): Promise<void>;
  recoveryCodeStatus(tenantId: string, userId: string): Promise<RecoveryCodeStatus>;
  /** Whether the user holds an unused code with this hash (the proof's check; the gate then uses it). */
  hasRecoveryCode(tenantId: string, userId: string, codeHash: string): Promise<boolean>;
  /** Marks the unused code with this hash used; false when there is none (wrong, used, or replaced). */
  useRecoveryCode(tenantId: string, userId: string, codeHash: string, usedAt: string): Promise<boolean>;
  putCallerVerification(verification: CallerVerification): Promise<void>;
  findCallerVerification(tenantId: string, userId: string): Promise<CallerVerification | undefined>;
}

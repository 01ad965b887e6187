/**
 * The outcomes a directory connection reports (DESIGN §2.8): a password the directory's own policy refused,
 * with a reason the user can be told in plain words, or a directory that is unreachable (Entra's SSPR_0030)
 * or misconfigured (SSPR_0029). The directory's raw diagnostic never reaches a user; `diagnostic` is for
 * the audit log and the administrator.
 */
import type { Result } from '../result.js';

export const directoryPolicyReasons = [
  'tooShort',
  'inHistory',
  'insufficientQuality',
  'tooYoung',
  'mustSupplyOldPassword',
  'protectedAccount',
  'changeNotAllowed',
  'accountLocked',
  'passwordExpired',
  'changeAfterReset',
  /**
   * Disabled by an administrator in the directory (OpenLDAP's administrative lock, AD's ACCOUNTDISABLE): never lifted
   * by self-service, unlike a temporary lockout after failed sign-ins.
   */
  'accountDisabled',
  /** The directory refused the password without saying why (AD's CONSTRAINT_ATT_TYPE covers all of it). */
  'rejected',
] as const;
export type DirectoryPolicyReason = (typeof directoryPolicyReasons)[number];

/** Why a directory counts as misconfigured; each one is something an administrator fixes. */
export type DirectoryMisconfiguration =
  | 'serviceBindFailed'
  | 'insufficientAccess'
  | 'baseNotFound'
  | 'entryNotFound'
  | 'ambiguousLogin'
  | 'tlsRequired'
  | 'tlsCertificateRejected'
  | 'controlUnsupported'
  | 'unsupported'
  /** The on-premises agent is older than the minimum version the service speaks to. */
  | 'agentOutdated';

export type DirectoryFailure =
  | { code: 'DIRECTORY_POLICY_REJECTED'; details: { reason: DirectoryPolicyReason; diagnostic?: string } }
  | { code: 'DIRECTORY_UNREACHABLE'; details: { diagnostic?: string } }
  | { code: 'DIRECTORY_MISCONFIGURED'; details: { reason: DirectoryMisconfiguration; diagnostic?: string } }
  | { code: 'INVALID_CURRENT_PASSWORD'; details: { diagnostic?: string } };

export type DirectoryErrorCode = DirectoryFailure['code'];

export type DirectoryResult<T> = { ok: true; value: T } | ({ ok: false } & DirectoryFailure);

export const policyRejected = (reason: DirectoryPolicyReason, diagnostic?: string): DirectoryResult<never> => ({
  ok: false,
  code: 'DIRECTORY_POLICY_REJECTED',
  details: diagnostic === undefined ? { reason } : { reason, diagnostic },
});

export const unreachable = (diagnostic?: string): DirectoryResult<never> => ({
  ok: false,
  code: 'DIRECTORY_UNREACHABLE',
  details: diagnostic === undefined ? {} : { diagnostic },
});

export const misconfigured = (reason: DirectoryMisconfiguration, diagnostic?: string): DirectoryResult<never> => ({
  ok: false,
  code: 'DIRECTORY_MISCONFIGURED',
  details: diagnostic === undefined ? { reason } : { reason, diagnostic },
});

export const wrongCurrentPassword = (): DirectoryResult<never> => ({
  ok: false,
  code: 'INVALID_CURRENT_PASSWORD',
  details: {},
});

/** A directory result is a `Result` too, so services can treat it like any other outcome. */
export const asResult = <T>(outcome: DirectoryResult<T>): Result<T, DirectoryErrorCode> =>
  outcome.ok ? outcome : { ok: false, code: outcome.code, details: outcome.details };

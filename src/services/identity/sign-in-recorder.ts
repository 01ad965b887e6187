/**
 * The sign-in log (issue #15 item 5): every password sign-in's outcome with Entra's error code, the
 * client address (the trusted-proxy one the route passes) and user agent. It wraps the sign-in
 * service rather than living in it, so the lockout and timing code stays as it is; a failure for a
 * user who does not exist is logged under the tenant the typed domain names, as Entra does.
 */
import { checkUpn } from '../../core/directory/identifiers.js';
import type { User } from '../../core/model.js';
import type { SignInEvent } from '../../core/ports.js';
import type { ServiceDeps } from '../deps.js';
import type { Result } from '../../core/result.js';
import type { SignInFailure, SignInRequest, SignInService } from './sign-in-service.js';

/** Entra's sign-in error codes (AADSTS): wrong password, locked, disabled, on-premises unreachable, expired. */
export const signInErrorCodes = {
  INVALID_CREDENTIALS: 50126,
  ACCOUNT_LOCKED: 50053,
  ACCOUNT_DISABLED: 50057,
  DIRECTORY_UNREACHABLE: 80001,
} as const satisfies Record<SignInFailure, number>;
/**
 * Refusals of a sign-in by other credentials (a passkey, a Temporary Access Pass): logged as a wrong password is,
 * the reason saying which credential it was.
 */
export const otherCredentialErrorCodes = { PASSKEY_INVALID: 50126, TAP_INVALID: 50126 } as const;
type LoggedFailure = SignInFailure | keyof typeof otherCredentialErrorCodes;

/** The password must be changed before the session may be used (expired, or reset by an administrator). */
export const passwordExpiredCode = 50055;

const userAgentLimit = 512;

const errorCodeOf = (code: LoggedFailure): number =>
  code in otherCredentialErrorCodes
    ? otherCredentialErrorCodes[code as keyof typeof otherCredentialErrorCodes]
    : signInErrorCodes[code as SignInFailure];

/** A sign-in's outcome by any credential: the password's, a Temporary Access Pass's, a passkey's. */
type LoggedResult = Result<{ user: User }, LoggedFailure, unknown>;

const eventOf = (result: LoggedResult): Pick<SignInEvent, 'result' | 'errorCode' | 'failureReason'> => {
  if (!result.ok) return { result: 'failure', errorCode: errorCodeOf(result.code), failureReason: result.code };
  if (result.value.user.mustChangePassword === true)
    return { result: 'failure', errorCode: passwordExpiredCode, failureReason: 'PASSWORD_CHANGE_REQUIRED' };
  return { result: 'success', errorCode: 0, failureReason: null };
};

export const recordSignIn = async (
  deps: Pick<ServiceDeps, 'store' | 'clock'>,
  request: Pick<SignInRequest, 'username' | 'ipAddress' | 'userAgent'>,
  result: LoggedResult,
): Promise<void> => {
  let tenantId: string;
  let userId: string | null;
  let upn: string;
  if (result.ok) {
    ({ tenantId, userId, upn } = result.value.user);
  } else {
    const checked = checkUpn(request.username);
    if (!checked.ok) return;
    const tenant = await deps.store.tenants.findByDomain(checked.value.domain);
    // A domain no tenant holds has nobody to show the event to.
    if (!tenant) return;
    const user = await deps.store.users.findByUpn(tenant.tenantId, checked.value.upn);
    tenantId = tenant.tenantId;
    userId = user?.userId ?? null;
    upn = user?.upn ?? checked.value.upn;
  }
  await deps.store.signIns.append({
    tenantId,
    occurredAt: deps.clock.now().toISOString(),
    userId,
    upn,
    ...eventOf(result),
    ipAddress: request.ipAddress,
    userAgent: request.userAgent ? request.userAgent.slice(0, userAgentLimit) : null,
  });
};

/** The log row of one sign-in of a known user: success, or the failure's code. */
const userRow = (
  deps: Pick<ServiceDeps, 'clock'>,
  user: User,
  request: Pick<SignInRequest, 'ipAddress' | 'userAgent'>,
  failed: LoggedFailure | undefined,
): Omit<SignInEvent, 'id'> => ({
  tenantId: user.tenantId,
  occurredAt: deps.clock.now().toISOString(),
  userId: user.userId,
  upn: user.upn,
  ...eventOf(failed ? { ok: false, code: failed } : { ok: true, value: { user } }),
  ipAddress: request.ipAddress,
  userAgent: request.userAgent ? request.userAgent.slice(0, userAgentLimit) : null,
});

/** One sign-in of a known user (named by a passkey, not typed): success, or the failure's code. */
export const recordUserSignIn = (
  deps: Pick<ServiceDeps, 'store' | 'clock'>,
  user: User,
  request: Pick<SignInRequest, 'ipAddress' | 'userAgent'>,
  failed: LoggedFailure | undefined,
): Promise<void> => deps.store.signIns.append(userRow(deps, user, request, failed));

/**
 * The sign-in service with each outcome recorded in the sign-in log. A sign-in that opens a session writes its row
 * with the session (`logRowFor`, one statement on PostgreSQL); a refusal opens none, so it is logged here.
 */
export const withSignInLog = (deps: Pick<ServiceDeps, 'store' | 'clock'>, service: SignInService): SignInService => ({
  ...service,
  async signIn(request) {
    const result = await service.signIn({ ...request, logRowFor: (user) => userRow(deps, user, request, undefined) });
    if (!result.ok) await recordSignIn(deps, request, result);
    return result;
  },
});

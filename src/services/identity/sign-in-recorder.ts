/**
 * The sign-in log (issue #15 item 5): every password sign-in's outcome with Entra's error code, the
 * client address (the trusted-proxy one the route passes) and user agent. The wrapper decides what a row says; the
 * sign-in service writes it where the outcome is written (a session, a lockout count), from what its one lookup found
 * (issue #18). A failure for a user who does not exist is logged under the tenant the typed domain names, as Entra
 * does.
 */
import { checkUpn } from '../../core/directory/identifiers.js';
import type { User } from '../../core/model.js';
import type { SignInEvent } from '../../core/ports.js';
import type { ServiceDeps } from '../deps.js';
import type { Result } from '../../core/result.js';
import type { RefusedSignIn, SignInFailure, SignInRequest, SignInService } from './sign-in-service.js';

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

/** The log row of one sign-in by `subject` (the user signed in, or whom a refusal names). */
const rowOf = (
  deps: Pick<ServiceDeps, 'clock'>,
  subject: RefusedSignIn,
  request: Pick<SignInRequest, 'ipAddress' | 'userAgent'>,
  result: LoggedResult,
): Omit<SignInEvent, 'id'> => ({
  tenantId: subject.tenantId,
  occurredAt: deps.clock.now().toISOString(),
  userId: subject.userId,
  upn: subject.upn,
  ...eventOf(result),
  ipAddress: request.ipAddress,
  userAgent: request.userAgent ? request.userAgent.slice(0, userAgentLimit) : null,
});

/**
 * Logs a sign-in whose service did not: reads the tenant and the user of a refused name (the password sign-in's
 * refusals are logged from its own lookup instead, withSignInLog).
 */
export const recordSignIn = async (
  deps: Pick<ServiceDeps, 'store' | 'clock'>,
  request: Pick<SignInRequest, 'username' | 'ipAddress' | 'userAgent'>,
  result: LoggedResult,
): Promise<void> => {
  let subject: RefusedSignIn;
  if (result.ok) {
    const { tenantId, userId, upn } = result.value.user;
    subject = { tenantId, userId, upn };
  } else {
    const checked = checkUpn(request.username);
    if (!checked.ok) return;
    const tenant = await deps.store.tenants.findByDomain(checked.value.domain);
    // A domain no tenant holds has nobody to show the event to.
    if (!tenant) return;
    const user = await deps.store.users.findByUpn(tenant.tenantId, checked.value.upn);
    subject = { tenantId: tenant.tenantId, userId: user?.userId ?? null, upn: user?.upn ?? checked.value.upn };
  }
  await deps.store.signIns.append(rowOf(deps, subject, request, result));
};

/** The log row of one sign-in of a known user: success, or the failure's code. */
const userRow = (
  deps: Pick<ServiceDeps, 'clock'>,
  user: User,
  request: Pick<SignInRequest, 'ipAddress' | 'userAgent'>,
  failed: LoggedFailure | undefined,
): Omit<SignInEvent, 'id'> =>
  rowOf(
    deps,
    { tenantId: user.tenantId, userId: user.userId, upn: user.upn },
    request,
    failed ? { ok: false, code: failed } : { ok: true, value: { user } },
  );

/** One sign-in of a known user (named by a passkey, not typed): success, or the failure's code. */
export const recordUserSignIn = (
  deps: Pick<ServiceDeps, 'store' | 'clock'>,
  user: User,
  request: Pick<SignInRequest, 'ipAddress' | 'userAgent'>,
  failed: LoggedFailure | undefined,
): Promise<void> => deps.store.signIns.append(userRow(deps, user, request, failed));

/**
 * The sign-in service with each outcome recorded in the sign-in log. A sign-in that opens a session writes its row
 * with the session (`logRowFor`, one statement on PostgreSQL); a refusal writes its row from what the sign-in's
 * lookup found (`logRefusalFor`: the tenant and the user are not read again, and a wrong password's row commits with
 * its lockout count). Only a refusal the service did not offer to log is looked up and logged here.
 */
export const withSignInLog = (deps: Pick<ServiceDeps, 'store' | 'clock'>, service: SignInService): SignInService => ({
  ...service,
  async signIn(request) {
    let offered = false;
    const result = await service.signIn({
      ...request,
      logRowFor: (user) => userRow(deps, user, request, undefined),
      logRefusalFor: (refused, code) => {
        offered = true;
        return refused && rowOf(deps, refused, request, { ok: false, code });
      },
    });
    if (!result.ok && !offered) await recordSignIn(deps, request, result);
    return result;
  },
});

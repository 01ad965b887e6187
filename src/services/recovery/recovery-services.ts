import type { ServiceDeps } from '../deps.js';
import type { SessionService } from '../identity/session-service.js';
import type { SignInService } from '../identity/sign-in-service.js';
import { createCallerVerificationService } from './caller-verification-service.js';
import { createRecoveryCodeService } from './recovery-code-service.js';
import { createTemporaryAccessPassService } from './temporary-access-pass-service.js';

/** Strong recovery's use cases (issue #17 items 2–4), composed into the services with one line. */
export const createRecoveryServices = (deps: ServiceDeps, sessions: SessionService, signIn: SignInService) => ({
  temporaryAccessPass: createTemporaryAccessPassService(deps, sessions, signIn),
  recoveryCodes: createRecoveryCodeService(deps),
  callerVerification: createCallerVerificationService(deps),
});

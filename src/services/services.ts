import { createAdminViewService } from './admin-view-service.js';
import type { ServiceDeps } from './deps.js';
import { createGroupService } from './group-service.js';
import { createLicensingService } from './licensing-service.js';
import { createSsprPolicyService } from './sspr-policy-service.js';
import { createOperationsService } from './operations-service.js';
import { createPasswordChangeService } from './password-change-service.js';
import { createPasswordProtectionService } from './password-protection-service.js';
import { createSessionService } from './session-service.js';
import { createSignInService } from './sign-in-service.js';
import { createTenantService } from './tenant-service.js';
import { createUserService } from './user-service.js';
import { createVoiceCallService } from './voice-call-service.js';

/** Composes the use cases over one set of dependencies. */
export const createServices = (deps: ServiceDeps) => {
  const sessions = createSessionService(deps);
  const signIn = createSignInService(deps, sessions);
  const passwordProtection = createPasswordProtectionService(deps);
  const licensing = createLicensingService(deps);
  const ssprPolicy = createSsprPolicyService(deps);
  return {
    deps,
    tenants: createTenantService(deps),
    users: createUserService(deps, passwordProtection),
    passwordProtection,
    groups: createGroupService(deps),
    sessions,
    signIn,
    passwordChange: createPasswordChangeService(deps, signIn, passwordProtection),
    operations: createOperationsService(deps),
    licensing,
    ssprPolicy,
    voiceCalls: createVoiceCallService(deps),
    adminViews: createAdminViewService(deps, licensing, ssprPolicy),
  };
};

export type Services = ReturnType<typeof createServices>;

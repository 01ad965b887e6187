import { createApiTokenService } from './api-token-service.js';
import { createAuditService } from './audit-service.js';
import { createAdminViewService } from './admin-view-service.js';
import type { ServiceDeps } from './deps.js';
import { createDirectoryService } from './directory-service.js';
import { createAgentService } from './agent-service.js';
import { createDirectorySyncService } from './directory-sync-service.js';
import { createGroupService } from './group-service.js';
import { createLicensingService } from './licensing-service.js';
import { createSsprPolicyService } from './sspr-policy-service.js';
import { createOperationsService } from './operations-service.js';
import { createPasswordChangeService } from './password-change-service.js';
import { createPasswordProtectionService } from './password-protection-service.js';
import { createPasswordResetService } from './password-reset-service.js';
import { createSecurityInfoAdminService } from './security-info-admin-service.js';
import { createSecurityInfoService } from './security-info-service.js';
import { createSessionService } from './session-service.js';
import { createSignInService } from './sign-in-service.js';
import { createTenantService } from './tenant-service.js';
import { createUserAdminService } from './user-admin-service.js';
import { createUserService } from './user-service.js';
import { createVoiceCallService } from './voice-call-service.js';

/** Composes the use cases over one set of dependencies. */
export const createServices = (deps: ServiceDeps) => {
  const sessions = createSessionService(deps);
  const directories = createDirectoryService(deps);
  const signIn = createSignInService(deps, sessions, directories);
  const passwordProtection = createPasswordProtectionService(deps);
  const users = createUserService(deps, passwordProtection);
  const licensing = createLicensingService(deps);
  const ssprPolicy = createSsprPolicyService(deps);
  const voiceCalls = createVoiceCallService(deps);
  return {
    deps,
    tenants: createTenantService(deps),
    users,
    passwordProtection,
    groups: createGroupService(deps),
    sessions,
    signIn,
    passwordChange: createPasswordChangeService(deps, signIn, passwordProtection, { licensing, directories }),
    operations: createOperationsService(deps),
    licensing,
    ssprPolicy,
    voiceCalls,
    userAdmin: createUserAdminService(deps, users, passwordProtection, { licensing, directories }),
    apiTokens: createApiTokenService(deps),
    securityInfo: createSecurityInfoService(deps, signIn),
    securityInfoAdmin: createSecurityInfoAdminService(deps),
    adminViews: createAdminViewService(deps, licensing, ssprPolicy),
    audit: createAuditService(deps),
    directories,
    agents: createAgentService(deps),
    directorySync: createDirectorySyncService(deps, directories),
    passwordReset: createPasswordResetService(deps, { licensing, directories, passwordProtection, voiceCalls }),
  };
};

export type Services = ReturnType<typeof createServices>;

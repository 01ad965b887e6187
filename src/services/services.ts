import { createApiTokenService } from './admin/api-token-service.js';
import { createAuditService } from './audit/audit-service.js';
import { createAdminViewService } from './admin/admin-view-service.js';
import type { ServiceDeps } from './deps.js';
import { createDirectoryService } from './directory/directory-service.js';
import { createAgentService } from './agent/agent-service.js';
import { createDirectorySyncService } from './directory/sync/directory-sync-service.js';
import { createGroupService } from './identity/group-service.js';
import { createLicensingService } from './licensing/licensing-service.js';
import { createSsprPolicyService } from './policy/sspr-policy-service.js';
import { createOperationsService } from './admin/operations-service.js';
import { createPasswordChangeService } from './password/password-change-service.js';
import { createExpiryReminders } from './password/expiry-reminders.js';
import { createPasswordExpiryService } from './password/password-expiry-service.js';
import { createPasswordProtectionService } from './password/password-protection-service.js';
import { createPasswordResetService } from './reset/password-reset-service.js';
import { createSecurityInfoAdminService } from './security-info/security-info-admin-service.js';
import { createSecurityInfoService } from './security-info/security-info-service.js';
import { createSessionService } from './identity/session-service.js';
import { createSignInService } from './identity/sign-in-service.js';
import { withSignInLog } from './identity/sign-in-recorder.js';
import { createLogQueries } from './reports/log-queries.js';
import { createRegistrationReport } from './reports/registration-report.js';
import { createUserRegistrationPage } from './reports/user-registration-page.js';
import { createSiemStatus } from './audit/siem-status.js';
import { createTenantService } from './identity/tenant-service.js';
import { createUserAdminService } from './admin/user-admin-service.js';
import { createHelpdeskService } from './admin/helpdesk-service.js';
import { createUserService } from './identity/user-service.js';
import { createDeliveryWorker } from './delivery/delivery-worker.js';
import { createVoiceCallService } from './delivery/voice-call-service.js';
import { createRecoveryServices } from './recovery/recovery-services.js';
import { createPasskeyRegistration } from './passkeys/passkey-registration.js';
import { createPasskeySignIn } from './passkeys/passkey-signin.js';
import { createBrandingService } from './branding/branding-service.js';
import { createNewUserService } from './admin/new-user-service.js';
import { createShownOnceService } from './admin/shown-once-service.js';
import { createWritebackRecovery } from './directory/writeback-recovery.js';
import { purgeExpiredCodes } from './security-info/code-purge.js';

/** Composes the use cases over one set of dependencies. */
export const createServices = (given: ServiceDeps) => {
  // The worker of this instance's delivery queue; every service's commit that enqueued a message wakes it.
  // Called only after a commit, so `worker` is set by then.
  const deps: ServiceDeps = { ...given, wakeDelivery: () => worker.wake() };
  const worker = createDeliveryWorker(deps);
  const sessions = createSessionService(deps);
  const directories = createDirectoryService(deps);
  const passwordExpiry = createPasswordExpiryService(deps);
  const signIn = withSignInLog(deps, createSignInService(deps, sessions, directories, passwordExpiry));
  const passwordProtection = createPasswordProtectionService(deps);
  const users = createUserService(deps, passwordProtection);
  const licensing = createLicensingService(deps);
  const ssprPolicy = createSsprPolicyService(deps);
  const voiceCalls = createVoiceCallService(deps);
  return {
    deps,
    delivery: worker,
    tenants: createTenantService(deps),
    users,
    passwordProtection,
    passwordExpiry,
    expiryReminders: createExpiryReminders(deps),
    groups: createGroupService(deps),
    sessions,
    signIn,
    passwordChange: createPasswordChangeService(deps, signIn, passwordProtection, {
      licensing,
      directories,
      expiry: passwordExpiry,
    }),
    operations: createOperationsService(deps),
    licensing,
    ssprPolicy,
    voiceCalls,
    userAdmin: createUserAdminService(deps, users, passwordProtection, { licensing, directories }),
    helpdesk: createHelpdeskService(deps, { licensing, directories }),
    apiTokens: createApiTokenService(deps),
    securityInfo: createSecurityInfoService(deps, signIn),
    securityInfoAdmin: createSecurityInfoAdminService(deps),
    verificationCodes: { purgeExpired: () => purgeExpiredCodes(deps) },
    passkeys: { ...createPasskeyRegistration(deps), ...createPasskeySignIn(deps, sessions, signIn) },
    adminViews: createAdminViewService(deps, licensing, ssprPolicy),
    audit: createAuditService(deps),
    logs: createLogQueries(deps),
    registrationReport: createRegistrationReport(deps),
    userRegistrations: createUserRegistrationPage(deps, createRegistrationReport(deps)),
    siemStatus: createSiemStatus(deps),
    directories,
    agents: createAgentService(deps),
    directorySync: createDirectorySyncService(deps, directories),
    passwordReset: createPasswordResetService(deps, {
      licensing,
      directories,
      passwordProtection,
      voiceCalls,
      signIn,
    }),
    ...createRecoveryServices(deps, sessions, signIn),
    branding: createBrandingService(deps),
    newUsers: createNewUserService(deps, users, passwordProtection),
    shownOnce: createShownOnceService(deps),
    writebackRecovery: createWritebackRecovery(deps),
  };
};

export type Services = ReturnType<typeof createServices>;

/**
 * Security info (DESIGN §1 "Method"): the user's registered authentication methods, their
 * registration and verification, step-up for changes, and the registration interrupt.
 * The public contract below is shared with the /account pages.
 */
import type { User } from '../core/model.js';
import type { Result } from '../core/result.js';
import type { Locale } from '../i18n/i18n.js';
import type { ServiceDeps } from './deps.js';
import type { ActiveSession } from './session-service.js';

export type MethodType = 'alternateEmail' | 'mobilePhone' | 'officePhone' | 'authenticatorApp' | 'securityQuestions';

export interface MethodView {
  id: string;
  type: MethodType;
  /** Masked: 'a***@h***.test', '+31 6******78', the authenticator's label, 'N questions'. */
  display: string;
  status: 'verified' | 'pending';
  /** Admin pre-population is usable without registration. */
  source: 'user' | 'admin' | 'synced';
  createdAt: string;
  verifiedAt: string | null;
}

export interface RegistrationStatus {
  /** The user is in SSPR scope (policy enabled for all / the selected group, nesting counts). */
  inScope: boolean;
  /** The policy's methodsRequired (the admin policy: 2 gates where DESIGN §3 says so). */
  methodsRequired: number;
  /** Distinct usable method kinds. */
  registeredCount: number;
  /** requireRegistration && inScope && registeredCount < methodsRequired */
  needsRegistration: boolean;
  /** requireRegistration && reconfirmDays > 0 && last confirmation older than that */
  needsReconfirmation: boolean;
  reconfirmDueAt: string | null;
}

export interface SecurityQuestion {
  id: string;
  text: string;
  custom: boolean;
}

export interface SecurityInfoContext {
  ipAddress: string | null;
  locale: Locale;
}

export type NewMethod =
  | { type: 'alternateEmail'; address: string }
  | { type: 'mobilePhone'; number: string }
  | { type: 'authenticatorApp'; label?: string }
  | { type: 'securityQuestions'; answers: { questionId: string; answer: string }[] };

export interface MethodList {
  methods: MethodView[];
  registration: RegistrationStatus;
  allowedTypes: MethodType[];
}

export interface AddedMethod {
  method: MethodView;
  /** Authenticator app only, returned once. */
  secret?: string;
  otpauthUri?: string;
}

const notYet = (): never => {
  throw new Error('not yet');
};

export const createSecurityInfoService = (deps: ServiceDeps) => {
  void deps;
  return {
    listMethods: async (active: ActiveSession): Promise<MethodList> => notYet(),
    addMethod: async (active: ActiveSession, input: NewMethod, ctx: SecurityInfoContext): Promise<Result<AddedMethod>> => notYet(),
    verifyMethod: async (active: ActiveSession, methodId: string, code: string, ctx: SecurityInfoContext): Promise<Result<{ method: MethodView }>> => notYet(),
    resendCode: async (active: ActiveSession, methodId: string, ctx: SecurityInfoContext): Promise<Result<{ method: MethodView }>> => notYet(),
    removeMethod: async (active: ActiveSession, methodId: string, ctx: SecurityInfoContext): Promise<Result<void>> => notYet(),
    /** Re-enter the password: step-up is fresh for 10 minutes. */
    stepUp: async (active: ActiveSession, password: string, ctx: SecurityInfoContext): Promise<Result<void>> => notYet(),
    /** A sign-in or step-up within the last 10 minutes. */
    stepUpFresh: (active: ActiveSession): boolean => notYet(),
    /** "Looks good" on the reconfirmation interrupt. */
    confirmSecurityInfo: async (active: ActiveSession, ctx: SecurityInfoContext): Promise<void> => notYet(),
    securityQuestions: async (tenantId: string, locale: Locale): Promise<SecurityQuestion[]> => notYet(),
    registrationStatus: async (user: User): Promise<RegistrationStatus> => notYet(),
  };
};

export type SecurityInfoService = ReturnType<typeof createSecurityInfoService>;

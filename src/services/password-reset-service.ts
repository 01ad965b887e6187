/**
 * Self-service password reset and account unlock (issue 6): the use case behind the JSON API and the
 * `/passwordreset` pages. The contract lives in `password-reset-types.ts`.
 */
import type { ServiceDeps } from './deps.js';
import type { PasswordResetService } from './password-reset-types.js';

export type { Helpdesk, Ineligible, PasswordResetService, ResetContext, ResetFlowView } from './password-reset-types.js';

const notYet = (): never => {
  throw new Error('password reset: not implemented yet');
};

export const createPasswordResetService = (_deps: ServiceDeps): PasswordResetService => ({
  issueCaptcha: async () => notYet(),
  start: async () => notYet(),
  view: async () => notYet(),
  chooseIntent: async () => notYet(),
  challenge: async () => notYet(),
  verify: async () => notYet(),
  setPassword: async () => notYet(),
  unlock: async () => notYet(),
  cancel: async () => notYet(),
  contactAdmin: async () => notYet(),
});

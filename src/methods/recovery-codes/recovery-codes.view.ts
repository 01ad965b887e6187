/** The reset wizard's recovery-code step: one field for a code from the user's sheet. */
import type { MethodViews } from '../../core/methods/method-contract.js';
import { resetSecretForm } from '../shared/secret-form.view.js';

export const recoveryCodeViews: MethodViews = {
  resetChallenge: (ctx) => resetSecretForm(ctx, ctx.t('reset.code.recoveryCode'), ctx.t('reset.recoveryCode.label')),
};

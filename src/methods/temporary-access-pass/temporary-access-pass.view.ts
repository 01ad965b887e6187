/** The reset wizard's Temporary Access Pass step: one field for the pass the administrator gave. */
import type { MethodViews } from '../../core/methods/method-contract.js';
import { resetSecretForm } from '../shared/secret-form.view.js';

export const temporaryAccessPassViews: MethodViews = {
  resetChallenge: (ctx) => resetSecretForm(ctx, ctx.t('reset.code.temporaryAccessPass'), ctx.t('tap.passLabel')),
};

/** The email method's page fragments: the reset code step and the security-info add form. */
import type { EnrolmentViews, MethodViews } from '../../core/methods/method-contract.js';
import { resetCodeForm } from '../shared/code-form.view.js';
import { contactForm } from '../shared/contact-form.view.js';

export const emailViews: MethodViews = {
  resetChallenge: (ctx) => resetCodeForm(ctx, ctx.t('reset.code.sent.email')),
};

export const alternateEmailViews: EnrolmentViews = {
  addForm: (ctx) => contactForm(ctx, { kind: 'email', field: 'address', type: 'email' }),
};

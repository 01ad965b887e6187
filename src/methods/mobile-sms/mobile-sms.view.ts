/** The mobile SMS method's page fragments: the whole number first, the code step, the add form. */
import type { EnrolmentViews, MethodViews } from '../../core/methods/method-contract.js';
import { resetCodeForm, resetPhoneField } from '../shared/code-form.view.js';
import { contactForm } from '../shared/contact-form.view.js';

export const mobileSmsViews: MethodViews = {
  resetCard: resetPhoneField,
  resetChallenge: (ctx) => resetCodeForm(ctx, ctx.t('reset.code.sent.mobileSms')),
};

export const mobilePhoneViews: EnrolmentViews = {
  addForm: (ctx) => contactForm(ctx, { kind: 'phone', field: 'number', type: 'tel' }),
};

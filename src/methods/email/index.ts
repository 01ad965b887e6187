/** The email verification method: policy `email`, proving the alternate email address. */
import type { MethodPlugin } from '../../core/methods/method-contract.js';
import { alternateEmailBody, alternateEmailEntry, alternateEmailForm, emailMethod } from './email.rules.js';
import { emailStrategy, enrolAlternateEmail } from './email.strategy.js';
import { emailTexts } from './email.texts.js';
import { alternateEmailViews, emailViews } from './email.view.js';

export const email = {
  folder: 'email',
  methods: [emailMethod],
  entries: [alternateEmailEntry],
  strategy: emailStrategy,
  views: emailViews,
  enrolments: [
    {
      kind: 'alternateEmail',
      schema: alternateEmailBody,
      formPath: 'email',
      form: alternateEmailForm,
      enrol: enrolAlternateEmail,
      view: alternateEmailViews,
    },
  ],
  texts: emailTexts,
} as const satisfies MethodPlugin;

/** The mobile SMS verification method: policy `mobileSms`, proving (and registering) the mobile phone. */
import type { MethodPlugin } from '../../core/methods/method-contract.js';
import { mobilePhoneBody, mobilePhoneEntry, mobilePhoneForm, mobileSmsMethod } from './mobile-sms.rules.js';
import { enrolMobilePhone, mobileSmsStrategy } from './mobile-sms.strategy.js';
import { mobileSmsTexts } from './mobile-sms.texts.js';
import { mobilePhoneViews, mobileSmsViews } from './mobile-sms.view.js';

export const mobileSms = {
  folder: 'mobile-sms',
  methods: [mobileSmsMethod],
  entries: [mobilePhoneEntry],
  strategy: mobileSmsStrategy,
  views: mobileSmsViews,
  enrolments: [
    {
      kind: 'mobilePhone',
      schema: mobilePhoneBody,
      formPath: 'phone',
      form: mobilePhoneForm,
      enrol: enrolMobilePhone,
      view: mobilePhoneViews,
    },
  ],
  texts: mobileSmsTexts,
} as const satisfies MethodPlugin;

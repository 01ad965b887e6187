/** The passkey verification method: policy `passkey`, proving a WebAuthn credential the user created. */
import type { MethodPlugin } from '../../core/methods/method-contract.js';
import { passkeyBody, passkeyEntry, passkeyForm, passkeyMethod } from './passkey.rules.js';
import { enrolPasskey, passkeyStrategy } from './passkey.strategy.js';
import { passkeyTexts } from './passkey.texts.js';
import { passkeyEnrolmentViews, passkeyViews } from './passkey.view.js';

export const passkey = {
  folder: 'passkey',
  methods: [passkeyMethod],
  entries: [passkeyEntry],
  strategy: passkeyStrategy,
  views: passkeyViews,
  enrolments: [
    {
      kind: 'passkey',
      schema: passkeyBody,
      formPath: 'passkey',
      form: passkeyForm,
      enrol: enrolPasskey,
      view: passkeyEnrolmentViews,
    },
  ],
  texts: passkeyTexts,
} as const satisfies MethodPlugin;

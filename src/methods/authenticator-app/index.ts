/** The authenticator app verification method: policy `authenticatorCode`, proving an app set up by the user. */
import type { MethodPlugin } from '../../core/methods/method-contract.js';
import {
  authenticatorAppBody,
  authenticatorAppEntry,
  authenticatorAppForm,
  authenticatorCodeMethod,
} from './authenticator-app.rules.js';
import { authenticatorAppStrategy, enrolAuthenticatorApp } from './authenticator-app.strategy.js';
import { authenticatorAppTexts } from './authenticator-app.texts.js';
import { authenticatorAppViews, authenticatorCodeViews } from './authenticator-app.view.js';

export const authenticatorApp = {
  folder: 'authenticator-app',
  methods: [authenticatorCodeMethod],
  entries: [authenticatorAppEntry],
  strategy: authenticatorAppStrategy,
  views: authenticatorCodeViews,
  enrolments: [
    {
      kind: 'authenticatorApp',
      schema: authenticatorAppBody,
      formPath: 'app',
      form: authenticatorAppForm,
      enrol: enrolAuthenticatorApp,
      view: authenticatorAppViews,
    },
  ],
  texts: authenticatorAppTexts,
} as const satisfies MethodPlugin;

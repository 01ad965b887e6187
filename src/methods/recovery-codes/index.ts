/** Recovery codes: policy `recoveryCode`, proving a set the user made on the security-info page. */
import type { MethodPlugin } from '../../core/methods/method-contract.js';
import { recoveryCodeMethod, recoveryCodesEntry } from './recovery-codes.rules.js';
import { recoveryCodesStrategy } from './recovery-codes.strategy.js';
import { recoveryCodesTexts } from './recovery-codes.texts.js';
import { recoveryCodeViews } from './recovery-codes.view.js';

export const recoveryCodes = {
  folder: 'recovery-codes',
  methods: [recoveryCodeMethod],
  entries: [recoveryCodesEntry],
  strategy: recoveryCodesStrategy,
  views: recoveryCodeViews,
  // Made on their own page (ten at once, shown once), not through the add-method forms.
  enrolments: [],
  texts: recoveryCodesTexts,
} as const satisfies MethodPlugin;

/** Temporary Access Pass: issued by an administrator; signs the user in to register methods, and may be a gate. */
import type { MethodPlugin } from '../../core/methods/method-contract.js';
import { temporaryAccessPassEntry, temporaryAccessPassMethod } from './temporary-access-pass.rules.js';
import { temporaryAccessPassStrategy } from './temporary-access-pass.strategy.js';
import { temporaryAccessPassTexts } from './temporary-access-pass.texts.js';
import { temporaryAccessPassViews } from './temporary-access-pass.view.js';

export const temporaryAccessPass = {
  folder: 'temporary-access-pass',
  methods: [temporaryAccessPassMethod],
  entries: [temporaryAccessPassEntry],
  strategy: temporaryAccessPassStrategy,
  views: temporaryAccessPassViews,
  enrolments: [],
  texts: temporaryAccessPassTexts,
} as const satisfies MethodPlugin;

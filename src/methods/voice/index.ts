/** The voice verification methods: policies `mobileVoice` and `officeVoice`; owns the office phone entry. */
import type { MethodPlugin } from '../../core/methods/method-contract.js';
import { mobileVoiceMethod, officePhoneEntry, officeVoiceMethod } from './voice.rules.js';
import { voiceStrategy } from './voice.strategy.js';
import { voiceTexts } from './voice.texts.js';
import { voiceViews } from './voice.view.js';

export const voice = {
  folder: 'voice',
  methods: [mobileVoiceMethod, officeVoiceMethod],
  entries: [officePhoneEntry],
  strategy: voiceStrategy,
  views: voiceViews,
  // The office phone is set by an administrator or the sync; the mobile phone is registered by SMS.
  enrolments: [],
  texts: voiceTexts,
} as const satisfies MethodPlugin;

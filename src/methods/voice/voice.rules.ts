/**
 * Voice calls (policies `mobileVoice` and `officeVoice`): a call to the number on file that asks the
 * callee to press #, after the user typed the whole number. Under the administrator policy they are
 * offered only on paid, non-trial tenants (DESIGN §3). The office phone is set by an administrator
 * or the directory sync only, so there is no self-service enrolment and no decoy of it.
 */
import { maskPhone } from '../../core/methods/masking.js';
import { fivePerHour, type EntryKindRules, type PolicyMethodRules } from '../../core/methods/method-contract.js';

export const mobileVoiceMethod = {
  id: 'mobileVoice',
  entryKind: 'mobilePhone',
  forAdmins: 'paidTenantsOnly',
  asksWholeNumber: true,
  needsChallenge: true,
  throttle: {
    kind: 'mobileVoice',
    counts: 'challenge',
    rule: fivePerHour,
    blockedDetail: 'User tried mobile phone voice verification too many times and is blocked for 24 hours',
  },
  auditName: 'mobile voice call',
  freshChallengeAfterFailure: false,
  defaultInPolicy: true,
} as const satisfies PolicyMethodRules;

export const officeVoiceMethod = {
  id: 'officeVoice',
  entryKind: 'officePhone',
  forAdmins: 'paidTenantsOnly',
  asksWholeNumber: true,
  needsChallenge: true,
  throttle: {
    kind: 'officeVoice',
    counts: 'challenge',
    rule: fivePerHour,
    blockedDetail: 'User tried office phone voice verification too many times and is blocked for 24 hours',
  },
  auditName: 'office voice call',
  freshChallengeAfterFailure: false,
  // Not ticked in a new tenant's policy (as defaultSsprPolicy had it); an administrator ticks it.
  defaultInPolicy: false,
} as const satisfies PolicyMethodRules;

export const officePhoneEntry = {
  kind: 'officePhone',
  registeredBy: 'admin',
  forAdmins: true,
  prepopulated: true,
  mask: maskPhone,
} as const satisfies EntryKindRules;

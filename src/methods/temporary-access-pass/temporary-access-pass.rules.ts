/**
 * Temporary Access Pass as a reset gate (policy `temporaryAccessPass`): the tenant's setting is this
 * method's tick in the SSPR policy, off by default. An administrator issued the pass after checking who
 * asked, so it stands for one gate; it is offered only while the user holds a live pass.
 */
import { fivePerHour, type EntryKindRules, type PolicyMethodRules } from '../../core/methods/method-contract.js';

export const temporaryAccessPassMethod = {
  id: 'temporaryAccessPass',
  entryKind: 'temporaryAccessPass',
  // The tenant's tick decides for administrators too: a pass is one gate only where the tenant chose so.
  forAdmins: 'whenInPolicy',
  asksWholeNumber: false,
  needsChallenge: false,
  throttle: {
    kind: 'temporaryAccessPass',
    counts: 'proof',
    rule: fivePerHour,
    blockedDetail: 'User tried Temporary Access Pass verification too many times and is blocked for 24 hours',
  },
  auditName: 'Temporary Access Pass',
  freshChallengeAfterFailure: false,
  defaultInPolicy: false,
} as const satisfies PolicyMethodRules;

export const temporaryAccessPassEntry = {
  kind: 'temporaryAccessPass',
  // Issued by an administrator (console, API, CLI), never registered by the user.
  registeredBy: 'admin',
  forAdmins: true,
} as const satisfies EntryKindRules;

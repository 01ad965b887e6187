/**
 * Recovery codes (policy `recoveryCode`): one of ten single-use codes the user made on the security-info
 * page. Off in a new tenant's policy. Never the only gate of an administrator: under the administrator
 * policy it is offered only where two gates are required, and two gates prove two different kinds.
 */
import {
  fivePerHour,
  type DecoySource,
  type EntryKindRules,
  type PolicyMethodRules,
} from '../../core/methods/method-contract.js';

export const recoveryCodeMethod = {
  id: 'recoveryCode',
  entryKind: 'recoveryCodes',
  forAdmins: 'secondGateOnly',
  asksWholeNumber: false,
  // The code sheet is its own challenge, as an authenticator app is.
  needsChallenge: false,
  throttle: {
    kind: 'recoveryCode',
    counts: 'proof',
    rule: fivePerHour,
    blockedDetail: 'User tried recovery code verification too many times and is blocked for 24 hours',
  },
  auditName: 'recovery code',
  freshChallengeAfterFailure: false,
  defaultInPolicy: false,
} as const satisfies PolicyMethodRules;

export const recoveryCodesEntry = {
  kind: 'recoveryCodes',
  registeredBy: 'user',
  forAdmins: true,
  // Shown to unknown user IDs as often as real users hold a set, so its presence tells nothing.
  decoy: (source: DecoySource) => ({
    entryId: source.uuidFrom(source.digestHex.slice(24, 56)),
    kind: 'recoveryCodes',
    display: 'Recovery codes',
  }),
} as const satisfies EntryKindRules;

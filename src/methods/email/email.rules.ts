/**
 * Email (policy `email`): a code sent to the user's alternate email address (reference §2.2). Sends
 * count 10 per 10 minutes, a looser limit than the phone methods (reference §4).
 */
import { Type } from 'typebox';
import { maskEmail } from '../../core/methods/masking.js';
import type { DecoySource, EntryKindRules, PolicyMethodRules } from '../../core/methods/method-contract.js';

export const emailMethod = {
  id: 'email',
  entryKind: 'alternateEmail',
  forAdmins: 'always',
  asksWholeNumber: false,
  needsChallenge: true,
  throttle: {
    kind: 'email',
    counts: 'challenge',
    rule: { limit: 10, windowSeconds: 10 * 60, blockWhen: 'exceeded' },
    blockedDetail: 'User requested too many email verification codes and is blocked for 24 hours',
  },
  auditName: 'email',
  freshChallengeAfterFailure: false,
} as const satisfies PolicyMethodRules;

export const alternateEmailEntry = {
  kind: 'alternateEmail',
  registeredBy: 'user',
  forAdmins: true,
  // One address: a new one replaces the verified one once it is verified itself.
  limit: 1,
  // An address of a common mail provider; the id of pre-populated data or of a registered entry.
  decoy: (source: DecoySource) => ({
    entryId: source.next(2) === 0 ? 'admin-alternateEmail' : source.uuidFrom(source.digestHex.slice(0, 32)),
    kind: 'alternateEmail',
    display: maskEmail(source.email),
  }),
} as const satisfies EntryKindRules;

export const alternateEmailBody = Type.Object(
  { type: Type.Literal('alternateEmail'), address: Type.String({ minLength: 1, maxLength: 320 }) },
  { additionalProperties: false },
);

/**
 * Email (policy `email`): a code sent to the user's alternate email address (reference §2.2). Sends
 * count 10 per 10 minutes, a looser limit than the phone methods (reference §4).
 */
import { Type } from 'typebox';
import { maskEmail } from '../../core/methods/masking.js';
import type {
  DecoySource,
  EnrolmentForm,
  EntryKindRules,
  PolicyMethodRules,
} from '../../core/methods/method-contract.js';

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
  defaultInPolicy: true,
} as const satisfies PolicyMethodRules;

export const alternateEmailEntry = {
  kind: 'alternateEmail',
  registeredBy: 'user',
  forAdmins: true,
  // One address: a new one replaces the verified one once it is verified itself (a change, not a second email).
  limit: 1,
  replacesExisting: true,
  verifiedBy: 'code',
  sendsTo: 'email',
  notifyOnRemoval: true,
  prepopulated: true,
  mask: maskEmail,
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

/** The portal's add form: one address; an empty one is refused before anything is stored. */
export const alternateEmailForm = {
  fields: { address: Type.Optional(Type.String({ maxLength: 320 })) },
  read: (body) => {
    const address = body.address?.trim() ?? '';
    if (!address) return { ok: false, refusal: { code: 'EMAIL_INVALID' } };
    return { ok: true, input: { type: 'alternateEmail', address }, typed: { address } };
  },
} satisfies EnrolmentForm;

/**
 * Mobile SMS (policy `mobileSms`): a code texted to the user's mobile phone, after the user typed
 * the whole number on file (reference §1.1 step 4). The mobile phone entry is registered with an
 * SMS code too, so this plugin owns it; voice calls to it are the voice plugin's.
 */
import { Type } from 'typebox';
import { maskPhone } from '../../core/methods/masking.js';
import { withCountry } from '../../core/methods/phone.js';
import {
  fivePerHour,
  type DecoySource,
  type EnrolmentForm,
  type EntryKindRules,
  type PolicyMethodRules,
} from '../../core/methods/method-contract.js';

export const mobileSmsMethod = {
  id: 'mobileSms',
  entryKind: 'mobilePhone',
  forAdmins: 'always',
  asksWholeNumber: true,
  needsChallenge: true,
  throttle: {
    kind: 'sms',
    counts: 'challenge',
    rule: fivePerHour,
    blockedDetail: 'User entered too many invalid SMS verification codes and is blocked for 24 hours',
  },
  auditName: 'mobile SMS',
  freshChallengeAfterFailure: false,
  defaultInPolicy: true,
} as const satisfies PolicyMethodRules;

export const mobilePhoneEntry = {
  kind: 'mobilePhone',
  registeredBy: 'user',
  forAdmins: true,
  limit: 2,
  verifiedBy: 'code',
  sendsTo: 'sms',
  notifyOnRemoval: true,
  prepopulated: true,
  mask: maskPhone,
  // A mobile number of the tenant's country, masked as a real one is.
  decoy: (source: DecoySource) => ({
    entryId: source.next(2) === 0 ? 'admin-mobilePhone' : source.uuidFrom(source.digestHex.slice(32, 64)),
    kind: 'mobilePhone',
    display: maskPhone(source.phone),
  }),
} as const satisfies EntryKindRules;

export const mobilePhoneBody = Type.Object(
  { type: Type.Literal('mobilePhone'), number: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

/** The portal's add form: one number; an empty one is refused before anything is stored. */
export const mobilePhoneForm = {
  fields: {
    number: Type.Optional(Type.String({ maxLength: 64 })),
    // The country picker beside the number (issue 14): a national number is read as that country's.
    country: Type.Optional(Type.String({ maxLength: 2 })),
  },
  read: (body) => {
    const typed = body.number?.trim() ?? '';
    const country = body.country?.trim().toUpperCase() ?? '';
    const kept = { number: typed, ...(country && { country }) };
    if (!typed) return { ok: false, refusal: { code: 'PHONE_INVALID' }, typed: kept };
    return { ok: true, input: { type: 'mobilePhone', number: withCountry(typed, country) }, typed: kept };
  },
} satisfies EnrolmentForm;

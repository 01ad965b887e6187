/**
 * Authenticator app (policy `authenticatorCode`): a time-based code (TOTP) from an app the user set
 * up. The app is its own challenge, so a proof needs none first; each time step is accepted once.
 */
import { Type } from 'typebox';
import {
  fivePerHour,
  type DecoySource,
  type EnrolmentForm,
  type EntryKindRules,
  type PolicyMethodRules,
} from '../../core/methods/method-contract.js';

export const authenticatorCodeMethod = {
  id: 'authenticatorCode',
  entryKind: 'authenticatorApp',
  forAdmins: 'always',
  asksWholeNumber: false,
  needsChallenge: false,
  throttle: {
    kind: 'authenticator',
    counts: 'proof',
    rule: fivePerHour,
    blockedDetail: 'User tried authenticator app verification too many times and is blocked for 24 hours',
  },
  auditName: 'authenticator app code',
  freshChallengeAfterFailure: false,
  defaultInPolicy: true,
} as const satisfies PolicyMethodRules;

export const authenticatorAppEntry = {
  kind: 'authenticatorApp',
  registeredBy: 'user',
  forAdmins: true,
  // A second factor the user set up for sign-in: a reset must not be weaker than it.
  strong: true,
  limit: 5,
  // The first code from the app verifies it; later ones step the session up.
  verifiedBy: 'totp',
  decoy: (source: DecoySource) => ({
    entryId: source.uuidFrom(source.digestHex.slice(16, 48)),
    kind: 'authenticatorApp',
    display: 'Authenticator app',
  }),
} as const satisfies EntryKindRules;

export const authenticatorAppBody = Type.Object(
  { type: Type.Literal('authenticatorApp'), label: Type.Optional(Type.String({ maxLength: 64 })) },
  { additionalProperties: false },
);

/** The portal's add form: an optional name (a default one is given by the service). */
export const authenticatorAppForm = {
  fields: { label: Type.Optional(Type.String({ maxLength: 64 })) },
  read: (body) => {
    const label = body.label?.trim() ?? '';
    return { ok: true, input: { type: 'authenticatorApp', ...(label && { label }) }, typed: { label } };
  },
} satisfies EnrolmentForm;

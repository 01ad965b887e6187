/**
 * Passkey (policy `passkey`): a WebAuthn credential on the user's device or security key, unlocked with a PIN or
 * biometric (user verification required). Phishing-resistant, so the strongest gate: with the policy's
 * `requireStrongMethod` a holder must pass it. The proof is a signed challenge, made in the browser by JavaScript.
 * Off in a new tenant's policy until an administrator ticks it, as new methods are in Entra.
 */
import { Type } from 'typebox';
import {
  fivePerHour,
  type DecoySource,
  type EnrolmentForm,
  type EntryKindRules,
  type PolicyMethodRules,
} from '../../core/methods/method-contract.js';

export const passkeyMethod = {
  id: 'passkey',
  entryKind: 'passkey',
  // The strongest gate for administrators too, once the tenant switched passkeys on.
  forAdmins: 'whenInPolicy',
  asksWholeNumber: false,
  // The challenge to sign is issued first and kept with the flow (single use).
  needsChallenge: true,
  throttle: {
    kind: 'passkey',
    counts: 'proof',
    rule: fivePerHour,
    blockedDetail: 'User tried passkey verification too many times and is blocked for 24 hours',
  },
  auditName: 'passkey',
  // Every try gets a fresh challenge: a response can never be tried twice, right or wrong.
  freshChallengeAfterFailure: true,
  defaultInPolicy: false,
} as const satisfies PolicyMethodRules;

/** How many passkeys one user may hold (a phone, a laptop, two security keys, …). */
export const passkeyLimit = 10;

export const passkeyEntry = {
  kind: 'passkey',
  registeredBy: 'user',
  forAdmins: true,
  strong: true,
  limit: passkeyLimit,
  decoy: (source: DecoySource) => ({
    entryId: source.uuidFrom(source.digestHex.slice(24, 56)),
    kind: 'passkey',
    display: 'Passkey',
  }),
} as const satisfies EntryKindRules;

/** A passkey's name: shown on the security-info page to tell several apart. */
const labelField = Type.String({ maxLength: 64 });
/** The attestation response as `@simplewebauthn/browser` returns it; checked only by the ceremonies port. */
const responseField = Type.Object({}, { additionalProperties: true });

export const passkeyBody = Type.Object(
  { type: Type.Literal('passkey'), label: Type.Optional(labelField), response: responseField },
  { additionalProperties: false },
);

/** The largest response a form carries (an attestation with "none" is well under 4 KiB). */
const maxResponseLength = 12_000;

/** Reads a ceremony response posted as a JSON string (a hidden field the page's script filled); undefined: none. */
export const readCeremonyResponse = (raw: string | undefined): Record<string, unknown> | undefined => {
  if (!raw || raw.length > maxResponseLength) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The portal's add form: a name, and the response the script put in the hidden field after the browser created the
 * passkey. Without JavaScript the field stays empty: the page says a passkey needs JavaScript.
 */
export const passkeyForm = {
  fields: {
    label: Type.Optional(labelField),
    response: Type.Optional(Type.String({ maxLength: maxResponseLength })),
  },
  read: (body) => {
    const label = body.label?.trim() ?? '';
    const response = readCeremonyResponse(body.response);
    if (!response) return { ok: false, refusal: { message: 'passkey.needsJavaScript' }, typed: { label } };
    return { ok: true, input: { type: 'passkey', ...(label && { label }), response }, typed: { label } };
  },
  savedNotice: 'passkey',
} satisfies EnrolmentForm;

/** A UUID from 32 hex digits. */
const uuidOf = (hex: string) =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;

/**
 * The WebAuthn user handle of a user: their tenant and user ids (64 hex digits, WebAuthn's 64-byte maximum). A
 * discoverable passkey returns it at sign-in, where nobody typed a name, so it says where to look for the credential.
 * It holds no personal data (ids only) and is checked against the stored credential, never trusted on its own.
 */
export const passkeyUserHandle = (tenantId: string, userId: string): string =>
  `${tenantId}${userId}`.replaceAll('-', '').toLowerCase();

/** The tenant and user a user handle names; undefined for anything not of our shape. */
export const readPasskeyUserHandle = (handle: string): { tenantId: string; userId: string } | undefined =>
  /^[0-9a-f]{64}$/.test(handle)
    ? { tenantId: uuidOf(handle.slice(0, 32)), userId: uuidOf(handle.slice(32)) }
    : undefined;

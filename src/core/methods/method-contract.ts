/**
 * The contract of a verification method plugin (`src/methods/<folder>/`, registered once in
 * `src/methods/registry.ts`). A plugin says which policy methods it offers, which piece of security
 * info each proves, when it is offered and to whom, which throttles it counts, how it issues a
 * challenge and proves an answer (decoys included), its decoy entry, its request-body schema, its
 * optional self-service enrolment, its page fragments and its en/nl texts. Everything that lists
 * method names is derived from the registry, so a missing part is a compile error or a failing test,
 * never a silent fallback. Effects go only through the capabilities passed in: the shared gate
 * mechanics (compare-and-set on the flow, the transaction with its audit event, atomic consumption
 * of codes, equal work for decoys) stay in the services that pass them.
 */
import type { SafeHtml } from '../html.js';
import type { ErrorCode } from '../errors.js';
import type { Result } from '../result.js';
import type { ThrottleRule } from '../flows/throttles.js';
import type { SsprPolicy } from '../policy/sspr-policy.js';

/** One method of the SSPR policy: what the admin ticks and the reset flow offers. */
export interface PolicyMethodRules<Id extends string = string, Kind extends string = string> {
  id: Id;
  /** The piece of security info it proves: two gates must prove two different kinds. */
  entryKind: Kind;
  /**
   * Under the administrator policy (DESIGN §3): always, never (questions), not on trial or free tenants (voice), or
   * only where two gates are required, so it is never an administrator's only gate (recovery codes), or only when
   * the tenant ticked it in its SSPR policy (an opt-in method the fixed administrator policy otherwise ignores).
   */
  forAdmins: 'always' | 'never' | 'paidTenantsOnly' | 'secondGateOnly' | 'whenInPolicy';
  /** The user types the whole number on file before anything is sent (counts `phoneValidation`). */
  asksWholeNumber: boolean;
  /** false: the proof needs no challenge first (an authenticator app is its own challenge). */
  needsChallenge: boolean;
  /** Its own throttle (reference §4): counted when a challenge is issued or when a proof is tried. */
  throttle: { kind: string; counts: 'challenge' | 'proof'; rule: ThrottleRule; blockedDetail: string };
  /** Entra's name in audit details ("User started the mobile SMS verification option"). */
  auditName: string;
  /** A failed proof issues a new challenge at once (a new pick of questions, against question hammering). */
  freshChallengeAfterFailure: boolean;
  /** Ticked in a new tenant's SSPR policy (`defaultSsprPolicy.methods`, in the registry's order). */
  defaultInPolicy: boolean;
}

/** Sends and tries of most methods: 5 per hour, the sixth is refused and blocks for 24 h (reference §4). */
export const fivePerHour: ThrottleRule = { limit: 5, windowSeconds: 3600, blockWhen: 'exceeded' };

/** A registered, usable piece of security info as the reset flow sees it (masked). */
export interface DecoyEntry {
  entryId: string;
  kind: string;
  display: string;
  questionCount?: number;
}

/** What a decoy entry is made from: the deterministic reader and what the decoy module drew before. */
export interface DecoySource {
  /** The next small number below `modulo` from the user ID's keyed hash. */
  next(modulo: number): number;
  /** The keyed hash in hex (64 characters). */
  digestHex: string;
  /** A version-4-shaped id from 32 hex characters, as registered entries have. */
  uuidFrom(hex: string): string;
  email: string;
  phone: string;
  questionsToRegister: number;
}

/** One kind of security info a plugin owns. */
export interface EntryKindRules<Kind extends string = string> {
  kind: Kind;
  /** `user`: registered on the security-info pages; `admin`: only set by an administrator or the sync. */
  registeredBy: 'user' | 'admin';
  /** Usable by holders of affected admin roles (never security questions). */
  forAdmins: boolean;
  /**
   * A sign-in-strength (MFA) factor: with the policy's `requireStrongMethod` on, a user holding one must pass it as
   * one of the gates, so an email code alone cannot reset the account of someone who set one up (checklist §11
   * row 13). Absent: not strong.
   */
  strong?: boolean;
  /** Verified entries a user may hold as their own records (Entra's combined-registration limits); absent: not a record. */
  limit?: number;
  /** Whether an entry counts for a reset under the policy (a question set needs enough answers); absent: always. */
  usable?: (entry: { questionCount?: number }, policy: SsprPolicy) => boolean;
  /** The decoy shown for an unknown user ID; absent when no decoy of this kind is shown. */
  decoy?: (source: DecoySource) => DecoyEntry;
  /** How a held entry is proven on the security-info pages: a code sent to it, or one from the app; absent: never. */
  verifiedBy?: 'code' | 'totp';
  /** The channel that reaches the stored value: codes (also resent ones) and change notices go there; absent: none. */
  sendsTo?: 'email' | 'sms';
  /** A verified entry that is removed is told so at its own value (it no longer guards the account). */
  notifyOnRemoval?: boolean;
  /** A verified new entry replaces the verified one (one address, changed), so the limit does not refuse it. */
  replacesExisting?: boolean;
  /** An administrator or the directory sync may set it on the user (the user record's field of the same name). */
  prepopulated?: boolean;
  /** The value as shown (masked); absent: the entry's label. */
  mask?: (value: string) => string;
}

/** What a challenge left in the flow for the proof: a code to send, a call placed, questions picked. */
export type Issued =
  | { kind: 'code'; channel: 'email' | 'sms' }
  | { kind: 'call'; callId: string }
  | { kind: 'questions'; questionIds: string[] }
  /** A client-side (JavaScript) ceremony such as WebAuthn: the challenge it must sign, kept with the flow. */
  | { kind: 'ceremony'; challenge: string }
  | { kind: 'none' };

export interface IssueCapabilities {
  decoy: boolean;
  /** The entry's unmasked value (address or number); null for decoys and apps. */
  value: string | null;
  placeCall(to: string): Promise<Result<string>>;
  pickQuestions(): Promise<string[]>;
  /** An id that reads like a real one, for what a decoy pretends to have. */
  randomToken(): string;
  /** A fresh single-use challenge for a client-side ceremony (decoys get one too, from the same source). */
  ceremonyChallenge(): string;
}

export interface ProofInput {
  code?: string;
  answers?: { questionId: string; answer: string }[];
  /** A client-side ceremony's response (WebAuthn's JSON), checked only by the service's port. */
  response?: unknown;
}

/** A counter-carrying credential the proof used: written with compare-and-set when the gate passes. */
export interface CredentialUse {
  credentialId: string;
  expectedCount: number;
  signCount: number;
  backupState: boolean;
}

/** A stored lookup secret a gate proves: a recovery code, a Temporary Access Pass. */
export type LookupSecretKind = 'recoveryCode' | 'temporaryAccessPass';

export type Proof =
  | {
      outcome: 'passed';
      consumeCodeId?: string;
      totpStep?: number;
      /** The secret's keyed hash, claimed (used up, or a use counted) in the transaction that passes the gate. */
      consumeLookupSecret?: { kind: LookupSecretKind; hash: string };
      credentialUse?: CredentialUse;
    }
  | {
      outcome: 'failed';
      code:
        | 'CODE_INVALID'
        | 'ANSWER_WRONG'
        | 'CALL_NOT_ANSWERED'
        | 'RECOVERY_CODE_INVALID'
        | 'TAP_INVALID'
        | 'PASSKEY_INVALID';
    }
  | { outcome: 'refused'; code: ErrorCode };

export interface ProofCapabilities {
  decoy: boolean;
  input: ProofInput;
  pending: { codeId?: string; callId?: string; questionIds?: string[]; ceremonyChallenge?: string } | null;
  /** The one-time code check: attempts counted before the comparison, constant-time compare. */
  checkCode(codeId: string | undefined, typed: string): Promise<Proof>;
  /** The call's status as the provider last reported it (`placed`, `confirmed`, …); undefined: no such call. */
  callStatus(callId: string): Promise<string | undefined>;
  /** Checks every asked answer (no early exit; decoys hash against a dummy), true only when all are right. */
  checkAnswers(asked: readonly string[], answers: ReadonlyMap<string, string>): Promise<boolean>;
  /** The accepted time step of an authenticator code, null when wrong or replayed, undefined without an app. */
  checkTotp(typed: string): Promise<number | null | undefined>;
  /** Looks a typed recovery code or pass up by its keyed hash (decoys hash too); `passed` carries what to claim. */
  checkLookupSecret(kind: LookupSecretKind, typed: string): Promise<Proof>;
  /**
   * Checks a ceremony response (a passkey assertion) against the pending challenge and the user's own credentials;
   * the credential's counter change when right, undefined when wrong. Decoys do the same lookups and never pass.
   */
  checkCeremony(response: unknown, challenge: string | undefined): Promise<CredentialUse | undefined>;
}

/** Self-service registration on the security-info pages; the service does the storing. */
export interface EnrolCapabilities<Out> {
  allowedRegions(): Promise<readonly string[]>;
  /** A pending entry of `kind` holding a value its `sendsTo` channel reaches, and a code sent there. */
  addContact(kind: string, value: string): Promise<Result<Out>>;
  /** A pending entry of `kind` with a new TOTP secret, returned once. */
  addAuthenticator(kind: string, label: string | undefined): Promise<Result<Out>>;
  /** The user's answer set of `kind`, replaced whole and saved verified. */
  saveAnswers(kind: string, answers: { questionId: string; answer: string }[]): Promise<Result<Out>>;
  /** A credential a client-side ceremony created (a passkey's attestation), checked and saved verified. */
  addCredential(kind: string, label: string | undefined, response: unknown): Promise<Result<Out>>;
}

export interface MethodStrategy {
  /** Issues the challenge of one policy method (a decoy issues one that can never be passed). */
  issue(methodId: string, caps: IssueCapabilities): Promise<Result<Issued>>;
  /** Proves an answer; a decoy never passes, with the same work done. */
  prove(methodId: string, caps: ProofCapabilities): Promise<Proof>;
}

/** The translator a page fragment gets: the plugin's own keys and the shared ones, filled in. */
export type Translate = (key: string, params?: Record<string, string | number>) => string;

export interface FragmentContext {
  t: Translate;
  /** Where the form posts (already localised). */
  action: string;
  csrfField: SafeHtml;
  /** The flow's method id, or the form's element-id prefix. */
  methodId: string;
  autofocus: boolean;
  /** Messages tied to an input of the fragment, by the input's id (issue 14: shown next to it, linked by ARIA). */
  fieldErrors?: Readonly<Record<string, string>>;
  /** Values to put back after a refused post, by the input's id (never codes or answers). */
  values?: Readonly<Record<string, string>>;
}

export interface MethodViews {
  /** Fields on the method's card in the reset wizard before "send" (the whole phone number). */
  resetCard?(ctx: FragmentContext & { display: string }): SafeHtml;
  /** The reset wizard's open challenge: a code to type, a call to take or questions to answer. */
  resetChallenge(
    ctx: FragmentContext & {
      methodType: string;
      questions?: { id: string; text: string }[];
      /** A client-side ceremony's options (WebAuthn request options JSON) for the page's script. */
      ceremony?: Record<string, unknown>;
    },
  ): SafeHtml;
}

/** The security-info pages' fragments of an entry kind the user registers themselves. */
export interface EnrolmentViews {
  /** The add form (a section). */
  addForm(
    ctx: FragmentContext & { typed: Record<string, string | string[] | undefined>; extra: EnrolFormData },
  ): SafeHtml;
}

/** What an add form may need besides what the user typed: the question list and how many to register. */
export interface EnrolFormData {
  questions: { id: string; text: string }[];
  questionsToRegister: number;
  /** The user already holds an entry of this kind (saving a set replaces it). */
  hasSet: boolean;
  /** The countries a phone number may be from (the tenant's settings), for a country picker; absent: none shown. */
  regions?: readonly string[];
}

/** What the portal's add form made of the posted fields: the body to add, or a refusal shown on the page. */
export type FormReading =
  | { ok: true; input: Record<string, unknown>; typed: Record<string, string | string[]> }
  /** `code`: an error code in the user's words; `message`: a text key of the plugin's (a form slip, 400). */
  | {
      ok: false;
      refusal: { code: ErrorCode } | { message: string; params?: Record<string, string | number> };
      typed?: Record<string, string | string[]>;
    };

/** The portal's add form as posted (urlencoded): its fields and how they become the add body. */
export interface EnrolmentForm<Fields = unknown> {
  /** The form's fields as TypeBox properties (the page adds the CSRF token). */
  fields: Fields;
  read(body: Readonly<Record<string, string | undefined>>, extra: { questionsToRegister: number }): FormReading;
  /** Saved at once (no code to type): the page goes back to the overview with this notice. */
  savedNotice?: string;
  /** The form picks from the tenant's question list (`EnrolFormData.questions`), which the page then loads. */
  picksQuestions?: boolean;
}

/** Self-service enrolment of one entry kind: its request-body schema fragment, the rule and the form. */
export interface Enrolment<Kind extends string = string, Schema = unknown> {
  kind: Kind;
  /** The body's variant for this kind (`{ type: kind, … }`, TypeBox): the API's union is made of these. */
  schema: Schema;
  /** Where the portal's add form posts, below the security-info page. */
  formPath: string;
  form: EnrolmentForm;
  enrol<Out>(input: Record<string, unknown>, caps: EnrolCapabilities<Out>): Promise<Result<Out>>;
  view: EnrolmentViews;
}

export interface MethodTexts {
  en: Readonly<Record<string, string>>;
  nl: Readonly<Record<string, string>>;
}

/** A verification method plugin: one folder, one line in the registry. */
export interface MethodPlugin {
  folder: string;
  methods: readonly PolicyMethodRules[];
  entries: readonly EntryKindRules[];
  strategy: MethodStrategy;
  views: MethodViews;
  enrolments: readonly Enrolment[];
  texts: MethodTexts;
}

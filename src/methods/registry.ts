/**
 * THE registration list of verification methods: one line per plugin folder. Every list of method
 * names (the policy's method ids, the kinds of security info, throttle kinds, option labels, the
 * request-body union, the add forms, the texts) is derived from it, so a new method is its folder
 * plus one line here. The order is the order methods are listed in: the single entries first and
 * the question set, then the fallbacks (recovery codes, a Temporary Access Pass), as a user's own security
 * info is listed for a reset (decoys mimic it).
 */
import type { Static } from 'typebox';
import type { EntryKindRules, MethodPlugin } from '../core/methods/method-contract.js';
import { authenticatorApp } from './authenticator-app/index.js';
import { email } from './email/index.js';
import { mobileSms } from './mobile-sms/index.js';
import { recoveryCodes } from './recovery-codes/index.js';
import { passkey } from './passkey/index.js';
import { securityQuestions } from './security-questions/index.js';
import { temporaryAccessPass } from './temporary-access-pass/index.js';
import { voice } from './voice/index.js';

export const methodPlugins = [
  email,
  mobileSms,
  voice,
  authenticatorApp,
  passkey,
  securityQuestions,
  recoveryCodes,
  temporaryAccessPass,
] as const satisfies readonly MethodPlugin[];

type Plugin = (typeof methodPlugins)[number];
export type PolicyMethod = Plugin['methods'][number];
/** A method of the SSPR policy (`email`, `mobileSms`, …). */
export type MethodType = PolicyMethod['id'];
type EntryRules = Plugin['entries'][number];
/** A kind of security info a user can hold (`alternateEmail`, `mobilePhone`, …). */
export type EntryKind = EntryRules['kind'];
type EnrolmentOf = Plugin['enrolments'][number];
/** A kind the user registers themselves on the security-info pages. */
export type EnrolledKind = EnrolmentOf['kind'];
/** A kind stored as the user's own records, with a limit (not admin-set data, not a set). */
export type StoredKind = Extract<EntryRules, { limit: number }>['kind'];
export type ThrottledKind = PolicyMethod['throttle']['kind'];
/** The body of "add security info": the union of the enrolments' schema fragments. */
export type NewMethod = Static<EnrolmentOf['schema']>;

export const policyMethods: readonly PolicyMethod[] = methodPlugins.flatMap<PolicyMethod>((plugin) => plugin.methods);
export const methodTypes: readonly MethodType[] = policyMethods.map((method) => method.id);
export const entryRules: readonly EntryRules[] = methodPlugins.flatMap<EntryRules>((plugin) => plugin.entries);
export const entryKinds: readonly EntryKind[] = entryRules.map((entry) => entry.kind);
export const enrolments: readonly EnrolmentOf[] = methodPlugins.flatMap<EnrolmentOf>((plugin) => plugin.enrolments);

const byMethod = new Map<string, { plugin: Plugin; rules: PolicyMethod }>(
  methodPlugins.flatMap((plugin) => plugin.methods.map((rules) => [rules.id, { plugin, rules }] as const)),
);

/** The plugin and rules of a policy method; undefined for anything not registered (a refusal, never a fallback). */
export const methodOf = (type: string): { plugin: Plugin; rules: PolicyMethod } | undefined => byMethod.get(type);

/** The rules of a kind of security info, as the contract states them (every optional fact readable). */
export const entryOf = (kind: string): EntryKindRules<EntryKind> | undefined =>
  entryRules.find((entry) => entry.kind === kind);

/** The kinds stored as the user's own records (those with a limit). */
export const storedKinds: readonly StoredKind[] = entryRules.flatMap((entry) => ('limit' in entry ? [entry.kind] : []));
export const isStoredKind = (kind: string): kind is StoredKind => (storedKinds as readonly string[]).includes(kind);

/** The kinds an administrator or the sync may set on the user record (its field of the same name). */
export type PrepopulatedKind = Extract<EntryRules, { prepopulated: true }>['kind'];
export const prepopulatedKinds: readonly PrepopulatedKind[] = entryRules.flatMap((entry) =>
  'prepopulated' in entry && entry.prepopulated ? [entry.kind] : [],
);

/** The kinds that are sign-in-strength factors (`strong`): one must be a gate when the policy asks for it. */
export const strongKinds: readonly EntryKind[] = entryRules.flatMap((entry) =>
  'strong' in entry && entry.strong ? [entry.kind] : [],
);
export const isStrongKind = (kind: string): boolean => (strongKinds as readonly string[]).includes(kind);

/** The methods ticked in a new tenant's SSPR policy, in the registry's order. */
export const defaultPolicyMethods: readonly MethodType[] = policyMethods
  .filter((method) => method.defaultInPolicy)
  .map((method) => method.id);

/** Policy methods never offered under the administrator policy (security questions). */
export type NeverForAdmins = Extract<PolicyMethod, { forAdmins: 'never' }>['id'];
export const neverForAdmins: readonly NeverForAdmins[] = policyMethods.flatMap((method) =>
  method.forAdmins === 'never' ? [method.id] : [],
);

export const isMethodType = (value: string): value is MethodType => byMethod.has(value);

/** The policy methods that prove one kind of security info (mobile phone: text and call). */
export const methodsOfKind = (kind: EntryKind): MethodType[] =>
  policyMethods.filter((method) => method.entryKind === kind).map((method) => method.id);

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** Every plugin's texts, composed into the i18n catalogues (keys are the plugins' own). */
export type MethodTextsEn = UnionToIntersection<Plugin['texts']['en']>;
export type MethodTextsNl = UnionToIntersection<Plugin['texts']['nl']>;
export const methodTexts = {
  en: Object.assign({}, ...methodPlugins.map((plugin) => plugin.texts.en)) as MethodTextsEn,
  nl: Object.assign({}, ...methodPlugins.map((plugin) => plugin.texts.nl)) as MethodTextsNl,
};

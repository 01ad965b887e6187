/**
 * THE registration list of verification methods: one line per plugin folder. Every list of method
 * names (the policy's method ids, the kinds of security info, throttle kinds, option labels, the
 * request-body union, the add forms, the texts) is derived from it, so a new method is its folder
 * plus one line here. The order is the order methods are listed in: the single entries first and
 * the question set last, as a user's own security info is listed (decoys mimic it).
 */
import type { Static } from 'typebox';
import type { MethodPlugin } from '../core/methods/method-contract.js';
import { authenticatorApp } from './authenticator-app/index.js';
import { email } from './email/index.js';
import { mobileSms } from './mobile-sms/index.js';
import { securityQuestions } from './security-questions/index.js';
import { voice } from './voice/index.js';

export const methodPlugins = [
  email,
  mobileSms,
  voice,
  authenticatorApp,
  securityQuestions,
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

/** The rules of a kind of security info. */
export const entryOf = (kind: string): EntryRules | undefined => entryRules.find((entry) => entry.kind === kind);

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

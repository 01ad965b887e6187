/**
 * A tenant's password protection settings and custom banned list rules (reference §5.3).
 */
import type { ErrorCode } from '../errors.js';
import { hasLoneSurrogate, normaliseForMatching } from './normalise.js';
import { nistDefaults, type PasswordProfile } from './password-profile.js';

export interface PasswordProtectionSettings {
  profile: 'entra' | 'nist';
  nistMinLength: number;
  nistMaxLength: number;
  /** Entra's "Enforce custom list" switch; the list also needs the customBannedPasswords entitlement. */
  enforceCustomList: boolean;
  breachedCheck: boolean;
  /** The most-common-passwords check (not Entra's; on by default, a tenant may switch it off). */
  commonPasswordCheck: boolean;
}

export const defaultProtectionSettings: PasswordProtectionSettings = {
  profile: 'entra',
  nistMinLength: nistDefaults.minLength,
  nistMaxLength: nistDefaults.maxLength,
  enforceCustomList: false,
  breachedCheck: false,
  commonPasswordCheck: true,
};

export const profileOf = (settings: PasswordProtectionSettings): PasswordProfile =>
  settings.profile === 'nist'
    ? { kind: 'nist', minLength: settings.nistMinLength, maxLength: settings.nistMaxLength }
    : { kind: 'entra' };

export const customListLimits = { maxTerms: 1000, minLength: 4, maxLength: 16 } as const;

export type SettingsCheck =
  { ok: true; value: PasswordProtectionSettings } | { ok: false; code: ErrorCode; reason: string };

export const checkProtectionSettings = (settings: PasswordProtectionSettings): SettingsCheck => {
  const { nistMinLength: min, nistMaxLength: max } = settings;
  if (!Number.isInteger(min) || min < nistDefaults.lowestMinLength || min > 256) {
    return {
      ok: false,
      code: 'SETTING_INVALID',
      reason: `the NIST minimum length must be ${nistDefaults.lowestMinLength}-256`,
    };
  }
  if (!Number.isInteger(max) || max < Math.max(nistDefaults.lowestMaxLength, min) || max > 1024) {
    return {
      ok: false,
      code: 'SETTING_INVALID',
      reason: `the NIST maximum length must be at least ${nistDefaults.lowestMaxLength}, not below the minimum, and at most 1024`,
    };
  }
  return { ok: true, value: settings };
};

export interface CustomTerm {
  term: string;
  key: string;
}

export type TermsCheck = { ok: true; value: CustomTerm[] } | { ok: false; code: ErrorCode; reason: string };

/**
 * Validates terms to add to a custom list that already holds `existingKeys`: 4–16 characters
 * each, case-insensitive and de-duplicated after normalisation, at most 1,000 in all.
 */
export const checkCustomTerms = (input: string[], existingKeys: ReadonlySet<string>): TermsCheck => {
  const fresh = new Map<string, CustomTerm>();
  for (const raw of input) {
    const term = raw.trim().normalize('NFKC');
    const length = [...term].length;
    if (length < customListLimits.minLength || length > customListLimits.maxLength) {
      return {
        ok: false,
        code: 'BANNED_TERM_INVALID',
        reason: `"${raw}": each term must be ${customListLimits.minLength}-${customListLimits.maxLength} characters`,
      };
    }
    if (/[\p{Cc}\s]/u.test(term) || hasLoneSurrogate(term))
      return {
        ok: false,
        code: 'BANNED_TERM_INVALID',
        reason: `"${raw}": a term is one word without spaces or control characters`,
      };
    const key = normaliseForMatching(term);
    if (!existingKeys.has(key) && !fresh.has(key)) fresh.set(key, { term, key });
  }
  if (existingKeys.size + fresh.size > customListLimits.maxTerms) {
    return {
      ok: false,
      code: 'BANNED_LIST_FULL',
      reason: `a custom banned list holds at most ${customListLimits.maxTerms} terms (it has ${existingKeys.size})`,
    };
  }
  return { ok: true, value: [...fresh.values()] };
};

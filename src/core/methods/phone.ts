/**
 * Phone numbers for security info: E.164 (extensions stripped: SSPR cannot dial them, reference
 * §2.2) from a region the tenant allows, so that codes cannot be pumped to premium-rate ranges abroad.
 */
import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
// The full metadata knows number types (the default set cannot tell +31 900 from a mobile).
import { parsePhoneNumberFromString as parseWithTypes } from 'libphonenumber-js/max';
import type { ErrorCode } from '../errors.js';

export type CheckedPhone = { ok: true; e164: string; region: string | null } | { ok: false; code: ErrorCode };

/** `allowedRegions` are ISO 3166-1 alpha-2 codes; a number whose region is unknown is refused. */
export const checkMethodPhone = (input: string, allowedRegions: readonly string[]): CheckedPhone => {
  const parsed = parsePhoneNumberFromString(input.trim());
  if (!parsed || !parsed.isValid()) return { ok: false, code: 'PHONE_INVALID' };
  const region = parsed.country ?? null;
  if (!region || !allowedRegions.includes(region)) return { ok: false, code: 'PHONE_COUNTRY_NOT_ALLOWED' };
  // Ranges that pay whoever answers are what SMS pumping and toll fraud aim at: no code is ever sent there.
  const type = parseWithTypes(input.trim())?.getType();
  if (type === 'PREMIUM_RATE' || type === 'SHARED_COST') return { ok: false, code: 'PHONE_INVALID' };
  return { ok: true, e164: parsed.number, region };
};

/**
 * A number typed with a country picked beside it: a national number (no leading +) is read as that
 * country's and given back in E.164; anything else is returned as typed for the usual check.
 */
export const withCountry = (typed: string, region: string | undefined): string => {
  const number = typed.trim();
  if (!region || !/^[A-Z]{2}$/.test(region) || number.startsWith('+') || number.startsWith('00')) return number;
  const parsed = parsePhoneNumberFromString(number, region as CountryCode);
  return parsed && parsed.isValid() ? parsed.number : number;
};

/** The international calling code of a region ("31" for NL), or '' when unknown. */
export const callingCodeOf = (region: string): string => {
  try {
    return getCountryCallingCode(region as CountryCode);
  } catch {
    return '';
  }
};

/** The regions a tenant allows: its settings, or else its own country. */
export const allowedRegionsOf = (settings: { allowedCountries: readonly string[] }, tenantCountry: string): string[] =>
  settings.allowedCountries.length > 0 ? [...settings.allowedCountries] : [tenantCountry];

/** The E.164 form of a typed number (any region), or null when it is not a valid number. */
export const typedPhoneE164 = (input: string): string | null => {
  const parsed = parsePhoneNumberFromString(input.trim());
  return parsed && parsed.isValid() ? parsed.number : null;
};

/**
 * Phone numbers for security info: E.164 (extensions stripped: SSPR cannot dial them, reference
 * §2.2) from a region the tenant allows and of a mobile type, so that codes cannot be pumped to premium-rate
 * ranges, at home or abroad.
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
  if (!mobileTypes.has(parseWithTypes(input.trim())?.getType() ?? ''))
    return { ok: false, code: 'PHONE_TYPE_NOT_ALLOWED' };
  return { ok: true, e164: parsed.number, region };
};

/**
 * The number types a mobile phone entry may have (checklist §11 row 9): it receives SMS codes and mobile voice
 * calls, so it must be a mobile (or, where the plan cannot tell, a fixed line or mobile). Everything else is
 * refused: premium-rate, shared-cost, UAN and personal numbers pay whoever answers (what SMS pumping and toll fraud
 * aim at), VoIP and pager ranges are rented by the thousand for it, landlines and toll-free numbers take no SMS, and
 * a number whose type the plan does not know is not trusted either.
 */
const mobileTypes: ReadonlySet<string> = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE']);

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

/** Digits after the calling code that name a number block (a range an operator hands out; what pumping walks). */
export const prefixDigits = 4;

/**
 * The block a number belongs to for the prefix velocity cap (checklist §11 row 9): "+" and the calling code and the
 * next `prefixDigits` digits (+31 6 1234 5678 → "+316123"). Null when it is no valid number (a decoy's stand-in).
 */
export const numberPrefix = (e164: string): string | null => {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed || !parsed.isValid()) return null;
  return `+${parsed.countryCallingCode}${parsed.nationalNumber.slice(0, prefixDigits)}`;
};

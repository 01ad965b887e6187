/**
 * Phone numbers for security info: E.164 (extensions stripped: SSPR cannot dial them, reference
 * §2.2) from a region the tenant allows, so that codes cannot be pumped to premium-rate ranges abroad.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { ErrorCode } from '../errors.js';

export type CheckedPhone = { ok: true; e164: string; region: string | null } | { ok: false; code: ErrorCode };

/** `allowedRegions` are ISO 3166-1 alpha-2 codes; a number whose region is unknown is refused. */
export const checkMethodPhone = (input: string, allowedRegions: readonly string[]): CheckedPhone => {
  const parsed = parsePhoneNumberFromString(input.trim());
  if (!parsed || !parsed.isValid()) return { ok: false, code: 'PHONE_INVALID' };
  const region = parsed.country ?? null;
  if (!region || !allowedRegions.includes(region)) return { ok: false, code: 'PHONE_COUNTRY_NOT_ALLOWED' };
  return { ok: true, e164: parsed.number, region };
};

/** The regions a tenant allows: its settings, or else its own country. */
export const allowedRegionsOf = (settings: { allowedCountries: readonly string[] }, tenantCountry: string): string[] =>
  settings.allowedCountries.length > 0 ? [...settings.allowedCountries] : [tenantCountry];

/** The E.164 form of a typed number (any region), or null when it is not a valid number. */
export const typedPhoneE164 = (input: string): string | null => {
  const parsed = parsePhoneNumberFromString(input.trim());
  return parsed && parsed.isValid() ? parsed.number : null;
};

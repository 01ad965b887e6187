/**
 * Validation of the identifiers admins type: UPNs (Entra's username policy, reference §5.1),
 * domains, countries, phone numbers and email addresses. Pure; returns normalised values or
 * an error code, never throws.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { ErrorCode } from '../errors.js';

export type Checked<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; reason: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const fail = (code: ErrorCode, reason: string): Checked<never> => ({ ok: false, code, reason });

const upnLocalPart = /^[A-Za-z0-9'.\-_!#^~]+$/;
const domainLabel = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export const checkDomain = (input: string): Checked<string> => {
  const domain = input.trim().toLowerCase();
  const labels = domain.split('.');
  if (domain.length > 253 || labels.length < 2 || !labels.every((label) => domainLabel.test(label))) {
    return fail('DOMAIN_INVALID', `"${input}" is not a valid domain name`);
  }
  if (/^[0-9]+$/.test(labels.at(-1) ?? '')) return fail('DOMAIN_INVALID', `"${input}" is not a valid domain name`);
  return ok(domain);
};

/** Entra: A–Z a–z 0–9 ' . - _ ! # ^ ~ before the @; ≤ 64 before, ≤ 48 after, ≤ 113 in all; no "." before "@". */
export const checkUpn = (input: string): Checked<{ upn: string; localPart: string; domain: string }> => {
  const upn = input.trim();
  const at = upn.lastIndexOf('@');
  if (at <= 0 || upn.indexOf('@') !== at) return fail('UPN_INVALID', `"${input}" is not of the form name@domain`);
  const localPart = upn.slice(0, at);
  const domainPart = upn.slice(at + 1);
  if (upn.length > 113) return fail('UPN_INVALID', 'a user principal name has at most 113 characters');
  if (localPart.length > 64) return fail('UPN_INVALID', 'the part before "@" has at most 64 characters');
  if (domainPart.length > 48) return fail('UPN_INVALID', 'the part after "@" has at most 48 characters');
  if (!upnLocalPart.test(localPart)) {
    return fail('UPN_INVALID', `the part before "@" may only contain A-Z a-z 0-9 ' . - _ ! # ^ ~`);
  }
  if (localPart.endsWith('.') || localPart.startsWith('.')) {
    return fail('UPN_INVALID', 'the part before "@" may not start or end with "."');
  }
  const domain = checkDomain(domainPart);
  if (!domain.ok) return fail('UPN_INVALID', `"${domainPart}" is not a valid domain name`);
  return ok({ upn: `${localPart}@${domain.value}`, localPart, domain: domain.value });
};

/** UPNs compare case-insensitively, as in Entra; the stored key is lower case. */
export const upnKey = (upn: string): string => upn.trim().toLowerCase();

export const checkCountry = (input: string): Checked<string> => {
  const country = input.trim().toUpperCase();
  return /^[A-Z]{2}$/.test(country)
    ? ok(country)
    : fail('COUNTRY_INVALID', `"${input}" is not a two-letter country code`);
};

/** Phone numbers are stored in E.164 so that matching a typed number later is exact. */
export const checkPhone = (input: string): Checked<string> => {
  const parsed = parsePhoneNumberFromString(input.trim());
  if (!parsed || !parsed.isValid()) {
    return fail('PHONE_INVALID', `"${input}" is not a valid phone number in international format (+CC …)`);
  }
  return ok(parsed.number);
};

const emailShape = /^[^\s@]{1,64}@[^\s@]{1,253}$/;

export const checkEmail = (input: string): Checked<string> => {
  const email = input.trim();
  const at = email.lastIndexOf('@');
  if (!emailShape.test(email) || !checkDomain(email.slice(at + 1)).ok) {
    return fail('EMAIL_INVALID', `"${input}" is not a valid email address`);
  }
  return ok(email.slice(0, at) + '@' + email.slice(at + 1).toLowerCase());
};

export const checkName = (input: string, field: string, maxLength = 256): Checked<string> => {
  const name = input.trim().normalize('NFC');
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  if (name.length === 0 || name.length > maxLength || /[\u0000-\u001f\u007f]/.test(name)) {
    return fail('NAME_INVALID', `${field} must be 1-${maxLength} printable characters`);
  }
  return ok(name);
};

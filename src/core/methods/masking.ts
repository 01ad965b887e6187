/**
 * Masked contact data, as Entra shows it: enough for the owner to recognise, too little for
 * anyone else to use ('a***@h***.test', '+31 6******78').
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** First character of the local part and of the domain's first label; the top-level domain stays. */
export const maskEmail = (address: string): string => {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '***';
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const host = dot > 0 ? domain.slice(0, dot) : domain;
  const tld = dot > 0 ? domain.slice(dot) : '';
  return `${[...local][0] ?? ''}***@${[...host][0] ?? ''}***${tld}`;
};

/** `+CC`, a space, the first national digit, stars, and the last two digits. */
export const maskPhone = (e164: string): string => {
  const parsed = parsePhoneNumberFromString(e164);
  const country = parsed ? parsed.countryCallingCode : '';
  const national = parsed ? String(parsed.nationalNumber) : e164.replace(/\D/g, '');
  if (national.length < 4) return `+${country} ${'*'.repeat(national.length)}`;
  return `+${country} ${national[0]}${'*'.repeat(national.length - 3)}${national.slice(-2)}`;
};

/**
 * A masked value as a page shows it: a masked phone's country code and number joined by a no-break space, so a narrow
 * screen never breaks "+31" from "6******78" (Entra keeps it on one line). Anything else is returned as it is. Only
 * for display: the API, CLI and comparisons keep the plain space of `maskPhone`.
 */
export const unbrokenMask = (display: string): string => display.replace(/^(\+\d{0,3}) (?=[\d*]+$)/, '$1\u00a0');

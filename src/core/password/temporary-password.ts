/**
 * Temporary passwords for an admin reset without a chosen password. 20 characters drawn from 32
 * that are hard to confuse when read out (no i, l, o, 0 or 1) give 100 bits; groups of five joined by
 * "-" with the first letter of each group in upper case keep it readable and meet the cloud policy.
 */
import { classifyCharacter, cloudPasswordLimits } from './cloud-policy.js';

const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789#';
const base64url = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Random bytes the caller draws: 15 bytes are 20 base64url characters of 6 bits each. */
export const temporaryPasswordBytes = 15;
const characters = 20;

/**
 * Maps random base64url characters to a temporary password. 64 is a multiple of 32, so the mapping
 * is unbiased. Returns undefined when the draw misses a character class; the caller draws again.
 */
export const temporaryPasswordFrom = (token: string): string | undefined => {
  const indexes = [...token.slice(0, characters)].map((char) => base64url.indexOf(char));
  if (indexes.length < characters || indexes.some((index) => index < 0)) return undefined;
  const chars = indexes.map((index) => alphabet[index % alphabet.length]!);
  const groups: string[] = [];
  for (let start = 0; start < characters; start += 5) {
    const group = chars.slice(start, start + 5).join('');
    groups.push(group.charAt(0).toUpperCase() + group.slice(1));
  }
  const password = groups.join('-');
  const classes = new Set([...password].map(classifyCharacter));
  return classes.size >= cloudPasswordLimits.requiredClasses ? password : undefined;
};

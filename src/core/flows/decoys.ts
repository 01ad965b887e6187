/**
 * Decoy security info for a user ID that must not be told apart from a real one (unknown, disabled,
 * ineligible or under-registered users; DESIGN §3). Derived from a keyed hash of the normalised user
 * ID, so the same user ID gets the same decoy methods on every try (a random pick each time would
 * give unknown users away), and shaped like real entries: masked addresses of common mail providers,
 * masked mobile numbers of the tenant's country, pre-populated or registered ids.
 */
import { entryRules, methodOf } from '../../methods/registry.js';
import { maskPhone } from '../methods/masking.js';
import { decodeBase64url } from '../methods/verification-code.js';
import type { SsprPolicy } from '../policy/sspr-policy.js';
import type { SecurityInfoEntry } from './gates.js';

const providers = ['gmail.com', 'outlook.com', 'hotmail.com', 'yahoo.com', 'icloud.com', 'proton.me'];
const letters = 'abcdefghijklmnoprstvwjk';

/** Mobile number shapes per country: calling-code prefix and the national digits that follow it. */
const mobileShapes: Record<string, { prefix: string; digits: number }> = {
  NL: { prefix: '+316', digits: 8 },
  BE: { prefix: '+324', digits: 8 },
  DE: { prefix: '+4915', digits: 9 },
  GB: { prefix: '+447', digits: 9 },
  FR: { prefix: '+336', digits: 8 },
};
const fallbackShape = { prefix: '+1206', digits: 7 };

/** A reader of successive small numbers from a hex digest (at least 32 hex characters). */
const reader = (digestHex: string) => {
  let position = 0;
  return (modulo: number): number => {
    const chunk = digestHex.slice(position % (digestHex.length - 3), (position % (digestHex.length - 3)) + 4);
    position += 4;
    return parseInt(chunk, 16) % modulo;
  };
};

/** A version-4-shaped id, as `RandomSource.uuid()` gives registered methods. */
const uuidFrom = (hex: string): string =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[parseInt(hex[16] ?? '0', 16) % 4]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;

/** A kind is shown when the policy offers a method that proves it. */
const kindAllowed = (kind: string, policy: SsprPolicy): boolean =>
  policy.methods.some((method) => methodOf(method)?.rules.entryKind === kind);

/**
 * The decoy entries for one user ID: a deterministic subset of what the policy allows, at least as
 * many kinds as the policy requires. `digest` is a keyed hash of the user ID (base64url, 32 bytes).
 */
export const decoyEntries = (digest: string, policy: SsprPolicy, country: string): SecurityInfoEntry[] => {
  const digestHex = decodeBase64url(digest)
    .map((byte) => byte.toString(16).padStart(2, '0'))
    .join('');
  const next = reader(digestHex);
  const shape = mobileShapes[country] ?? fallbackShape;
  const phone = shape.prefix + Array.from({ length: shape.digits }, () => String(next(10))).join('');
  const email = `${letters[next(letters.length)]}${letters[next(letters.length)]}@${providers[next(providers.length)]}`;
  const source = { next, digestHex, uuidFrom, email, phone, questionsToRegister: policy.questionsToRegister };
  // Each registered kind's decoy, in the registry's order (the order a user's own entries are listed in).
  const candidates: SecurityInfoEntry[] = entryRules.flatMap((entry) =>
    'decoy' in entry ? [entry.decoy(source) as SecurityInfoEntry] : [],
  );
  const allowed = candidates.filter((entry) => kindAllowed(entry.kind, policy));
  // Keep each allowed kind with probability 1/2, then top up in order until enough kinds for the gates.
  const kept = allowed.filter(() => next(2) === 0);
  for (const entry of allowed) {
    if (kept.length >= Math.max(1, policy.methodsRequired)) break;
    if (!kept.includes(entry)) kept.push(entry);
  }
  return allowed.filter((entry) => kept.includes(entry));
};

/** The masked form of a typed number, to compare with a decoy's display (decoys have no real number). */
export const maskedTypedPhone = (e164: string): string => maskPhone(e164);

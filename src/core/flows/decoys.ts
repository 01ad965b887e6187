/**
 * Decoy security info for a user ID that must not be told apart from a real one (unknown, disabled,
 * ineligible or under-registered users; DESIGN §3). Derived from a keyed hash of the normalised user
 * ID, so the same user ID gets the same decoy methods on every try (a random pick each time would
 * give unknown users away), and shaped like real entries: masked mobile numbers of the tenant's
 * country, pre-populated or registered ids. Calibrated on the tenant's real population (checklist §11
 * row 1): how often each kind of security info is held, how many users follow the administrator
 * policy (two gates), the alternate-email domains in use — so a decoy is as likely as a real user to
 * show two gates, an authenticator app or `r***@h***.example`. The statistics come in as plain data.
 */
import { entryRules, methodOf } from '../../methods/registry.js';
import { maskPhone } from '../methods/masking.js';
import { decodeBase64url } from '../methods/verification-code.js';
import type { SsprPolicy } from '../policy/sspr-policy.js';
import type { EntryKind, SecurityInfoEntry } from './gates.js';

/** What decoys are calibrated on: shares of the tenant's users (0..1) and the alternate-email domains they use. */
export interface DecoyCalibration {
  /** Users counted (0: no population, the defaults below apply). */
  users: number;
  /** Share holding an affected administrator role (the administrator policy: two gates). */
  adminShare: number;
  /** Share holding each kind of security info. */
  kindShare: Partial<Record<EntryKind, number>>;
  /** Alternate-email domains in use, with how many users use each. */
  emailDomains: ReadonlyArray<{ domain: string; users: number }>;
}

const providers = ['gmail.com', 'outlook.com', 'hotmail.com', 'yahoo.com', 'icloud.com', 'proton.me'];

/** Without a population (an unknown domain, an empty tenant): each kind half the time, common mail providers. */
export const defaultCalibration: DecoyCalibration = {
  users: 0,
  adminShare: 0,
  kindShare: {},
  emailDomains: providers.map((domain) => ({ domain, users: 1 })),
};
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

const scale = 10_000;
/** true with probability `share`, read from the user ID's hash. */
const chance = (next: (modulo: number) => number, share: number): boolean => next(scale) < Math.round(share * scale);

/** A domain drawn in proportion to how many users use it. */
const domainOf = (next: (modulo: number) => number, domains: DecoyCalibration['emailDomains']): string => {
  const usable = domains.length > 0 ? domains : defaultCalibration.emailDomains;
  let pick = next(usable.reduce((sum, d) => sum + d.users, 0));
  for (const { domain, users } of usable) {
    if (pick < users) return domain;
    pick -= users;
  }
  return usable[0]!.domain;
};

export interface DecoyProfile {
  entries: SecurityInfoEntry[];
  /** Follows the administrator policy (as the calibration's share of real users does). */
  admin: boolean;
}

/**
 * The decoy for one user ID: a deterministic subset of what the policy allows, each kind held as often as real
 * users hold it, at least as many kinds as the gates need. `digest` is a keyed hash of the user ID (base64url,
 * 32 bytes); the same digest and calibration give the same decoy.
 */
export const decoyProfile = (
  digest: string,
  policy: SsprPolicy,
  country: string,
  calibration: DecoyCalibration = defaultCalibration,
): DecoyProfile => {
  const digestHex = decodeBase64url(digest)
    .map((byte) => byte.toString(16).padStart(2, '0'))
    .join('');
  const next = reader(digestHex);
  const shape = mobileShapes[country] ?? fallbackShape;
  const phone = shape.prefix + Array.from({ length: shape.digits }, () => String(next(10))).join('');
  const email = `${letters[next(letters.length)]}${letters[next(letters.length)]}@${domainOf(next, calibration.emailDomains)}`;
  const admin = calibration.users > 0 && chance(next, calibration.adminShare);
  const source = { next, digestHex, uuidFrom, email, phone, questionsToRegister: policy.questionsToRegister };
  // Each registered kind's decoy, in the registry's order (the order a user's own entries are listed in).
  const candidates: SecurityInfoEntry[] = entryRules.flatMap((entry) =>
    'decoy' in entry && (!admin || entry.forAdmins) ? [entry.decoy(source) as SecurityInfoEntry] : [],
  );
  const allowed = candidates.filter((entry) => kindAllowed(entry.kind, policy));
  // Keep each allowed kind as often as real users hold it, then top up until enough kinds for the gates.
  const shareOf = (kind: EntryKind) => (calibration.users > 0 ? (calibration.kindShare[kind] ?? 0) : 0.5);
  const kept = allowed.filter((entry) => chance(next, shareOf(entry.kind)));
  // Topped up with the most commonly held kinds first, so a top-up looks like the population too.
  const byShare = [...allowed].sort((a, b) => shareOf(b.kind) - shareOf(a.kind));
  for (const entry of byShare) {
    if (kept.length >= Math.max(1, admin ? 2 : policy.methodsRequired)) break;
    if (!kept.includes(entry)) kept.push(entry);
  }
  return { entries: allowed.filter((entry) => kept.includes(entry)), admin };
};

/** The decoy entries alone (uncalibrated unless a calibration is given). */
export const decoyEntries = (
  digest: string,
  policy: SsprPolicy,
  country: string,
  calibration?: DecoyCalibration,
): SecurityInfoEntry[] => decoyProfile(digest, policy, country, calibration).entries;

/** The masked form of a typed number, to compare with a decoy's display (decoys have no real number). */
export const maskedTypedPhone = (e164: string): string => maskPhone(e164);

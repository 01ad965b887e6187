/**
 * What the service may ask an on-premises agent (issue 7, item 5), shared by the forwarding connection and the
 * agent runner: the operations, and the paged listing that carries directory sync over the queue. Pure: the
 * shapes and their checks, no I/O.
 */
import type { DirectoryLockoutPolicy } from '../lockout/directory-lockout.js';
import type { DirectoryPasswordPolicies } from '../password/directory-expiry.js';
import type { DirectoryEntry, DirectoryListOptions, PasswordVerdict } from './directory-ports.js';

/** The directory calls an agent performs, and nothing else: a result for any other operation is refused. */
export const agentOperations = [
  'test',
  'findUser',
  'setPassword',
  'unlock',
  'isLocked',
  'verifyPassword',
  'readLockoutPolicy',
  'readPasswordPolicies',
  'listPage',
] as const;
export type AgentOperation = (typeof agentOperations)[number];
export const isAgentOperation = (value: string): value is AgentOperation =>
  (agentOperations as readonly string[]).includes(value);

/**
 * An agent's `verifyPassword` value, checked: a verdict, or the boolean an agent older than the verdict answers
 * (true = valid). Anything else is null (malformed): a truthy surprise must never read as a right password.
 */
export const parsePasswordVerdict = (value: unknown): PasswordVerdict | null => {
  if (value === true) return 'valid';
  if (value === false) return 'invalid';
  return value === 'valid' || value === 'invalid' || value === 'mustChange' ? value : null;
};

/**
 * An agent's `readLockoutPolicy` value, checked: two non-negative whole numbers, or null (not readable). Anything
 * else is undefined (malformed), which the service treats as unreadable, never as "the directory does not lock".
 */
export const parseLockoutPolicy = (value: unknown): DirectoryLockoutPolicy | null | undefined => {
  if (value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) return undefined;
  const { threshold, windowSeconds } = value as Record<string, unknown>;
  const whole = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
  return whole(threshold) && whole(windowSeconds) ? { threshold, windowSeconds } : undefined;
};

/**
 * Writes are handed to the agent at most once: the runner's run-once memory dies with the agent process, so a
 * re-delivered `setPassword` after a restart would run again (refused by the history check, or a change on the
 * now-wrong old password) and the user would be told it failed though it worked. A write whose result never comes
 * expires into SSPR_0030, which tells the user to try again; reads and listing pages stay re-deliverable.
 */
export const agentAtMostOnceOperations = ['setPassword', 'unlock'] as const satisfies readonly AgentOperation[];

/**
 * Entries per page on the agent path. Each page is one sealed request and one sealed result, so a page must stay
 * well below the results route's body limits; the LDAP page size the sync asks for is capped at this.
 */
export const agentMaxPageEntries = 500;
/** Serialized entries per page at most (a page with fewer entries than asked is still a full one). */
export const agentMaxPageBytes = 128 * 1024;
/**
 * One entry larger than a page's budget goes alone on its page, up to this: an OpenLDAP group of 20,000 members
 * is about 1 MB of JSON. Larger still, the listing fails (DIRECTORY_MISCONFIGURED, unsupported), never the route.
 */
export const agentMaxEntryBytes = 2 * 1024 * 1024;
/** A sealed result's ciphertext (base64url, 4/3 of the JSON): room for a page holding one entry of the maximum size. */
export const agentMaxSealedChars = Math.ceil(((agentMaxEntryBytes + 64 * 1024) * 4) / 3);
/**
 * The results route's body limit, for that route only (the server's default is 64 KB): one sealed result of the
 * largest size and its envelope fit; the runner batches smaller results up to `agentResultsBatchBytes`.
 */
export const agentResultsBodyLimit = 4 * 1024 * 1024;
export const agentResultsBatchBytes = 384 * 1024;

/**
 * What the service accepts of one listing from an agent, so a compromised agent answering `done: false` forever
 * cannot exhaust memory or the store: at most `maxEntries` entries (generous: twenty times a large directory), and
 * at most one page more than entries plus `pageMargin` (an honest agent never sends an empty page before the last).
 */
export const agentListingLimits = { maxEntries: 2_000_000, pageMargin: 10 } as const;

/** Why a listing that has delivered `pages` pages and `entries` entries must stop; undefined while within bounds. */
export const listingOverLimit = (
  pages: number,
  entries: number,
  limits: { maxEntries: number; pageMargin: number } = agentListingLimits,
): string | undefined => {
  if (entries > limits.maxEntries) return `the agent sent more than ${limits.maxEntries} entries in one listing`;
  if (pages > entries + limits.pageMargin) return `the agent sent ${pages} pages for ${entries} entries in one listing`;
  return undefined;
};

/** What a listing reads: `deleted` is `listDeleted` (AD tombstones, for an incremental sync). */
export const listingKinds = ['users', 'groups', 'deleted'] as const;

/** One `listPage` request: page `page` of the listing `listingId` (page 0 starts it). */
export interface ListPageArgs {
  kind: (typeof listingKinds)[number];
  options: DirectoryListOptions;
  listingId: string;
  page: number;
}

/** One page of a listing; `done` on the last one (which may be empty). */
export interface ListPage {
  entries: DirectoryEntry[];
  done: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The agent's check of what it is asked; undefined for anything else (refused, never guessed at). */
export const parseListPageArgs = (value: unknown): ListPageArgs | undefined => {
  if (!isRecord(value) || !isRecord(value.options)) return undefined;
  const { kind, listingId, page, options } = value;
  if (typeof kind !== 'string' || !(listingKinds as readonly string[]).includes(kind)) return undefined;
  if (typeof listingId !== 'string' || listingId.length === 0 || listingId.length > 64) return undefined;
  if (typeof page !== 'number' || !Number.isSafeInteger(page) || page < 0) return undefined;
  const pageSize = options.pageSize === undefined ? agentMaxPageEntries : options.pageSize;
  if (typeof pageSize !== 'number' || !Number.isSafeInteger(pageSize) || pageSize < 1) return undefined;
  if (options.changedAfter !== undefined && typeof options.changedAfter !== 'string') return undefined;
  return {
    kind: kind as ListPageArgs['kind'],
    listingId,
    page,
    options: {
      pageSize: Math.min(pageSize, agentMaxPageEntries),
      ...(options.changedAfter !== undefined && { changedAfter: options.changedAfter }),
    },
  };
};

const isEntry = (value: unknown): value is DirectoryEntry =>
  isRecord(value) &&
  typeof value.dn === 'string' &&
  isRecord(value.attributes) &&
  Object.values(value.attributes).every(
    (values) => Array.isArray(values) && values.every((v) => typeof v === 'string'),
  );

/** The service's check of a page the agent sent: the sync maps these entries, so their shape must hold. */
export const parseListPage = (value: unknown): ListPage | undefined => {
  if (!isRecord(value) || typeof value.done !== 'boolean' || !Array.isArray(value.entries)) return undefined;
  if (value.entries.length > agentMaxPageEntries || !value.entries.every(isEntry)) return undefined;
  return { entries: value.entries, done: value.done };
};

/** Policy entries per answer at most: a directory has a handful of password policies, never thousands. */
export const agentMaxPolicyEntries = 1000;

/**
 * An agent's `readPasswordPolicies` value, checked: two lists of entries. Anything else is undefined (malformed),
 * which sync treats as "policies not read": expiries it cannot tell without them are left as they were.
 */
export const parsePasswordPolicies = (value: unknown): DirectoryPasswordPolicies | undefined => {
  if (!isRecord(value) || !Array.isArray(value.defaults) || !Array.isArray(value.named)) return undefined;
  const entries: unknown[] = [...(value.defaults as unknown[]), ...(value.named as unknown[])];
  if (entries.length > agentMaxPolicyEntries || !entries.every(isEntry)) return undefined;
  return { defaults: value.defaults as DirectoryEntry[], named: value.named as DirectoryEntry[] };
};

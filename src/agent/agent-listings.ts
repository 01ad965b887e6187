/**
 * Directory listings on the agent (sync through the agent, issue 7 item 5): a pull-based reader over the
 * adapter's callback `listUsers`/`listGroups`. The adapter's `onPage` waits while a page is buffered and not yet
 * asked for, so the agent never reads the directory ahead of the service: at most about two pages are held per
 * listing. Listings are kept by the service's `listingId`; one nobody asks for within the idle timeout is
 * closed (its LDAP search ends), and only a few run at once.
 */
import {
  agentMaxEntryBytes,
  agentMaxPageBytes,
  type ListPage,
  type ListPageArgs,
} from '../core/directory/agent-protocol.js';
import { misconfigured, unreachable, type DirectoryResult } from '../core/directory/directory-outcomes.js';
import type { DirectoryConnection, DirectoryEntry } from '../core/ports.js';

export interface AgentListingsOptions {
  connection: DirectoryConnection;
  now?: () => number;
  /** A listing not asked for within this is dropped (the service gave up, or moved to another instance's run). */
  idleMs?: number;
  maxListings?: number;
  maxPageBytes?: number;
  /** One entry over the page budget goes alone on its page, up to this (a large group). */
  maxEntryBytes?: number;
}

interface Listing {
  args: ListPageArgs;
  buffer: DirectoryEntry[];
  /** The adapter's outcome once its listing ended. */
  finished: DirectoryResult<{ entries: number }> | undefined;
  closed: boolean;
  lastUsed: number;
  /** The page served last, answered again when asked again (a re-delivery under a new id, or after eviction). */
  last: { page: number; result: DirectoryResult<ListPage> } | undefined;
  serving: { page: number; result: Promise<DirectoryResult<ListPage>> } | undefined;
  /** Its last page was served: it no longer reads the directory and no longer counts against the cap. */
  drained: boolean;
  wakeReader: (() => void) | undefined;
  wakeProducer: (() => void) | undefined;
}

class ListingClosed extends Error {}

const waitFor = (set: (wake: () => void) => void) => new Promise<void>((resolve) => set(resolve));

export const createAgentListings = (options: AgentListingsOptions) => {
  const now = options.now ?? Date.now;
  const idleMs = options.idleMs ?? 120_000;
  const maxListings = options.maxListings ?? 4;
  const maxPageBytes = options.maxPageBytes ?? agentMaxPageBytes;
  const maxEntryBytes = Math.max(options.maxEntryBytes ?? agentMaxEntryBytes, maxPageBytes);
  const listings = new Map<string, Listing>();

  const wake = (listing: Listing, who: 'wakeReader' | 'wakeProducer') => {
    const resolve = listing[who];
    listing[who] = undefined;
    resolve?.();
  };

  const close = (listingId: string) => {
    const listing = listings.get(listingId);
    if (!listing) return;
    listings.delete(listingId);
    listing.closed = true;
    listing.buffer = [];
    // The adapter's onPage throws, which ends its LDAP search and session.
    wake(listing, 'wakeProducer');
    wake(listing, 'wakeReader');
  };

  const start = (args: ListPageArgs): Listing => {
    const listing: Listing = {
      args,
      buffer: [],
      finished: undefined,
      closed: false,
      lastUsed: now(),
      last: undefined,
      serving: undefined,
      drained: false,
      wakeReader: undefined,
      wakeProducer: undefined,
    };
    const pageSize = args.options.pageSize!;
    const onPage = async (entries: DirectoryEntry[]) => {
      if (listing.closed) throw new ListingClosed();
      listing.buffer.push(...entries);
      wake(listing, 'wakeReader');
      // Back-pressure: the next LDAP page is read only once the service asked for what is buffered.
      while (listing.buffer.length >= pageSize && !listing.closed)
        await waitFor((resolve) => (listing.wakeProducer = resolve));
      if (listing.closed) throw new ListingClosed();
    };
    const { connection } = options;
    const readers = {
      users: () => connection.listUsers(args.options, onPage),
      groups: () => connection.listGroups(args.options, onPage),
      deleted: () => connection.listDeleted(args.options, onPage),
    };
    const read = readers[args.kind]();
    void read
      .catch(() => unreachable('the directory listing failed on the agent'))
      .then((result) => {
        listing.finished = result;
        wake(listing, 'wakeReader');
      });
    listings.set(args.listingId, listing);
    return listing;
  };

  /** The next page: up to the page size and the byte budget, at least one entry (alone, if it is over the budget). */
  const take = async (listing: Listing): Promise<DirectoryResult<ListPage>> => {
    const pageSize = listing.args.options.pageSize!;
    while (listing.buffer.length < pageSize && !listing.finished && !listing.closed)
      await waitFor((resolve) => (listing.wakeReader = resolve));
    if (listing.closed) return unreachable('the listing was closed on the agent');
    if (listing.finished && !listing.finished.ok) return listing.finished;
    const entries: DirectoryEntry[] = [];
    let bytes = 0;
    while (entries.length < pageSize && listing.buffer.length > 0) {
      const size = Buffer.byteLength(JSON.stringify(listing.buffer[0]));
      // A large group still passes: alone on its page, within what the results route takes in one body.
      const budget = entries.length === 0 ? maxEntryBytes : maxPageBytes;
      if (bytes + size > budget) break;
      bytes += size;
      entries.push(listing.buffer.shift()!);
      if (bytes > maxPageBytes) break;
    }
    if (entries.length === 0 && listing.buffer.length > 0)
      return misconfigured('unsupported', 'a directory entry is too large to pass through the agent');
    if (listing.buffer.length < pageSize) wake(listing, 'wakeProducer');
    return { ok: true, value: { entries, done: listing.finished !== undefined && listing.buffer.length === 0 } };
  };

  return {
    /** Answers one `listPage` request. Page 0 starts the listing; page N+1 follows N; N again repeats N. */
    async page(args: ListPageArgs): Promise<DirectoryResult<ListPage>> {
      let listing = listings.get(args.listingId);
      if (!listing) {
        // The agent restarted (or dropped the idle listing): the run fails cleanly and the next one starts over.
        if (args.page > 0)
          return unreachable('the agent does not know this listing (restarted or idle); the next sync starts over');
        const active = [...listings.values()].filter((l) => !l.drained).length;
        if (active >= maxListings) return unreachable('the agent is serving too many listings at once');
        listing = start(args);
      }
      if (listing.args.kind !== args.kind) return unreachable('the listing is of another kind');
      listing.lastUsed = now();
      if (listing.last?.page === args.page) return listing.last.result;
      if (listing.serving) {
        return listing.serving.page === args.page ? listing.serving.result : unreachable('the listing is out of step');
      }
      if (args.page !== (listing.last?.page ?? -1) + 1) return unreachable('the listing is out of step');
      const current = listing;
      const result = take(current).then((outcome) => {
        current.last = { page: args.page, result: outcome };
        current.serving = undefined;
        current.lastUsed = now();
        if (!outcome.ok) close(args.listingId);
        else if (outcome.value.done) current.drained = true;
        return outcome;
      });
      current.serving = { page: args.page, result };
      return result;
    },

    /** Drops the listings nobody asked for within the idle timeout; the runner calls this on every loop. */
    sweep() {
      for (const [listingId, listing] of listings) {
        if (!listing.serving && now() - listing.lastUsed > idleMs) close(listingId);
      }
    },

    closeAll() {
      for (const listingId of [...listings.keys()]) close(listingId);
    },

    get size() {
      return listings.size;
    },
  };
};

export type AgentListings = ReturnType<typeof createAgentListings>;

/**
 * The agent's pull-based listing reader: pages in order until done, never reading the directory ahead of the
 * service, a page asked again answered the same, an unknown listing past page 0 unreachable, idle listings
 * closed (ending the adapter's search), a cap on listings at once, and pages bounded in bytes.
 * The directory here is a scripted `listUsers` that records how far it was read; the LDAP side of listings is
 * covered against slapd by test/integration/agent/agent-sync.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { agentMaxPageBytes, type ListPageArgs } from '../core/directory/agent-protocol.js';
import type { DirectoryConnection, DirectoryEntry } from '../core/ports.js';
import { createAgentListings } from './agent-listings.js';

const entry = (i: number, padding = 0): DirectoryEntry => ({
  dn: `uid=u${i},ou=people,dc=example,dc=org`,
  attributes: { uid: [`u${i}`], note: ['x'.repeat(padding)] },
});

/** A directory of `total` users read in adapter pages of the requested size; `read` counts the pages handed out. */
const scripted = (total: number, padding = 0) => {
  const state = { read: 0, ended: undefined as 'done' | 'aborted' | undefined };
  const listUsers: DirectoryConnection['listUsers'] = async (options, onPage) => {
    const size = options.pageSize ?? 500;
    try {
      for (let start = 0; start < total; start += size) {
        state.read += 1;
        await onPage(Array.from({ length: Math.min(size, total - start) }, (_, i) => entry(start + i, padding)));
      }
      state.ended = 'done';
      return { ok: true, value: { entries: total } };
    } catch {
      state.ended = 'aborted';
      return { ok: false, code: 'DIRECTORY_UNREACHABLE', details: {} };
    }
  };
  const connection = { dialect: 'openldap', listUsers, listGroups: listUsers } as unknown as DirectoryConnection;
  return { connection, state };
};

const args = (listingId: string, page: number, pageSize = 5): ListPageArgs => ({
  kind: 'users',
  options: { pageSize },
  listingId,
  page,
});
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('agent listings', () => {
  it('serves pages in order until done, reading the directory at most one page ahead', async () => {
    const { connection, state } = scripted(12);
    const listings = createAgentListings({ connection });
    const seen: string[] = [];
    for (let page = 0; ; page += 1) {
      const result = await listings.page(args('l1', page));
      if (!result.ok) throw new Error(result.code);
      await settle();
      // Back-pressure: what the service asked for plus at most one buffered adapter page.
      expect(state.read).toBeLessThanOrEqual(page + 2);
      seen.push(...result.value.entries.map((e) => e.dn));
      if (result.value.done) break;
    }
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => entry(i).dn));
    expect(state.ended).toBe('done');
  });

  it('answers a page asked again with the same page; refuses pages out of step and unknown listings', async () => {
    const listings = createAgentListings({ connection: scripted(12).connection });
    const first = await listings.page(args('l2', 0));
    expect(await listings.page(args('l2', 0))).toBe(first);
    expect(await listings.page(args('l2', 2))).toMatchObject({ ok: false, code: 'DIRECTORY_UNREACHABLE' });
    const second = await listings.page(args('l2', 1));
    expect(second).toMatchObject({ ok: true, value: { entries: [{ dn: entry(5).dn }, {}, {}, {}, {}], done: false } });
    // After an agent restart the service's next page names a listing this agent never started.
    expect(await listings.page(args('restarted', 3))).toMatchObject({
      ok: false,
      code: 'DIRECTORY_UNREACHABLE',
      details: { diagnostic: expect.stringContaining('does not know this listing') },
    });
  });

  it('closes a listing nobody asked for within the idle timeout, which ends the directory search', async () => {
    let now = 0;
    const { connection, state } = scripted(100);
    const listings = createAgentListings({ connection, now: () => now, idleMs: 120_000 });
    await listings.page(args('idle', 0));
    now = 60_000;
    listings.sweep();
    expect(listings.size).toBe(1);
    now = 121_000;
    listings.sweep();
    expect(listings.size).toBe(0);
    await settle();
    expect(state.ended).toBe('aborted');
    expect(await listings.page(args('idle', 1))).toMatchObject({ ok: false, code: 'DIRECTORY_UNREACHABLE' });
  });

  it('caps the listings running at once; a drained listing does not count', async () => {
    const listings = createAgentListings({ connection: scripted(100).connection, maxListings: 2 });
    await listings.page(args('a', 0));
    await listings.page(args('b', 0));
    expect(await listings.page(args('c', 0))).toMatchObject({
      ok: false,
      code: 'DIRECTORY_UNREACHABLE',
      details: { diagnostic: expect.stringContaining('too many') },
    });
    listings.closeAll();
    const small = createAgentListings({ connection: scripted(3).connection, maxListings: 1 });
    expect(await small.page(args('done', 0))).toMatchObject({ ok: true, value: { done: true } });
    expect((await small.page(args('next', 0))).ok).toBe(true);
  });

  it('keeps each page within the byte budget, and reports an entry too large to pass', async () => {
    const listings = createAgentListings({ connection: scripted(10, 1000).connection, maxPageBytes: 3500 });
    const page = await listings.page(args('bytes', 0));
    expect(page.ok && page.value.entries.length).toBe(3);
    const tiny = createAgentListings({
      connection: scripted(2, 1000).connection,
      maxPageBytes: 500,
      maxEntryBytes: 500,
    });
    expect(await tiny.page(args('huge', 0))).toMatchObject({
      ok: false,
      code: 'DIRECTORY_MISCONFIGURED',
      details: { reason: 'unsupported' },
    });
  });

  it('passes a group of 20,000 members (over the page budget) alone on its page, with the default limits', async () => {
    const members = Array.from({ length: 20_000 }, (_, i) => `uid=member${i},ou=people,dc=example,dc=org`);
    const group: DirectoryEntry = {
      dn: 'cn=everyone,ou=groups,dc=example,dc=org',
      attributes: { cn: ['everyone'], member: members },
    };
    expect(Buffer.byteLength(JSON.stringify(group))).toBeGreaterThan(agentMaxPageBytes);
    const listGroups: DirectoryConnection['listGroups'] = async (_options, onPage) => {
      await onPage([entry(1), group, entry(2)]);
      return { ok: true, value: { entries: 3 } };
    };
    const listings = createAgentListings({
      connection: { dialect: 'openldap', listGroups } as unknown as DirectoryConnection,
    });
    const pageOf = async (page: number) => {
      const result = await listings.page({ kind: 'groups', options: { pageSize: 500 }, listingId: 'big', page });
      if (!result.ok) throw new Error(JSON.stringify(result));
      return result.value;
    };
    expect(await pageOf(0)).toEqual({ entries: [entry(1)], done: false });
    expect(await pageOf(1)).toEqual({ entries: [group], done: false });
    expect(await pageOf(2)).toEqual({ entries: [entry(2)], done: true });
  });

  it('serves a `deleted` listing from listDeleted (AD tombstones), not from the user or group listing', async () => {
    const tombstone: DirectoryEntry = {
      dn: 'CN=gone\\0ADEL:1,CN=Deleted Objects,DC=sspr,DC=test',
      attributes: { objectGUID: ['g-1'], isDeleted: ['TRUE'] },
    };
    const listDeleted: DirectoryConnection['listDeleted'] = async (options, onPage) => {
      expect(options.changedAfter).toBe('4242');
      await onPage([tombstone]);
      return { ok: true, value: { entries: 1 } };
    };
    const refuse = () => Promise.reject(new Error('not this listing'));
    const listings = createAgentListings({
      connection: {
        dialect: 'ad',
        listUsers: refuse,
        listGroups: refuse,
        listDeleted,
      } as unknown as DirectoryConnection,
    });
    expect(
      await listings.page({
        kind: 'deleted',
        options: { pageSize: 5, changedAfter: '4242' },
        listingId: 'tombstones',
        page: 0,
      }),
    ).toEqual({ ok: true, value: { entries: [tombstone], done: true } });
  });
});

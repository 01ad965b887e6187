/** The bounds the service puts on one listing from an agent (a lying agent answering `done: false` for ever). */
import { describe, expect, it } from 'vitest';
import {
  agentListingLimits,
  agentMaxPolicyEntries,
  listingOverLimit,
  parseListPageArgs,
  parsePasswordPolicies,
  parsePasswordVerdict,
} from './agent-protocol.js';

describe('listingOverLimit', () => {
  it('lets an honest listing through: every page before the last carries an entry', () => {
    expect(listingOverLimit(1, 0)).toBeUndefined();
    expect(listingOverLimit(4000, 2_000_000)).toBeUndefined();
    expect(listingOverLimit(agentListingLimits.pageMargin, 0)).toBeUndefined();
  });

  it('stops a listing with more entries than the cap', () => {
    expect(listingOverLimit(4001, 2_000_001)).toBe('the agent sent more than 2000000 entries in one listing');
    expect(listingOverLimit(3, 21, { maxEntries: 20, pageMargin: 10 })).toContain('more than 20 entries');
  });

  it('stops a listing of empty pages past the margin', () => {
    expect(listingOverLimit(agentListingLimits.pageMargin + 1, 0)).toBe(
      'the agent sent 11 pages for 0 entries in one listing',
    );
    expect(listingOverLimit(16, 5)).toContain('16 pages for 5 entries');
    expect(listingOverLimit(15, 5)).toBeUndefined();
  });
});

describe('parsePasswordVerdict', () => {
  it("takes the three verdicts, and an older agent's boolean as valid/invalid", () => {
    expect(['valid', 'invalid', 'mustChange'].map(parsePasswordVerdict)).toEqual(['valid', 'invalid', 'mustChange']);
    expect([true, false].map(parsePasswordVerdict)).toEqual(['valid', 'invalid']);
  });

  it('refuses anything else: a truthy surprise is never a right password', () => {
    expect(['yes', 'VALID', 1, null, undefined, {}].map(parsePasswordVerdict)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});

describe('parseListPageArgs', () => {
  it('accepts the three listing kinds, users, groups and deleted (AD tombstones), and nothing else', () => {
    for (const kind of ['users', 'groups', 'deleted']) {
      expect(
        parseListPageArgs({ kind, listingId: 'l', page: 0, options: { pageSize: 5, changedAfter: '12' } }),
      ).toEqual({ kind, listingId: 'l', page: 0, options: { pageSize: 5, changedAfter: '12' } });
    }
    expect(parseListPageArgs({ kind: 'computers', listingId: 'l', page: 0, options: {} })).toBeUndefined();
    expect(parseListPageArgs({ kind: 1, listingId: 'l', page: 0, options: {} })).toBeUndefined();
  });
});

describe('parsePasswordPolicies', () => {
  const entry = { dn: 'cn=default,ou=policies,dc=example,dc=org', attributes: { pwdMaxAge: ['7776000'] } };

  it('takes two lists of entries', () => {
    expect(parsePasswordPolicies({ defaults: [entry], named: [] })).toEqual({ defaults: [entry], named: [] });
  });

  it('refuses anything else, and more entries than a directory has policies', () => {
    for (const bad of [
      null,
      [],
      { defaults: [entry] },
      { defaults: [{ dn: 1 }], named: [] },
      { defaults: 'x', named: [] },
    ])
      expect(parsePasswordPolicies(bad)).toBeUndefined();
    const many = Array.from({ length: agentMaxPolicyEntries + 1 }, () => entry);
    expect(parsePasswordPolicies({ defaults: many, named: [] })).toBeUndefined();
  });
});

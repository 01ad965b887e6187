import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultSsprPolicy } from '../policy/sspr-policy.js';
import { decoyEntries } from './decoys.js';
import { planGates } from './gates.js';

const digestArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, ''),
);
const facts = {
  isTrial: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  domainCount: 1,
  hasDirectoryConnection: false,
  isFree: false,
};

describe('decoy security info', () => {
  it('is the same for the same digest and always enough for the gates the policy requires', () => {
    fc.assert(
      fc.property(
        digestArb,
        fc.constantFrom(1 as const, 2 as const),
        fc.constantFrom('NL', 'US', 'DE', 'ZZ'),
        (digest, required, country) => {
          const policy = { ...defaultSsprPolicy, methodsRequired: required };
          const entries = decoyEntries(digest, policy, country);
          expect(decoyEntries(digest, policy, country)).toEqual(entries);
          const plan = planGates({ roles: [] }, policy, facts, entries, new Date('2026-03-01T00:00:00Z'));
          expect(plan.insufficient).toBe(false);
          expect(plan.methods.every((m) => policy.methods.includes(m.type))).toBe(true);
        },
      ),
    );
  });

  it('looks like real security info: masked addresses and numbers', () => {
    const entries = decoyEntries('A'.repeat(43), { ...defaultSsprPolicy, methodsRequired: 2 }, 'NL');
    expect(entries.map((e) => e.kind)).toEqual(expect.arrayContaining(['alternateEmail', 'mobilePhone']));
    for (const entry of entries) {
      if (entry.kind === 'alternateEmail') expect(entry.display).toMatch(/^[a-z]\*\*\*@[a-z]\*\*\*\.[a-z]+$/);
      if (entry.kind === 'mobilePhone') expect(entry.display).toMatch(/^\+31 6\*{6}\d\d$/);
    }
  });
});

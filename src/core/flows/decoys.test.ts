import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultSsprPolicy } from '../policy/sspr-policy.js';
import { decoyEntries, decoyProfile, type DecoyCalibration } from './decoys.js';
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

  it('is calibrated on the population: its mail domains, how often each kind is held, the administrator share', () => {
    const calibration: DecoyCalibration = {
      users: 10,
      adminShare: 0.3,
      kindShare: { alternateEmail: 1, authenticatorApp: 0.4 },
      emailDomains: [{ domain: 'mail.example', users: 10 }],
    };
    // Well-mixed digests (as keyed hashes are), from a fixed linear congruential sequence.
    let seed = 12345;
    const byte = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) >> 16) & 0xff;
    const digests = Array.from({ length: 400 }, () =>
      btoa(String.fromCharCode(...Array.from({ length: 32 }, byte)))
        .replace(/\+/g, '-')
        .replace(/\//g, '_')
        .replace(/=+$/, ''),
    );
    const profiles = digests.map((digest) => decoyProfile(digest, defaultSsprPolicy, 'NL', calibration));
    for (const { entries } of profiles) {
      const email = entries.find((e) => e.kind === 'alternateEmail');
      expect(email?.display).toMatch(/^[a-z]\*\*\*@m\*\*\*\.example$/);
      // No one holds a phone here, so no decoy does.
      expect(entries.some((e) => e.kind === 'mobilePhone')).toBe(false);
    }
    const share = (pick: (p: (typeof profiles)[number]) => boolean) => profiles.filter(pick).length / profiles.length;
    expect(share((p) => p.admin)).toBeGreaterThan(0.2);
    expect(share((p) => p.admin)).toBeLessThan(0.4);
    expect(share((p) => p.entries.some((e) => e.kind === 'authenticatorApp'))).toBeGreaterThan(0.3);
    // 40 % hold one, plus the administrators topped up to two kinds with it (real administrators hold two too).
    expect(share((p) => p.entries.some((e) => e.kind === 'authenticatorApp'))).toBeLessThan(0.75);
    expect(share((p) => !p.admin && p.entries.some((e) => e.kind === 'authenticatorApp'))).toBeLessThan(0.35);
    // Deterministic for a given calibration.
    expect(decoyProfile(digests[0]!, defaultSsprPolicy, 'NL', calibration)).toEqual(profiles[0]);
  });
});

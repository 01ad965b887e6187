/**
 * The rules of strong recovery (issue #17 items 2 and 3), pure with the clock passed in: the lookup secret's
 * shape and reading, a Temporary Access Pass's lifetime bounds, expiry, one-time use and session end, and the
 * gate planning that keeps recovery codes from being an administrator's only gate.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planGates, type SecurityInfoEntry, type TenantFacts } from '../flows/gates.js';
import { defaultSsprPolicy } from '../policy/sspr-policy.js';
import type { KeyedHasher, RandomSource } from '../ports.js';
import { digestLookupSecret, lookupSecretRules, newLookupSecret, normaliseLookupSecret } from './lookup-secret.js';
import { checkTapLifetime, tapExpiry, tapRules, tapSessionEnd, tapState, tapView } from './temporary-access-pass.js';

const random: RandomSource = {
  token: (bytes) => randomBytes(bytes).toString('base64url'),
  uuid: () => randomUUID(),
};
const t0 = new Date('2026-03-01T09:00:00.000Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

describe('lookup secrets (passes and recovery codes)', () => {
  it('are 24 symbols of Crockford base32 (120 bits) in groups of four, and differ each time', () => {
    const made = Array.from({ length: 200 }, () => newLookupSecret(random));
    for (const secret of made) expect(secret).toMatch(/^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){5}$/);
    expect(new Set(made).size).toBe(made.length);
    expect(lookupSecretRules.bits).toBeGreaterThanOrEqual(112);
  });

  it('read back whatever the case, spaces or hyphens, and o/i/l as 0/1/1', () => {
    const secret = newLookupSecret(random);
    const plain = secret.replace(/-/g, '');
    expect(normaliseLookupSecret(secret)).toBe(plain);
    expect(normaliseLookupSecret(` ${secret.toUpperCase().replace(/-/g, ' ')} `)).toBe(plain);
    expect(normaliseLookupSecret('0000-1111-0000-1111-0000-1111')).toBe(
      normaliseLookupSecret('oooo-iiii-OOOO-llll-0000-1111'),
    );
  });

  it('refuse anything of another length or outside the alphabet', () => {
    expect(normaliseLookupSecret('')).toBeNull();
    expect(normaliseLookupSecret('abcd-efgh')).toBeNull();
    expect(normaliseLookupSecret('uuuu-uuuu-uuuu-uuuu-uuuu-uuuu')).toBeNull();
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (typed) => {
        const read = normaliseLookupSecret(typed);
        return read === null || /^[0-9a-hjkmnp-tv-z]{24}$/.test(read);
      }),
    );
  });

  it('are stored per user: the same secret hashes differently for another user or purpose', () => {
    const keyed: KeyedHasher = { digest: (purpose, value) => `${purpose}|${value}`, equals: (a, b) => a === b };
    const a = digestLookupSecret(keyed, 'recovery-code', { tenantId: 't', userId: 'u1' }, 'x');
    expect(a).not.toBe(digestLookupSecret(keyed, 'recovery-code', { tenantId: 't', userId: 'u2' }, 'x'));
    expect(a).not.toBe(digestLookupSecret(keyed, 'temporary-access-pass', { tenantId: 't', userId: 'u1' }, 'x'));
  });
});

describe('Temporary Access Pass', () => {
  it("keeps Entra's lifetime bounds: 10 minutes to 30 days, 60 by default, whole minutes", () => {
    expect(checkTapLifetime(undefined)).toEqual({ ok: true, value: 60 });
    expect(checkTapLifetime(10)).toEqual({ ok: true, value: 10 });
    expect(checkTapLifetime(43_200)).toEqual({ ok: true, value: 43_200 });
    for (const wrong of [9, 43_201, 0, -5, 60.5, Number.NaN])
      expect(checkTapLifetime(wrong)).toMatchObject({ ok: false, code: 'TAP_LIFETIME_INVALID' });
  });

  it('is active until it expires, then expired', () => {
    const pass = { expiresAt: tapExpiry(t0, 10).toISOString(), usedAt: null, oneTime: false };
    expect(tapState(pass, t0)).toBe('active');
    expect(tapState(pass, minutes(9.99))).toBe('active');
    expect(tapState(pass, minutes(10))).toBe('expired');
  });

  it('one-time: used once; multi-use: a use does not end it', () => {
    const expiresAt = tapExpiry(t0, 60).toISOString();
    expect(tapState({ expiresAt, oneTime: true, usedAt: minutes(1).toISOString() }, minutes(2))).toBe('used');
    expect(tapState({ expiresAt, oneTime: false, usedAt: minutes(1).toISOString() }, minutes(2))).toBe('active');
  });

  it('opens a session of an hour at most, never past the pass', () => {
    expect(tapSessionEnd({ expiresAt: tapExpiry(t0, 30 * 24 * 60).toISOString() }, t0)).toEqual(
      minutes(tapRules.sessionMinutes),
    );
    expect(tapSessionEnd({ expiresAt: tapExpiry(t0, 15).toISOString() }, t0)).toEqual(minutes(15));
  });

  it('shows an administrator its state and lifetime, never its hash', () => {
    const view = tapView(
      {
        tenantId: 't',
        userId: 'u',
        passHash: 'secret-hash',
        oneTime: true,
        createdAt: t0.toISOString(),
        expiresAt: tapExpiry(t0, 90).toISOString(),
        usedAt: null,
        createdBy: null,
      },
      minutes(5),
    );
    expect(view).toMatchObject({ state: 'active', lifetimeMinutes: 90, oneTime: true });
    expect(JSON.stringify(view)).not.toContain('secret-hash');
  });
});

describe('recovery codes and passes at the reset gates', () => {
  const established: TenantFacts = {
    isTrial: false,
    createdAt: '2025-01-01T00:00:00.000Z',
    domainCount: 1,
    hasDirectoryConnection: false,
    isFree: false,
  };
  const youngTrial: TenantFacts = { ...established, isTrial: true, createdAt: minutes(-60 * 24).toISOString() };
  const email: SecurityInfoEntry = { entryId: 'e', kind: 'alternateEmail', display: 'e' };
  const codes: SecurityInfoEntry = { entryId: 'recovery-codes', kind: 'recoveryCodes', display: 'Recovery codes' };
  const pass: SecurityInfoEntry = { entryId: 'tap', kind: 'temporaryAccessPass', display: 'Temporary Access Pass' };
  const policy = { ...defaultSsprPolicy, methods: [...defaultSsprPolicy.methods, 'recoveryCode' as const] };
  const types = (plan: ReturnType<typeof planGates>) => plan.methods.map((m) => m.type);

  it('are one gate for a user where the policy offers them, and nothing where it does not', () => {
    expect(types(planGates({ roles: [] }, policy, established, [codes], t0))).toEqual(['recoveryCode']);
    expect(planGates({ roles: [] }, policy, established, [codes], t0).insufficient).toBe(false);
    expect(planGates({ roles: [] }, defaultSsprPolicy, established, [codes], t0).insufficient).toBe(true);
    expect(types(planGates({ roles: [] }, defaultSsprPolicy, established, [pass], t0))).toEqual([]);
    const ticked = { ...defaultSsprPolicy, methods: [...defaultSsprPolicy.methods, 'temporaryAccessPass' as const] };
    expect(types(planGates({ roles: [] }, ticked, established, [pass], t0))).toEqual(['temporaryAccessPass']);
  });

  it('are never the only gate of an administrator: offered only with two gates, of two different kinds', () => {
    const admin = { roles: ['HelpdeskAdministrator'] };
    const two = planGates(admin, defaultSsprPolicy, established, [email, codes], t0);
    expect(two.gatesRequired).toBe(2);
    expect(types(two)).toEqual(['email', 'recoveryCode']);
    expect(two.insufficient).toBe(false);
    // Recovery codes alone cannot make up two gates.
    expect(planGates(admin, defaultSsprPolicy, established, [codes], t0).insufficient).toBe(true);
    // Where the administrator policy needs one gate (a young trial), they are not offered at all.
    const one = planGates(admin, defaultSsprPolicy, youngTrial, [email, codes], t0);
    expect(one.gatesRequired).toBe(1);
    expect(types(one)).toEqual(['email']);
    expect(planGates(admin, defaultSsprPolicy, youngTrial, [codes], t0).insufficient).toBe(true);
  });

  it('offer an administrator a pass only where the tenant ticked it', () => {
    const admin = { roles: ['GlobalAdministrator'] };
    expect(types(planGates(admin, defaultSsprPolicy, established, [email, pass], t0))).toEqual(['email']);
    const ticked = { ...defaultSsprPolicy, methods: [...defaultSsprPolicy.methods, 'temporaryAccessPass' as const] };
    expect(types(planGates(admin, ticked, established, [email, pass], t0))).toEqual(['email', 'temporaryAccessPass']);
  });
});

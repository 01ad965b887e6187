/**
 * The Store port's strong-recovery contract (migrations 0026 and 0027), on every dialect: one pass per user, a
 * pass's use claimed by one conditional UPDATE (a one-time pass by exactly one of racing sign-ins, never once
 * expired), recovery codes replaced as a set and each used once, caller verifications overwritten.
 */
import { expect, it } from 'vitest';
import type { TemporaryAccessPass } from '../../src/core/recovery/temporary-access-pass.js';
import { describeStore } from '../support/store-suite.js';

const uuid = () => crypto.randomUUID();
const now = '2026-03-01T09:00:00.000Z';
const later = '2026-03-01T10:00:00.000Z';

describeStore('recovery store contract', (store) => {
  const aTenant = async () => {
    const tenantId = uuid();
    await store.tenants.create({
      tenantId,
      name: 'Contoso',
      country: 'NL',
      isTrial: false,
      createdAt: now,
      domains: [`${tenantId.slice(0, 8)}.example`],
    });
    return tenantId;
  };
  const aPass = (tenantId: string, overrides: Partial<TemporaryAccessPass> = {}): TemporaryAccessPass => ({
    tenantId,
    userId: 'u1',
    passHash: 'hash-1',
    oneTime: false,
    createdAt: now,
    expiresAt: later,
    usedAt: null,
    createdBy: null,
    ...overrides,
  });

  it('keeps one pass per user: a new one replaces the old, and delete reports whether there was one', async () => {
    const tenantId = await aTenant();
    await store.recovery.putPass(aPass(tenantId));
    await store.recovery.putPass(aPass(tenantId, { passHash: 'hash-2', oneTime: true }));
    expect(await store.recovery.findPass(tenantId, 'u1')).toMatchObject({ passHash: 'hash-2', oneTime: true });
    expect(await store.recovery.usePass(tenantId, 'u1', 'hash-1', now)).toBe(false);
    expect(await store.recovery.deletePass(tenantId, 'u1')).toBe(1);
    expect(await store.recovery.deletePass(tenantId, 'u1')).toBe(0);
    expect(await store.recovery.findPass(tenantId, 'u1')).toBeUndefined();
  });

  it('lets exactly one of racing uses of a one-time pass win; a multi-use pass serves all until it expires', async () => {
    const tenantId = await aTenant();
    await store.recovery.putPass(aPass(tenantId, { oneTime: true }));
    const raced = await Promise.all(
      Array.from({ length: 8 }, () => store.recovery.usePass(tenantId, 'u1', 'hash-1', now)),
    );
    expect(raced.filter(Boolean)).toHaveLength(1);
    expect((await store.recovery.findPass(tenantId, 'u1'))?.usedAt).toBe(now);

    await store.recovery.putPass(aPass(tenantId, { userId: 'u2' }));
    expect(await store.recovery.usePass(tenantId, 'u2', 'hash-1', now)).toBe(true);
    expect(await store.recovery.usePass(tenantId, 'u2', 'hash-1', now)).toBe(true);
    expect((await store.recovery.findPass(tenantId, 'u2'))?.usedAt).toBeNull();
    expect(await store.recovery.usePass(tenantId, 'u2', 'hash-1', later)).toBe(false);
  });

  it('replaces recovery codes as a set and uses each once, racing uses included', async () => {
    const tenantId = await aTenant();
    expect(await store.recovery.recoveryCodeStatus(tenantId, 'u1')).toEqual({ remaining: 0, createdAt: null });
    await store.recovery.replaceRecoveryCodes(tenantId, 'u1', ['a', 'b', 'c'], now);
    const raced = await Promise.all(
      Array.from({ length: 6 }, () => store.recovery.useRecoveryCode(tenantId, 'u1', 'a', now)),
    );
    expect(raced.filter(Boolean)).toHaveLength(1);
    expect(await store.recovery.hasRecoveryCode(tenantId, 'u1', 'a')).toBe(false);
    expect(await store.recovery.hasRecoveryCode(tenantId, 'u1', 'b')).toBe(true);
    // Another user's hash is not this user's.
    expect(await store.recovery.useRecoveryCode(tenantId, 'u2', 'b', now)).toBe(false);
    expect(await store.recovery.recoveryCodeStatus(tenantId, 'u1')).toEqual({ remaining: 2, createdAt: now });
    await store.recovery.replaceRecoveryCodes(tenantId, 'u1', ['d', 'e'], later);
    expect(await store.recovery.hasRecoveryCode(tenantId, 'u1', 'b')).toBe(false);
    expect(await store.recovery.recoveryCodeStatus(tenantId, 'u1')).toEqual({ remaining: 2, createdAt: later });
  });

  it('overwrites the caller verification of a user', async () => {
    const tenantId = await aTenant();
    await store.recovery.putCallerVerification({
      tenantId,
      userId: 'u1',
      method: 'alternateEmail',
      verifiedAt: now,
      verifiedBy: 'a',
    });
    await store.recovery.putCallerVerification({
      tenantId,
      userId: 'u1',
      method: 'authenticatorApp',
      verifiedAt: later,
      verifiedBy: 'b',
    });
    expect(await store.recovery.findCallerVerification(tenantId, 'u1')).toEqual({
      tenantId,
      userId: 'u1',
      method: 'authenticatorApp',
      verifiedAt: later,
      verifiedBy: 'b',
    });
  });
});

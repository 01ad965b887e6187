/**
 * The Store port's contract for the purge of verification codes (migration 0037's index), on every dialect: only
 * codes that expired before the cutoff go, only in the tenant given, at most `limit` per call; and the service's
 * round keeps a code for a day past its expiry (src/services/security-info/code-purge.ts), and a voice call for a day
 * after it was placed (migration 0038's index).
 */
import { expect, it } from 'vitest';
import type { CodePurpose, PendingCode } from '../../src/core/methods/records.js';
import { codeRetentionSeconds, purgeExpiredCodes } from '../../src/services/security-info/code-purge.js';
import { aStoredTenant, describeStore } from '../support/store-suite.js';

const at = (minutes: number) => new Date(Date.UTC(2026, 2, 1, 9, minutes)).toISOString();

const aCode = (tenantId: string, expiresAt: string, purpose: CodePurpose = 'reset'): PendingCode => ({
  tenantId,
  codeId: crypto.randomUUID(),
  userId: crypto.randomUUID(),
  // Each its own subject, so adding one never supersedes another.
  subjectId: crypto.randomUUID(),
  purpose,
  codeHash: 'digest',
  expiresAt,
  attempts: 0,
  consumedAt: null,
  createdAt: at(0),
});

describeStore('store contract: verification code purge', (store) => {
  const file = async (code: PendingCode) => {
    await store.securityInfo.addCode(code);
    return code;
  };
  const kept = async (code: PendingCode) =>
    (await store.securityInfo.findCode(code.tenantId, code.codeId)) !== undefined;

  it("deletes the tenant's codes expired before the cutoff, and only those", async () => {
    const { tenantId } = await aStoredTenant(store);
    const other = await aStoredTenant(store);
    const expired = await file(aCode(tenantId, at(5)));
    const decoy = await file(aCode(tenantId, at(5), 'reset-decoy'));
    const atCutoff = await file(aCode(tenantId, at(30)));
    const live = await file(aCode(tenantId, at(40)));
    const elsewhere = await file(aCode(other.tenantId, at(5)));
    expect(await store.securityInfo.deleteExpiredCodes(tenantId, at(30), 100)).toBe(2);
    expect([await kept(expired), await kept(decoy)]).toEqual([false, false]);
    expect([await kept(atCutoff), await kept(live), await kept(elsewhere)]).toEqual([true, true, true]);
    expect(await store.securityInfo.deleteExpiredCodes(tenantId, at(30), 100)).toBe(0);
  });

  it('deletes at most `limit` codes a call', async () => {
    const { tenantId } = await aStoredTenant(store);
    for (let i = 0; i < 7; i += 1) await file(aCode(tenantId, at(5)));
    const live = await file(aCode(tenantId, at(40)));
    expect(await store.securityInfo.deleteExpiredCodes(tenantId, at(30), 3)).toBe(3);
    expect(await store.securityInfo.deleteExpiredCodes(tenantId, at(30), 3)).toBe(3);
    expect(await store.securityInfo.deleteExpiredCodes(tenantId, at(30), 3)).toBe(1);
    expect(await kept(live)).toBe(true);
  });

  it('keeps a code for a day past its expiry, used or not, then purges it in every tenant', async () => {
    const { tenantId } = await aStoredTenant(store);
    const other = await aStoredTenant(store);
    const now = new Date(Date.parse(at(0)) + (codeRetentionSeconds + 10 * 60) * 1000);
    const dayAgo = (minutes: number) => new Date(now.getTime() - codeRetentionSeconds * 1000 + minutes * 60_000);
    const past = await file(aCode(tenantId, dayAgo(-1).toISOString()));
    const used = await file({ ...aCode(tenantId, dayAgo(-2).toISOString()), consumedAt: dayAgo(-6).toISOString() });
    const withinGrace = await file(aCode(tenantId, dayAgo(1).toISOString()));
    const unexpired = await file(aCode(tenantId, new Date(now.getTime() + 60_000).toISOString()));
    const elsewhere = await file(aCode(other.tenantId, dayAgo(-1).toISOString()));
    const deps = { store, clock: { now: () => now } };
    await purgeExpiredCodes(deps);
    expect([await kept(past), await kept(used), await kept(elsewhere)]).toEqual([false, false, false]);
    expect([await kept(withinGrace), await kept(unexpired)]).toEqual([true, true]);
  });

  it('purges voice calls a day after they were placed, whatever their status, in their own tenant only', async () => {
    const { tenantId } = await aStoredTenant(store);
    const other = await aStoredTenant(store);
    const now = new Date(Date.parse(at(0)) + codeRetentionSeconds * 1000);
    const call = async (tenant: string, createdAt: string, status: 'placed' | 'confirmed') => {
      const callId = crypto.randomUUID();
      await store.voiceCalls.add({ tenantId: tenant, callId, locale: 'en', status, createdAt, answeredAt: null });
      return { tenant, callId };
    };
    const old = await call(tenantId, at(-1), 'placed');
    const answered = await call(tenantId, at(-2), 'confirmed');
    const recent = await call(tenantId, at(1), 'placed');
    const elsewhere = await call(other.tenantId, at(-1), 'placed');
    await purgeExpiredCodes({ store, clock: { now: () => now } });
    const left = async (c: { tenant: string; callId: string }) =>
      (await store.voiceCalls.find(c.tenant, c.callId)) !== undefined;
    expect([await left(old), await left(answered), await left(elsewhere)]).toEqual([false, false, false]);
    expect(await left(recent)).toBe(true);
    expect(await store.voiceCalls.deleteCreatedBefore(tenantId, at(60), 0)).toBe(0);
  });

  it('bounds a round to a batch per tenant', async () => {
    const { tenantId } = await aStoredTenant(store);
    const now = new Date(Date.parse(at(0)) + 2 * codeRetentionSeconds * 1000);
    const codes: PendingCode[] = [];
    for (let i = 0; i < 5; i += 1) codes.push(await file(aCode(tenantId, at(5))));
    const deps = { store, clock: { now: () => now } };
    await purgeExpiredCodes(deps, 2);
    const left = async () => (await Promise.all(codes.map(kept))).filter(Boolean).length;
    expect(await left()).toBe(3);
    await purgeExpiredCodes(deps, 2);
    expect(await left()).toBe(1);
  });
});

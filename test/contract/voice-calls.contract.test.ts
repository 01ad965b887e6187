/**
 * The Store port's contract for voice calls (kept beside store.contract.test.ts so that file's other
 * parts merge cleanly), run against every dialect with its own throwaway database.
 */
import { expect, it } from 'vitest';
import type { VoiceCall } from '../../src/core/model.js';
import { describeStore } from '../support/store-suite.js';

const uuid = () => crypto.randomUUID();
const now = '2026-03-01T09:00:00.000Z';

describeStore('store contract: voice calls', (store) => {
  const aTenantId = async () => {
    const tenantId = uuid();
    await store.tenants.create({
      tenantId,
      name: 'Contoso',
      country: 'NL',
      isTrial: false,
      createdAt: now,
      domains: [`${tenantId}.example`],
    });
    return tenantId;
  };
  const aCall = (tenantId: string, overrides: Partial<VoiceCall> = {}): VoiceCall => ({
    tenantId,
    callId: uuid(),
    locale: 'nl-NL',
    status: 'placed',
    createdAt: now,
    answeredAt: null,
    ...overrides,
  });

  it('keeps a placed call and finds it only in its own tenant', async () => {
    const tenantId = await aTenantId();
    const other = await aTenantId();
    const call = aCall(tenantId);
    await store.voiceCalls.add(call);
    expect(await store.voiceCalls.find(tenantId, call.callId)).toEqual(call);
    expect(await store.voiceCalls.find(other, call.callId)).toBeUndefined();
    expect(await store.voiceCalls.find(tenantId, 'no-such-call')).toBeUndefined();
  });

  it('settles a call once: later answers change nothing', async () => {
    const tenantId = await aTenantId();
    const call = aCall(tenantId);
    await store.voiceCalls.add(call);
    expect(await store.voiceCalls.settle(tenantId, call.callId, 'confirmed', '2026-03-01T09:00:20.000Z')).toBe(true);
    expect(await store.voiceCalls.settle(tenantId, call.callId, 'rejected', '2026-03-01T09:00:30.000Z')).toBe(false);
    expect(await store.voiceCalls.find(tenantId, call.callId)).toEqual({
      ...call,
      status: 'confirmed',
      answeredAt: '2026-03-01T09:00:20.000Z',
    });
  });

  it('lets exactly one of racing answers win', async () => {
    const tenantId = await aTenantId();
    const call = aCall(tenantId);
    await store.voiceCalls.add(call);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store.transaction((trx) => trx.voiceCalls.settle(tenantId, call.callId, i % 2 ? 'confirmed' : 'rejected', now)),
      ),
    );
    expect(outcomes.filter(Boolean)).toHaveLength(1);
  });

  it('does not settle a call of another tenant or an unknown call', async () => {
    const tenantId = await aTenantId();
    const other = await aTenantId();
    const call = aCall(tenantId);
    await store.voiceCalls.add(call);
    expect(await store.voiceCalls.settle(other, call.callId, 'confirmed', now)).toBe(false);
    expect(await store.voiceCalls.settle(tenantId, 'no-such-call', 'confirmed', now)).toBe(false);
    expect((await store.voiceCalls.find(tenantId, call.callId))?.status).toBe('placed');
  });

  it('records a failed placement without an answer time', async () => {
    const tenantId = await aTenantId();
    const call = aCall(tenantId);
    await store.voiceCalls.add(call);
    expect(await store.voiceCalls.settle(tenantId, call.callId, 'failed', null)).toBe(true);
    expect(await store.voiceCalls.find(tenantId, call.callId)).toMatchObject({ status: 'failed', answeredAt: null });
  });
});

/**
 * The Store port's company-branding contract (migration 0023), on every dialect: no row reads as empty, texts and
 * the logo are stored apart (a logo change keeps the texts and the other way round), removal clears the logo.
 */
import { expect, it } from 'vitest';
import { emptyBranding } from '../../src/core/branding/branding.js';
import { aStoredTenant, describeStore } from '../support/store-suite.js';
import { tinyPng } from '../support/branding.js';

const at = '2026-03-01T09:00:00.000Z';

describeStore('branding store contract', (store) => {
  it('reads an unbranded tenant as empty and keeps texts and logo independently', async () => {
    const { tenantId } = await aStoredTenant(store);
    const other = await aStoredTenant(store);
    expect(await store.branding.get(tenantId)).toEqual(emptyBranding);
    expect(await store.branding.getLogo(tenantId)).toBeUndefined();
    const texts = { displayName: 'Fabrikam', accentColour: '#8a1c7c', signInText: 'Line 1\nLine 2 — é' };
    await store.branding.put(tenantId, texts, at);
    await store.branding.putLogo(
      tenantId,
      { contentType: 'image/png', version: 'abcdef0123456789', bytes: tinyPng },
      at,
    );
    expect(await store.branding.get(tenantId)).toEqual({
      ...texts,
      logo: { contentType: 'image/png', version: 'abcdef0123456789', size: tinyPng.length },
    });
    const logo = await store.branding.getLogo(tenantId);
    expect(Buffer.from(logo!.bytes).equals(tinyPng)).toBe(true);
    await store.branding.put(tenantId, { displayName: null, accentColour: null, signInText: 'x' }, at);
    expect((await store.branding.get(tenantId)).logo?.version).toBe('abcdef0123456789');
    await store.branding.putLogo(tenantId, null, at);
    expect(await store.branding.get(tenantId)).toEqual({ ...emptyBranding, signInText: 'x' });
    expect(await store.branding.getLogo(tenantId)).toBeUndefined();
    expect(await store.branding.get(other.tenantId)).toEqual(emptyBranding);
  });
});

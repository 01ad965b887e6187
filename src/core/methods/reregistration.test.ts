import { describe, expect, it } from 'vitest';
import { reregistrationPending, type RegisteredEntry } from './reregistration.js';

const requiredAt = '2026-03-01T10:00:00.000Z';
const entry = (over: Partial<RegisteredEntry>): RegisteredEntry => ({
  source: 'user',
  status: 'verified',
  createdAt: '2026-02-01T00:00:00.000Z',
  verifiedAt: '2026-02-01T00:00:00.000Z',
  ...over,
});

describe('require re-registration', () => {
  it('holds until the user verifies something of their own after it', () => {
    expect(reregistrationPending(undefined, [])).toBe(false);
    expect(reregistrationPending(requiredAt, [])).toBe(true);
    // Registered before it, set by an administrator, or not yet verified: still pending.
    expect(reregistrationPending(requiredAt, [entry({})])).toBe(true);
    expect(
      reregistrationPending(requiredAt, [
        entry({ source: 'admin', verifiedAt: null, createdAt: '2026-04-01T00:00:00.000Z' }),
      ]),
    ).toBe(true);
    expect(
      reregistrationPending(requiredAt, [
        entry({ status: 'pending', createdAt: '2026-03-02T00:00:00.000Z', verifiedAt: null }),
      ]),
    ).toBe(true);
    // At the same instant is not after it.
    expect(reregistrationPending(requiredAt, [entry({ verifiedAt: requiredAt })])).toBe(true);
    expect(reregistrationPending(requiredAt, [entry({ verifiedAt: '2026-03-01T10:00:01.000Z' })])).toBe(false);
    // A set of answers has no verification time: its saving counts.
    expect(
      reregistrationPending(requiredAt, [entry({ verifiedAt: null, createdAt: '2026-03-02T00:00:00.000Z' })]),
    ).toBe(false);
  });
});

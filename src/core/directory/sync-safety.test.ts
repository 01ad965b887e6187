import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkConnectionInput } from './connection-input.js';
import { checkDeletionThreshold, decideDeletions, defaultDeletionThreshold, maxDeletionThreshold } from './sync-safety.js';

describe('accidental-deletion threshold', () => {
  it('applies up to the threshold, withholds all above it, and lets a reviewed run through', () => {
    expect(decideDeletions({ pending: 0, threshold: 500, allowDeletions: false })).toEqual({ kind: 'apply' });
    expect(decideDeletions({ pending: 500, threshold: 500, allowDeletions: false })).toEqual({ kind: 'apply' });
    expect(decideDeletions({ pending: 501, threshold: 500, allowDeletions: false })).toEqual({ kind: 'withhold', pending: 501, threshold: 500 });
    expect(decideDeletions({ pending: 501, threshold: 500, allowDeletions: true })).toEqual({ kind: 'applyOverride', pending: 501, threshold: 500 });
    // Allowing deletions under the threshold is no override: nothing to audit beyond the disables.
    expect(decideDeletions({ pending: 3, threshold: 500, allowDeletions: true })).toEqual({ kind: 'apply' });
  });

  it('is off at 0, however many would go', () => {
    expect(decideDeletions({ pending: 1_000_000, threshold: 0, allowDeletions: false })).toEqual({ kind: 'apply' });
  });

  it('withholds exactly when more than the threshold would be disabled and nobody allowed it (property)', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.nat(10_000), fc.boolean(), (pending, threshold, allowDeletions) => {
        const decision = decideDeletions({ pending, threshold, allowDeletions });
        expect(decision.kind === 'withhold').toBe(threshold > 0 && pending > threshold && !allowDeletions);
        expect(decision.kind === 'applyOverride').toBe(threshold > 0 && pending > threshold && allowDeletions);
      }),
    );
  });

  it('accepts whole numbers from 0 to the maximum only', () => {
    expect(checkDeletionThreshold(0)).toEqual({ ok: true, value: 0 });
    expect(checkDeletionThreshold(maxDeletionThreshold)).toEqual({ ok: true, value: maxDeletionThreshold });
    for (const bad of [-1, 1.5, maxDeletionThreshold + 1, Number.NaN, '10', null]) expect(checkDeletionThreshold(bad).ok).toBe(false);
  });

  it('gives a new connection the default unless one is given, and refuses a bad one', () => {
    const input = { type: 'openldap', url: 'ldaps://ldap.example', bindDn: 'cn=s,dc=x', bindPassword: 'p', baseDn: 'dc=x' };
    expect(checkConnectionInput(input)).toMatchObject({ ok: true, value: { deletionThreshold: defaultDeletionThreshold } });
    expect(checkConnectionInput({ ...input, deletionThreshold: 0 })).toMatchObject({ ok: true, value: { deletionThreshold: 0 } });
    expect(checkConnectionInput({ ...input, deletionThreshold: -5 })).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkConnectionInput } from './connection-input.js';
import {
  checkDeletionThreshold,
  decideDeletions,
  defaultDeletionThreshold,
  maxDeletionThreshold,
} from './sync-safety.js';

describe('accidental-deletion threshold', () => {
  const decide = (users: number, groups: number, threshold: number, allowDeletions = false) =>
    decideDeletions({ pending: { users, groups }, threshold, allowDeletions });

  it('applies up to the threshold, withholds all above it, and lets a reviewed run through', () => {
    expect(decide(0, 0, 500)).toEqual({ kind: 'apply' });
    expect(decide(500, 0, 500)).toEqual({ kind: 'apply' });
    expect(decide(501, 0, 500)).toEqual({
      kind: 'withhold',
      pending: 501,
      pendingUsers: 501,
      pendingGroups: 0,
      threshold: 500,
    });
    expect(decide(501, 0, 500, true)).toEqual({
      kind: 'applyOverride',
      pending: 501,
      pendingUsers: 501,
      pendingGroups: 0,
      threshold: 500,
    });
    // Allowing deletions under the threshold is no override: nothing to audit beyond the disables.
    expect(decide(3, 0, 500, true)).toEqual({ kind: 'apply' });
  });

  it('counts users and groups together: one decision for the run', () => {
    // A wrong base DN returns no users and no groups: neither half alone exceeds the threshold, together they do.
    expect(decide(2, 2, 3)).toEqual({ kind: 'withhold', pending: 4, pendingUsers: 2, pendingGroups: 2, threshold: 3 });
    expect(decide(0, 4, 3)).toEqual({ kind: 'withhold', pending: 4, pendingUsers: 0, pendingGroups: 4, threshold: 3 });
    expect(decide(1, 2, 3)).toEqual({ kind: 'apply' });
  });

  it('is off at 0, however many would go', () => {
    expect(decide(1_000_000, 1_000_000, 0)).toEqual({ kind: 'apply' });
  });

  it('withholds exactly when more than the threshold would go and nobody allowed it (property)', () => {
    fc.assert(
      fc.property(
        fc.nat(10_000),
        fc.nat(10_000),
        fc.nat(10_000),
        fc.boolean(),
        (users, groups, threshold, allowDeletions) => {
          const decision = decide(users, groups, threshold, allowDeletions);
          const over = threshold > 0 && users + groups > threshold;
          expect(decision.kind === 'withhold').toBe(over && !allowDeletions);
          expect(decision.kind === 'applyOverride').toBe(over && allowDeletions);
        },
      ),
    );
  });

  it('never lets more than the threshold of disables and deletions through without an override (property)', () => {
    fc.assert(
      fc.property(fc.nat(5_000), fc.nat(5_000), fc.integer({ min: 1, max: 10_000 }), (users, groups, threshold) => {
        const decision = decide(users, groups, threshold);
        // Withheld means all of them: neither users nor groups are applied in part.
        const applied = decision.kind === 'withhold' ? 0 : users + groups;
        expect(applied).toBeLessThanOrEqual(threshold);
        if (decision.kind === 'withhold') expect(decision.pendingUsers + decision.pendingGroups).toBe(decision.pending);
      }),
    );
  });

  it('accepts whole numbers from 0 to the maximum only', () => {
    expect(checkDeletionThreshold(0)).toEqual({ ok: true, value: 0 });
    expect(checkDeletionThreshold(maxDeletionThreshold)).toEqual({ ok: true, value: maxDeletionThreshold });
    for (const bad of [-1, 1.5, maxDeletionThreshold + 1, Number.NaN, '10', null])
      expect(checkDeletionThreshold(bad).ok).toBe(false);
  });

  it('gives a new connection the default unless one is given, and refuses a bad one', () => {
    const input = {
      type: 'openldap',
      url: 'ldaps://ldap.example',
      bindDn: 'cn=s,dc=x',
      bindPassword: 'p',
      baseDn: 'dc=x',
    };
    expect(checkConnectionInput(input)).toMatchObject({
      ok: true,
      value: { deletionThreshold: defaultDeletionThreshold },
    });
    expect(checkConnectionInput({ ...input, deletionThreshold: 0 })).toMatchObject({
      ok: true,
      value: { deletionThreshold: 0 },
    });
    expect(checkConnectionInput({ ...input, deletionThreshold: -5 })).toMatchObject({
      ok: false,
      code: 'VALIDATION_FAILED',
    });
  });
});

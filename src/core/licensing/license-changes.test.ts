import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffLicenseStates, licenseStateKey } from './license-changes.js';
import type { AssignmentState, AssignmentWithState } from './license-states.js';
import type { SkuId } from './sku-catalogue.js';

const state = (
  userId: string,
  via: string,
  s: AssignmentState,
  extra: Partial<AssignmentWithState> = {},
): AssignmentWithState => ({
  userId,
  skuId: 'AAD_PREMIUM_P1',
  via: via === '' ? { kind: 'direct' } : { kind: 'group', groupId: via, groupName: `Group ${via}` },
  assignedAt: '2026-03-01T09:00:00.000Z',
  state: s,
  ...extra,
});

/** The stored table as the store keeps it: one row per key. */
const asTable = (states: readonly AssignmentWithState[]) =>
  new Map(states.map((s) => [JSON.stringify(licenseStateKey(s)), s]));

describe('diffLicenseStates', () => {
  it('writes new and changed states, removes vanished ones and leaves the rest alone', () => {
    const previous = [
      state('u1', 'g1', 'active'),
      state('u2', 'g1', 'active'),
      state('u3', '', 'active'),
      state('u4', 'g1', 'active'),
    ];
    const next = [
      state('u1', 'g1', 'active'), // unchanged
      state('u2', 'g1', 'CountViolation'), // state moved
      state('u4', 'g1', 'active', { via: { kind: 'group', groupId: 'g1', groupName: 'Renamed' } }), // group renamed
      state('u5', 'g1', 'CountViolation'), // new member
      state('u3', 'g2', 'active'), // same user and SKU, other path: another row
    ];
    const changes = diffLicenseStates(previous, next);
    expect(changes.written.map((s) => `${s.userId}/${s.via.kind === 'group' ? s.via.groupId : ''}`)).toEqual([
      'u2/g1',
      'u4/g1',
      'u5/g1',
      'u3/g2',
    ]);
    expect(changes.removed).toEqual([{ userId: 'u3', skuId: 'AAD_PREMIUM_P1', viaGroupId: '' }]);
  });

  it('notices a changed assignment time', () => {
    const changes = diffLicenseStates(
      [state('u1', 'g1', 'active')],
      [state('u1', 'g1', 'active', { assignedAt: '2026-03-02T09:00:00.000Z' })],
    );
    expect(changes).toEqual({
      removed: [],
      written: [state('u1', 'g1', 'active', { assignedAt: '2026-03-02T09:00:00.000Z' })],
    });
  });

  it('applied to the previous states, always yields exactly the next ones, writing nothing unchanged', () => {
    const aState = fc
      .record({
        userId: fc.constantFrom('u1', 'u2', 'u3'),
        skuId: fc.constantFrom<SkuId>('AAD_PREMIUM_P1', 'M365_E3'),
        via: fc.constantFrom('', 'g1', 'g2'),
        state: fc.constantFrom<AssignmentState>('active', 'CountViolation'),
        assignedAt: fc.constantFrom('1', '2'),
      })
      .map(({ via, ...rest }) => state(rest.userId, via, rest.state, rest));
    const table = fc.array(aState, { maxLength: 20 }).map((states) => [...asTable(states).values()]);
    fc.assert(
      fc.property(table, table, (previous, next) => {
        const { removed, written } = diffLicenseStates(previous, next);
        const stored = asTable(previous);
        for (const key of removed) stored.delete(JSON.stringify(key));
        for (const s of written) stored.set(JSON.stringify(licenseStateKey(s)), s);
        expect(stored).toEqual(asTable(next));
        const before = asTable(previous);
        for (const s of written) expect(before.get(JSON.stringify(licenseStateKey(s)))).not.toEqual(s);
      }),
    );
  });
});

/**
 * The difference between the stored licence states and a fresh recomputation, so the store
 * rewrites only what moved. Recomputing a 100,000-member group after one member joins then writes
 * one row instead of deleting and re-inserting 100,000.
 */
import type { AssignmentWithState } from './license-states.js';
import { groupBy } from '../group-by.js';
import type { SkuId } from './sku-catalogue.js';

/** What identifies a stored state: one row per user, SKU and path (direct, or which group). */
export interface LicenseStateKey {
  userId: string;
  skuId: SkuId;
  /** '' for a direct assignment, else the group's id. */
  viaGroupId: string;
}

export interface LicenseStateChanges {
  /** Stored states whose assignment no longer exists. */
  removed: LicenseStateKey[];
  /** New states and states whose state, group name or assignment time changed. */
  written: AssignmentWithState[];
}

export const licenseStateKey = (s: AssignmentWithState): LicenseStateKey => ({
  userId: s.userId,
  skuId: s.skuId,
  viaGroupId: s.via.kind === 'group' ? s.via.groupId : '',
});

const viaGroupId = (s: AssignmentWithState) => (s.via.kind === 'group' ? s.via.groupId : '');

const sameKey = (a: AssignmentWithState, b: AssignmentWithState) =>
  a.skuId === b.skuId && viaGroupId(a) === viaGroupId(b);

const sameRow = (a: AssignmentWithState, b: AssignmentWithState) =>
  a.state === b.state &&
  a.assignedAt === b.assignedAt &&
  (a.via.kind === 'group' ? a.via.groupName : null) === (b.via.kind === 'group' ? b.via.groupName : null);

export const diffLicenseStates = (
  previous: readonly AssignmentWithState[],
  next: readonly AssignmentWithState[],
): LicenseStateChanges => {
  // Indexed by user id (strings that already exist) rather than by a joined key: building and
  // hashing 200,000 key strings took longer than everything else here. A user's list is short.
  const before = groupBy(previous, (state) => state.userId);
  const written: AssignmentWithState[] = [];
  for (const state of next) {
    const list = before.get(state.userId);
    const at = list ? list.findIndex((old) => sameKey(old, state)) : -1;
    if (at < 0) {
      written.push(state);
      continue;
    }
    const [old] = list!.splice(at, 1);
    if (!sameRow(old!, state)) written.push(state);
  }
  return { removed: [...before.values()].flat().map(licenseStateKey), written };
};

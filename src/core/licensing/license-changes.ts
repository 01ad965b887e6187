/**
 * The difference between the stored licence states and a fresh recomputation, so the store
 * rewrites only what moved. Recomputing a 100,000-member group after one member joins then writes
 * one row instead of deleting and re-inserting 100,000.
 */
import type { AssignmentWithState } from './license-states.js';
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

// Ids never contain NUL, so the joined key is unambiguous.
const keyString = (s: AssignmentWithState) => `${s.userId}\u0000${s.skuId}\u0000${s.via.kind === 'group' ? s.via.groupId : ''}`;

const sameRow = (a: AssignmentWithState, b: AssignmentWithState) =>
  a.state === b.state && a.assignedAt === b.assignedAt && (a.via.kind === 'group' ? a.via.groupName : null) === (b.via.kind === 'group' ? b.via.groupName : null);

export const diffLicenseStates = (previous: readonly AssignmentWithState[], next: readonly AssignmentWithState[]): LicenseStateChanges => {
  const before = new Map(previous.map((s) => [keyString(s), s]));
  const written: AssignmentWithState[] = [];
  for (const state of next) {
    const key = keyString(state);
    const old = before.get(key);
    before.delete(key);
    if (!old || !sameRow(old, state)) written.push(state);
  }
  return { removed: [...before.values()].map(licenseStateKey), written };
};

/**
 * Licence assignment states, recomputed from scratch (pure) whenever membership, seats, usage
 * location or assignments change — so the stored states can never drift from the inputs.
 *
 * Order of checks for each user and SKU, as Entra reports them:
 * 1. a direct assignment needs the user's own usage location (UsageLocationRequired); a group
 *    assignment falls back to the tenant's country;
 * 2. the SKU must be sold in that location (ProhibitedInUsageLocationViolation);
 * 3. the user may not already hold a mutually exclusive SKU assigned earlier (MutuallyExclusiveViolation);
 * 4. seats go to users in order of their earliest assignment; the rest get CountViolation.
 * A user holding the same SKU directly and through groups uses one seat.
 */
import { skuCatalogue, type SkuId } from './sku-catalogue.js';
import type { Entitlement } from './entitlements.js';

export type AssignmentState =
  | 'active'
  | 'UsageLocationRequired'
  | 'ProhibitedInUsageLocationViolation'
  | 'MutuallyExclusiveViolation'
  | 'CountViolation';

export type AssignedVia = { kind: 'direct' } | { kind: 'group'; groupId: string; groupName: string };

export interface LicenseAssignment {
  userId: string;
  skuId: SkuId;
  via: AssignedVia;
  assignedAt: string;
}

export interface LicenseInputs {
  tenantCountry: string;
  seats: ReadonlyMap<SkuId, number>;
  usageLocations: ReadonlyMap<string, string | null>;
  assignments: readonly LicenseAssignment[];
  /**
   * `${userId}:${skuId}` pairs that held a seat before this recomputation. Members of one group
   * share the group's assignment time; holders keep their seats over newcomers, so a new member
   * never takes a seat from someone who already had one.
   */
  previouslyActive?: ReadonlySet<string>;
}

export type AssignmentWithState = LicenseAssignment & { state: AssignmentState };

const catalogue = new Map(skuCatalogue.map((sku) => [sku.id, sku]));

export const computeLicenseStates = (inputs: LicenseInputs): AssignmentWithState[] => {
  // Each assignment's seat-holding is looked up once, not in every comparison (a 100,000-member
  // group means ~1.7 million comparisons), and its state is kept beside it instead of in a map.
  const entries = inputs.assignments.map((a): { a: LicenseAssignment; held: number; state: AssignmentState } => ({
    a,
    held: inputs.previouslyActive?.has(`${a.userId}:${a.skuId}`) ? 0 : 1,
    state: 'active',
  }));
  const ordered = [...entries].sort(
    (x, y) => x.a.assignedAt.localeCompare(y.a.assignedAt) || x.held - y.held || x.a.userId.localeCompare(y.a.userId),
  );
  const holding = new Map<string, Set<SkuId>>(); // user → SKUs that passed checks 1–3
  for (const entry of ordered) {
    const assignment = entry.a;
    const sku = catalogue.get(assignment.skuId);
    const own = inputs.usageLocations.get(assignment.userId) ?? null;
    const location = own ?? (assignment.via.kind === 'group' ? inputs.tenantCountry : null);
    const heldSkus = holding.get(assignment.userId) ?? new Set<SkuId>();
    if (!location) entry.state = 'UsageLocationRequired';
    else if (!sku || sku.notSoldIn.includes(location)) entry.state = 'ProhibitedInUsageLocationViolation';
    else if (sku.mutuallyExclusiveWith.some((other) => heldSkus.has(other))) entry.state = 'MutuallyExclusiveViolation';
    if (entry.state === 'active') {
      heldSkus.add(assignment.skuId);
      holding.set(assignment.userId, heldSkus);
    }
  }
  // Seats: per SKU, users in order of their first still-eligible assignment.
  const seatHolders = new Map<SkuId, Set<string>>();
  for (const entry of ordered) {
    if (entry.state !== 'active') continue;
    const { skuId, userId } = entry.a;
    const holders = seatHolders.get(skuId) ?? new Set<string>();
    seatHolders.set(skuId, holders);
    if (holders.has(userId)) continue;
    if (holders.size < (inputs.seats.get(skuId) ?? 0)) holders.add(userId);
    else entry.state = 'CountViolation';
  }
  // A literal of one fixed shape: spreading 100,000 assignments cost more than the checks above.
  return entries.map(({ a, state }) => ({
    userId: a.userId,
    skuId: a.skuId,
    via: a.via,
    assignedAt: a.assignedAt,
    state,
  }));
};

/** Union of the entitlements of a user's active assignments, plus FREE's for everyone. */
export const effectiveEntitlements = (assignments: readonly AssignmentWithState[]): Entitlement[] => {
  const granted = new Set<Entitlement>(catalogue.get('FREE')!.entitlements);
  for (const assignment of assignments) {
    if (assignment.state === 'active')
      for (const e of catalogue.get(assignment.skuId)?.entitlements ?? []) granted.add(e);
  }
  return [...granted].sort();
};

/** Seats in use per SKU: distinct users with an active assignment. */
export const seatsUsed = (assignments: readonly AssignmentWithState[]): Map<SkuId, number> => {
  const users = new Map<SkuId, Set<string>>();
  for (const a of assignments)
    if (a.state === 'active') users.set(a.skuId, (users.get(a.skuId) ?? new Set()).add(a.userId));
  return new Map([...users].map(([sku, set]) => [sku, set.size]));
};

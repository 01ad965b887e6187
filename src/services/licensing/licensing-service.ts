import { checkCountry } from '../../core/directory/identifiers.js';
import { SsprError } from '../../core/errors.js';
import { evaluateEligibility, type Eligibility } from '../../core/licensing/eligibility.js';
import type { Entitlement } from '../../core/licensing/entitlements.js';
import { diffLicenseStates } from '../../core/licensing/license-changes.js';
import {
  computeLicenseStates,
  effectiveEntitlements,
  seatsUsed,
  type AssignmentWithState,
} from '../../core/licensing/license-states.js';
import { findSku, skuCatalogue, type Sku, type SkuId } from '../../core/licensing/sku-catalogue.js';
import type { AuditEvent, User } from '../../core/model.js';
import { defaultSsprPolicy, type SsprPolicy } from '../../core/policy/sspr-policy.js';
import type { EntitlementCheck, StoreRepositories } from '../../core/ports.js';
import { cliActor, recordAudit } from '../audit/audit-recorder.js';
import type { ServiceDeps } from '../deps.js';
import { orThrow } from '../validation.js';

const requireSku = (input: string): Sku => {
  const sku = findSku(input);
  if (!sku)
    throw new SsprError('SKU_UNKNOWN', `"${input}" is not a SKU; known: ${skuCatalogue.map((s) => s.id).join(', ')}`);
  if (!sku.assignable) throw new SsprError('SKU_NOT_ASSIGNABLE');
  return sku;
};

const checkSeats = (seats: number) => {
  if (!Number.isInteger(seats) || seats < 0 || seats > 1_000_000) throw new SsprError('SEATS_INVALID');
  return seats;
};

/**
 * Recomputes every licence state of a tenant inside the caller's transaction and stores what
 * changed. Called by every change that can move a state: seats, assignments, group membership,
 * usage location.
 */
export const recomputeLicenses = async (store: StoreRepositories, tenantId: string): Promise<AssignmentWithState[]> => {
  await store.licensing.lockLicenses(tenantId);
  const tenant = await store.tenants.findById(tenantId);
  const subscriptions = await store.licensing.listSubscriptions(tenantId);
  const previous = await store.licensing.listUserLicenses(tenantId);
  const states = computeLicenseStates({
    tenantCountry: tenant?.country ?? '',
    seats: new Map(subscriptions.map((s) => [s.skuId, s.seats])),
    usageLocations: await store.users.listUsageLocations(tenantId),
    assignments: await store.licensing.listAssignments(tenantId),
    previouslyActive: new Set(previous.filter((l) => l.state === 'active').map((l) => `${l.userId}:${l.skuId}`)),
  });
  // Only the difference is written: one member joining a large group is one row, not all of them.
  await store.licensing.applyUserLicenseChanges(tenantId, diffLicenseStates(previous, states));
  return states;
};

export interface UserLicensing {
  licenses: Array<{ sku: SkuId; state: AssignmentWithState['state']; assignedVia: string }>;
  entitlements: Entitlement[];
  eligibility: Eligibility;
}

/**
 * A user's entitlements and eligibility from facts already read: `licensingOf` reads them for one user,
 * the registration report for every user at once.
 */
export const eligibilityOf = (
  user: Pick<User, 'source' | 'roles'>,
  licenses: readonly AssignmentWithState[],
  policy: SsprPolicy,
  inSelectedGroup: boolean,
  hasDirectoryConnection: boolean,
): { entitlements: Entitlement[]; eligibility: Eligibility } => {
  const entitlements = effectiveEntitlements(licenses);
  return {
    entitlements,
    eligibility: evaluateEligibility(user, entitlements, {
      enabled: policy.enabled,
      inSelectedGroup,
      adminSspr: policy.adminSspr,
      writeback: user.source !== 'cloud' && policy.writeback && hasDirectoryConnection,
    }),
  };
};

export const createLicensingService = (deps: ServiceDeps) => {
  const inTransaction = <T>(work: (store: StoreRepositories) => Promise<T>) => deps.store.transaction(work);
  const now = () => deps.clock.now().toISOString();
  type Activity = 'changeUserLicense' | 'changeGroupLicense' | 'updateSubscription';
  const audit = (
    store: StoreRepositories,
    tenantId: string,
    activity: Activity,
    target: AuditEvent['target'],
    details: AuditEvent['details'],
    actor: AuditEvent['actor'],
  ) => recordAudit(deps, store, { tenantId, activity, actor, target, details });

  return {
    async setSubscription(
      tenantId: string,
      skuInput: string,
      seats: number,
      mode: 'add' | 'update' | 'put',
      actor: AuditEvent['actor'] = cliActor,
    ) {
      const sku = requireSku(skuInput);
      checkSeats(seats);
      return inTransaction(async (store) => {
        const existing = (await store.licensing.listSubscriptions(tenantId)).find((s) => s.skuId === sku.id);
        if (mode === 'add' && existing)
          throw new SsprError('SUBSCRIPTION_EXISTS', `the tenant already has ${sku.id}; use "license update"`);
        if (mode === 'update' && !existing)
          throw new SsprError('SUBSCRIPTION_NOT_FOUND', `the tenant has no ${sku.id} subscription`);
        await store.licensing.putSubscription(tenantId, {
          skuId: sku.id,
          seats,
          createdAt: existing?.createdAt ?? now(),
        });
        await audit(
          store,
          tenantId,
          'updateSubscription',
          { type: 'tenant', id: tenantId, name: sku.id },
          { sku: sku.id, seats, previousSeats: existing?.seats ?? null },
          actor,
        );
        await recomputeLicenses(store, tenantId);
        return { sku: sku.id, seats };
      });
    },

    async removeSubscription(tenantId: string, skuInput: string, actor: AuditEvent['actor'] = cliActor) {
      const sku = requireSku(skuInput);
      return inTransaction(async (store) => {
        if ((await store.licensing.removeSubscription(tenantId, sku.id)) === 0)
          throw new SsprError('SUBSCRIPTION_NOT_FOUND');
        await audit(
          store,
          tenantId,
          'updateSubscription',
          { type: 'tenant', id: tenantId, name: sku.id },
          { sku: sku.id, seats: 0, removed: true },
          actor,
        );
        await recomputeLicenses(store, tenantId);
        return { sku: sku.id, removed: true };
      });
    },

    /** Direct assignment: the user needs a usage location, from the flag or already set. */
    async assignToUser(
      user: User,
      skuInput: string,
      usageLocationInput?: string,
      actor: AuditEvent['actor'] = cliActor,
    ) {
      const sku = requireSku(skuInput);
      const usageLocation = usageLocationInput ? orThrow(checkCountry(usageLocationInput)) : user.usageLocation;
      if (!usageLocation)
        throw new SsprError('USAGE_LOCATION_REQUIRED', `${user.upn} has no usage location; pass --usage-location CC`);
      return inTransaction(async (store) => {
        if (
          (await store.licensing.listAssignments(user.tenantId)).some(
            (a) => a.userId === user.userId && a.skuId === sku.id && a.via.kind === 'direct',
          )
        ) {
          throw new SsprError('ASSIGNMENT_EXISTS', `${sku.id} is already assigned to ${user.upn}`);
        }
        if (usageLocation !== user.usageLocation)
          await store.users.setUsageLocation(user.tenantId, user.userId, usageLocation);
        await store.licensing.addDirectAssignment(user.tenantId, user.userId, sku.id, now());
        await audit(
          store,
          user.tenantId,
          'changeUserLicense',
          { type: 'user', id: user.userId, name: user.upn },
          { sku: sku.id, change: 'assigned' },
          actor,
        );
        const states = await recomputeLicenses(store, user.tenantId);
        return states.find((s) => s.userId === user.userId && s.skuId === sku.id && s.via.kind === 'direct')!;
      });
    },

    async removeFromUser(user: User, skuInput: string, actor: AuditEvent['actor'] = cliActor) {
      const sku = requireSku(skuInput);
      return inTransaction(async (store) => {
        if ((await store.licensing.removeDirectAssignment(user.tenantId, user.userId, sku.id)) === 0)
          throw new SsprError('ASSIGNMENT_NOT_FOUND');
        await audit(
          store,
          user.tenantId,
          'changeUserLicense',
          { type: 'user', id: user.userId, name: user.upn },
          { sku: sku.id, change: 'removed' },
          actor,
        );
        await recomputeLicenses(store, user.tenantId);
        return { sku: sku.id, removed: true };
      });
    },

    async assignToGroup(
      tenantId: string,
      groupName: string,
      skuInput: string,
      remove = false,
      actor: AuditEvent['actor'] = cliActor,
    ) {
      const sku = requireSku(skuInput);
      return inTransaction(async (store) => {
        const group = await store.groups.findByName(tenantId, groupName);
        if (!group) throw new SsprError('GROUP_NOT_FOUND', `no group is named "${groupName}"`);
        if (remove) {
          if ((await store.licensing.removeGroupAssignment(tenantId, group.groupId, sku.id)) === 0)
            throw new SsprError('ASSIGNMENT_NOT_FOUND');
        } else {
          if (
            (await store.licensing.listAssignments(tenantId)).some(
              (a) => a.via.kind === 'group' && a.via.groupId === group.groupId && a.skuId === sku.id,
            )
          ) {
            throw new SsprError('ASSIGNMENT_EXISTS', `${sku.id} is already assigned to "${group.name}"`);
          }
          await store.licensing.addGroupAssignment(tenantId, group.groupId, sku.id, now());
        }
        await audit(
          store,
          tenantId,
          'changeGroupLicense',
          { type: 'group', id: group.groupId, name: group.name },
          { sku: sku.id, change: remove ? 'removed' : 'assigned' },
          actor,
        );
        const states = await recomputeLicenses(store, tenantId);
        const affected = states.filter(
          (s) => s.via.kind === 'group' && s.via.groupId === group.groupId && s.skuId === sku.id,
        );
        return {
          group: group.name,
          sku: sku.id,
          removed: remove,
          members: affected.length,
          errors: affected.filter((s) => s.state !== 'active').length,
        };
      });
    },

    async licensingOf(user: User): Promise<UserLicensing> {
      const mine = await deps.store.licensing.listUserLicenses(user.tenantId, user.userId);
      const policy = (await deps.store.ssprPolicies.get(user.tenantId)) ?? defaultSsprPolicy;
      // SSPR scope follows nested membership (unlike group-based licensing).
      const inSelectedGroup =
        policy.enabled === 'selected' &&
        policy.selectedGroupId !== null &&
        (await deps.store.groups.listTransitiveGroupsOf(user.tenantId, { type: 'user', id: user.userId })).some(
          (g) => g.groupId === policy.selectedGroupId,
        );
      // Only on-premises users need a directory connection; cloud users skip the lookup.
      const hasConnection =
        user.source !== 'cloud' &&
        policy.writeback &&
        (await deps.store.directoryConnections.list(user.tenantId)).length > 0;
      return {
        licenses: mine.map((l) => ({
          sku: l.skuId,
          state: l.state,
          assignedVia: l.via.kind === 'direct' ? 'direct' : l.via.groupName,
        })),
        ...eligibilityOf(user, mine, policy, inSelectedGroup, hasConnection),
      };
    },

    async overview(tenantId: string) {
      const subscriptions = await deps.store.licensing.listSubscriptions(tenantId);
      const states = await deps.store.licensing.listUserLicenses(tenantId);
      const used = seatsUsed(states);
      return subscriptions.map((s) => ({
        sku: s.skuId,
        seats: s.seats,
        used: used.get(s.skuId) ?? 0,
        free: Math.max(0, s.seats - (used.get(s.skuId) ?? 0)),
        errors: states
          .filter((l) => l.skuId === s.skuId && l.state !== 'active')
          .map((l) => ({ userId: l.userId, state: l.state })),
      }));
    },
  };
};

export type LicensingService = ReturnType<typeof createLicensingService>;

/**
 * Tenant-wide features (the custom banned list) follow Entra: the tenant must hold a subscription,
 * with seats, of a SKU that grants the entitlement.
 */
export const createSubscriptionEntitlementCheck = (deps: Pick<ServiceDeps, 'store'>): EntitlementCheck => ({
  async tenantHas(tenantId, entitlement) {
    const subscriptions = await deps.store.licensing.listSubscriptions(tenantId);
    return subscriptions.some((s) => s.seats > 0 && findSku(s.skuId)?.entitlements.includes(entitlement));
  },
});

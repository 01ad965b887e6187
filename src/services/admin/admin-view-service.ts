import { evaluateAdminPolicy, type AdminPolicy } from '../../core/policy/admin-policy.js';
import { findSku } from '../../core/licensing/sku-catalogue.js';
import type { Group, User } from '../../core/model.js';
import type { ServiceDeps } from '../deps.js';
import type { LicensingService, UserLicensing } from '../licensing/licensing-service.js';
import type { SsprPolicyService } from '../policy/sspr-policy-service.js';

/** A user as the console lists it: never the password hash. */
export type ConsoleUser = Omit<User, 'passwordHash'>;

const forConsole = (user: User): ConsoleUser => {
  const { passwordHash: _hidden, ...rest } = user;
  return rest;
};

export type ConsoleMember =
  { type: 'user'; id: string; upn: string; displayName: string } | { type: 'group'; id: string; name: string };

/**
 * The admin console's read models: what a page shows in one call, scoped to the admin's tenant.
 * Nothing here changes state; changes go through the policy and licensing services.
 */
export const createAdminViewService = (
  deps: ServiceDeps,
  licensing: LicensingService,
  ssprPolicy: SsprPolicyService,
) => {
  const upnOf = async (tenantId: string, userId: string) =>
    (await deps.store.users.findById(tenantId, userId))?.upn ?? userId;

  return {
    /** One page of users whose UPN starts with the prefix; `hasMore` says whether a next page exists. */
    async searchUsers(tenantId: string, options: { prefix: string; page: number; pageSize: number }) {
      const found = await deps.store.users.search(tenantId, {
        prefix: options.prefix,
        offset: options.page * options.pageSize,
        limit: options.pageSize + 1,
      });
      return { users: found.slice(0, options.pageSize).map(forConsole), hasMore: found.length > options.pageSize };
    },

    /** A user of the tenant with licences, entitlements, eligibility and groups; undefined when not in the tenant. */
    async userDetail(
      tenantId: string,
      userId: string,
    ): Promise<(ConsoleUser & UserLicensing & { groups: Group[]; inheritedGroups: Group[] }) | undefined> {
      const user = await deps.store.users.findById(tenantId, userId);
      if (!user) return undefined;
      const member = { type: 'user' as const, id: user.userId };
      const groups = await deps.store.groups.listDirectGroupsOf(tenantId, member);
      const direct = new Set(groups.map((g) => g.groupId));
      const inheritedGroups = (await deps.store.groups.listTransitiveGroupsOf(tenantId, member)).filter(
        (g) => !direct.has(g.groupId),
      );
      return { ...forConsole(user), ...(await licensing.licensingOf(user)), groups, inheritedGroups };
    },

    listGroups: (tenantId: string): Promise<Group[]> => deps.store.groups.list(tenantId),

    /** A group's direct members (users and nested groups) and the groups it is itself a member of. */
    async groupDetail(tenantId: string, groupId: string) {
      const group = await deps.store.groups.findById(tenantId, groupId);
      if (!group) return undefined;
      const members: ConsoleMember[] = [];
      for (const member of await deps.store.groups.listMembers(tenantId, groupId)) {
        if (member.type === 'user') {
          const user = await deps.store.users.findById(tenantId, member.id);
          if (user) members.push({ type: 'user', id: user.userId, upn: user.upn, displayName: user.displayName });
        } else {
          const inner = await deps.store.groups.findById(tenantId, member.id);
          if (inner) members.push({ type: 'group', id: inner.groupId, name: inner.name });
        }
      }
      members.sort(
        (a, b) =>
          (a.type === b.type ? 0 : a.type === 'group' ? -1 : 1) ||
          (a.type === 'group' ? a.name : a.upn).localeCompare(b.type === 'group' ? b.name : b.upn),
      );
      const memberOf = await deps.store.groups.listDirectGroupsOf(tenantId, { type: 'group', id: groupId });
      return { group, members, memberOf };
    },

    /** Subscriptions with seats used and free, and each assignment error with the user it affects. */
    async licenses(tenantId: string) {
      const overview = await licensing.overview(tenantId);
      return Promise.all(
        overview.map(async (s) => ({
          ...s,
          displayName: findSku(s.sku)?.displayName ?? s.sku,
          errors: await Promise.all(s.errors.map(async (e) => ({ ...e, upn: await upnOf(tenantId, e.userId) }))),
        })),
      );
    },

    /**
     * The administrator reset policy as it applies to this tenant now; a directory connection is one of
     * Entra's reasons for two gates.
     */
    async adminPolicy(tenantId: string): Promise<AdminPolicy | undefined> {
      const tenant = await deps.store.tenants.findById(tenantId);
      if (!tenant) return undefined;
      const policy = await ssprPolicy.policyOf(tenantId);
      const paid = (await deps.store.licensing.listSubscriptions(tenantId)).some(
        (s) => s.seats > 0 && findSku(s.skuId)?.id !== 'FREE',
      );
      return evaluateAdminPolicy(
        {
          ...tenant,
          directoryConnected: (await deps.store.directoryConnections.list(tenant.tenantId)).length > 0,
          paid,
          adminSspr: policy.adminSspr,
        },
        deps.clock.now(),
      );
    },
  };
};

export type AdminViewService = ReturnType<typeof createAdminViewService>;

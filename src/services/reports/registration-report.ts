/**
 * The Registration tab and Graph's `userRegistrationDetails` (reference §8.2): per user whether they
 * registered enough security info for SSPR, whether SSPR is enabled for them (policy scope and
 * licence) and so whether they are capable of a reset. Every rule is the one sign-in and reset use —
 * the registration verdict's counting (security-info views), eligibility (licensing) and the
 * administrator policy's gates — applied to facts read a batch of users at a time.
 *
 * At 100,000 users the rules run once per *kind* of user, not once per user: licence eligibility depends only on
 * the user's source, roles, selected-group membership and active SKUs, and the methods required and usable only on
 * whether the user is an administrator, so each is computed once per distinct key and reused (the keys hold every
 * input the rule reads, so a reused verdict is the one the rule would give). Per user remains what is per user:
 * which kinds they hold (`entryKindsFrom`, the views without masking) and the reconfirmation date.
 */
import { upnKey } from '../../core/directory/identifiers.js';
import { SsprError } from '../../core/errors.js';
import { isAdminUser, usableKinds } from '../../core/methods/method-rules.js';
import { securityInfoTypes, type SecurityInfoType } from '../../core/methods/records.js';
import { defaultSsprPolicy } from '../../core/policy/sspr-policy.js';
import type { AssignmentWithState } from '../../core/licensing/license-states.js';
import type { User } from '../../core/model.js';
import { checkKeys, oneOf, optionalText, page, type QueryInput } from '../../core/reports/report-query.js';
import type { ServiceDeps } from '../deps.js';
import { eligibilityOf } from '../licensing/licensing-service.js';
import { entryKindsFrom, methodsRequiredOf, registeredKinds } from '../security-info/security-info-views.js';

export interface RegistrationRow {
  userId: string;
  userPrincipalName: string;
  userDisplayName: string;
  isAdmin: boolean;
  isSsprRegistered: boolean;
  isSsprEnabled: boolean;
  isSsprCapable: boolean;
  /** Why SSPR is not enabled for the user (Entra's SSPR_00xx code), else null. */
  ssprDisabledReason: string | null;
  methodsRegistered: SecurityInfoType[];
  methodsRequired: number;
  /** The first registered method in the order the reset wizard offers them. */
  defaultMethod: SecurityInfoType | null;
  lastUpdatedDateTime: string | null;
}

export interface RegistrationFilter {
  registered?: boolean;
  capable?: boolean;
  method?: SecurityInfoType;
  group?: string;
}

const registrationFilters = ['registered', 'capable', 'method', 'group', 'top', 'skip'] as const;

const yesNo = (query: QueryInput, key: string): boolean | undefined => {
  const value = oneOf(query, key, ['true', 'false']);
  return value === undefined ? undefined : value === 'true';
};

export const parseRegistrationQuery = (query: QueryInput) => {
  checkKeys(query, registrationFilters);
  const group = optionalText(query, 'group');
  const registered = yesNo(query, 'registered');
  const capable = yesNo(query, 'capable');
  const method = oneOf(query, 'method', securityInfoTypes);
  const filter: RegistrationFilter = {
    ...(registered !== undefined && { registered }),
    ...(capable !== undefined && { capable }),
    ...(method && { method }),
    ...(group && { group }),
  };
  return { filter, page: page(query) };
};

const batchSize = 5000;

const latest = (...instants: Array<string | null | undefined>): string | null =>
  instants.reduce<string | null>((max, t) => (t && (max === null || t > max) ? t : max), null);

export const createRegistrationReport = (deps: Pick<ServiceDeps, 'store' | 'clock'>) => {
  /** Every user's row in UPN order, filtered, computed a batch at a time (flat memory for any tenant size). */
  async function* rows(tenantId: string, filter: RegistrationFilter = {}): AsyncGenerator<RegistrationRow> {
    const store = deps.store;
    const tenant = await store.tenants.findById(tenantId);
    if (!tenant) throw new SsprError('TENANT_NOT_FOUND');
    const policy = (await store.ssprPolicies.get(tenantId)) ?? defaultSsprPolicy;
    const hasConnection = (await store.directoryConnections.list(tenantId)).length > 0;
    const now = deps.clock.now();
    const licenses = new Map<string, AssignmentWithState[]>();
    for (const license of await store.licensing.listUserLicenses(tenantId))
      licenses.set(license.userId, [...(licenses.get(license.userId) ?? []), license]);
    const selected =
      policy.enabled === 'selected' && policy.selectedGroupId
        ? new Set(await store.reports.userIdsInGroup(tenantId, policy.selectedGroupId))
        : new Set<string>();
    let inGroup: Set<string> | undefined;
    if (filter.group !== undefined) {
      const group = await store.groups.findByName(tenantId, filter.group);
      if (!group) throw new SsprError('GROUP_NOT_FOUND', `no group is named "${filter.group}"`);
      inGroup = new Set(await store.reports.userIdsInGroup(tenantId, group.groupId));
    }
    const eligibilities = new Map<string, ReturnType<typeof eligibilityOf>['eligibility']['canResetPassword']>();
    const resetOf = (user: User, selectedUser: boolean) => {
      const userLicenses = licenses.get(user.userId) ?? [];
      const skus = userLicenses.flatMap((l) => (l.state === 'active' ? [l.skuId] : [])).sort();
      const key = `${user.source}|${[...user.roles].sort().join(',')}|${selectedUser}|${skus.join(',')}`;
      let reset = eligibilities.get(key);
      if (!reset) {
        reset = eligibilityOf(user, userLicenses, policy, selectedUser, hasConnection).eligibility.canResetPassword;
        eligibilities.set(key, reset);
      }
      return reset;
    };
    const perRole = new Map<boolean, { required: number; usable: SecurityInfoType[] }>();
    const rulesOf = (user: User, isAdmin: boolean) => {
      let rules = perRole.get(isAdmin);
      if (!rules) {
        rules = {
          required: methodsRequiredOf(policy, user, tenant, hasConnection, now),
          usable: usableKinds(policy, user),
        };
        perRole.set(isAdmin, rules);
      }
      return rules;
    };
    // Per kind of entries (their kinds and statuses in order, the answer count, admin-ness): everything of the row
    // that follows from them, so a user whose entries look like an earlier user's costs one key and one lookup.
    const counted = new Map<
      string,
      { registered: boolean; methodsRegistered: SecurityInfoType[]; defaultMethod: SecurityInfoType | null }
    >();
    let after: string | null = null;
    for (;;) {
      const batch = await store.reports.registrationFacts(tenantId, after, batchSize);
      if (batch.length === 0) return;
      after = upnKey(batch[batch.length - 1]!.user.upn);
      for (const facts of batch) {
        const { user } = facts;
        if (inGroup && !inGroup.has(user.userId)) continue;
        const isAdmin = isAdminUser(user);
        const entries = entryKindsFrom(facts.methods, user, facts.answerCount);
        const kindsKey = `${isAdmin}|${facts.answerCount}|${entries.map((e) => `${e.view.type}:${e.view.status}`).join(',')}`;
        const rules = rulesOf(user, isAdmin);
        let kinds = counted.get(kindsKey);
        if (!kinds) {
          const registeredNow = registeredKinds(entries, policy, user, facts.answerCount);
          kinds = {
            // The registration verdict's count (distinct kinds) against the methods required; the report reads
            // nothing else of the verdict (its reconfirmation dates are the sign-in's concern, not the report's).
            registered: new Set(registeredNow).size >= rules.required,
            methodsRegistered: [
              ...new Set(entries.filter((e) => e.view.status === 'verified').map((e) => e.view.type)),
            ],
            defaultMethod: rules.usable.find((kind) => registeredNow.includes(kind)) ?? null,
          };
          counted.set(kindsKey, kinds);
        }
        const reset = resetOf(user, selected.has(user.userId));
        const registered = kinds.registered;
        const capable = registered && reset.allowed && user.accountEnabled;
        const methodsRegistered = kinds.methodsRegistered;
        if (filter.registered !== undefined && filter.registered !== registered) continue;
        if (filter.capable !== undefined && filter.capable !== capable) continue;
        if (filter.method && !methodsRegistered.includes(filter.method)) continue;
        yield {
          userId: user.userId,
          userPrincipalName: user.upn,
          userDisplayName: user.displayName,
          isAdmin,
          isSsprRegistered: registered,
          isSsprEnabled: reset.allowed,
          isSsprCapable: capable,
          ssprDisabledReason: reset.allowed ? null : reset.reason,
          // A copy: the memoised list is shared by every user of the same kind.
          methodsRegistered: [...methodsRegistered],
          methodsRequired: rules.required,
          defaultMethod: kinds.defaultMethod,
          lastUpdatedDateTime: latest(
            facts.answersUpdatedAt,
            facts.confirmedAt,
            ...facts.methods.flatMap((m) => [m.createdAt, m.verifiedAt, m.updatedAt]),
          ),
        };
      }
    }
  }

  return {
    rows,
    /** One page of rows plus the totals of the whole filtered set (counted while passing over it). */
    async summary(tenantId: string, filter: RegistrationFilter, window: { top: number; skip: number }) {
      const totals = { users: 0, registered: 0, notRegistered: 0, enabled: 0, capable: 0, notCapable: 0, admins: 0 };
      const byMethod = new Map<string, number>(securityInfoTypes.map((t) => [t, 0]));
      const items: RegistrationRow[] = [];
      for await (const row of rows(tenantId, filter)) {
        if (totals.users >= window.skip && items.length < window.top) items.push(row);
        totals.users += 1;
        totals[row.isSsprRegistered ? 'registered' : 'notRegistered'] += 1;
        totals[row.isSsprCapable ? 'capable' : 'notCapable'] += 1;
        if (row.isSsprEnabled) totals.enabled += 1;
        if (row.isAdmin) totals.admins += 1;
        for (const method of row.methodsRegistered) byMethod.set(method, (byMethod.get(method) ?? 0) + 1);
      }
      return {
        totals,
        byMethod: [...byMethod].map(([method, count]) => ({ method, count })),
        top: window.top,
        skip: window.skip,
        value: items,
      };
    },
  };
};

export type RegistrationReport = ReturnType<typeof createRegistrationReport>;

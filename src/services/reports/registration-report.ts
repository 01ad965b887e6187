/**
 * The Registration tab and Graph's `userRegistrationDetails` (reference §8.2): per user whether they
 * registered enough security info for SSPR, whether SSPR is enabled for them (policy scope and
 * licence) and so whether they are capable of a reset. Every rule is the one sign-in and reset use —
 * the registration verdict's counting (security-info views), eligibility (licensing) and the
 * administrator policy's gates — applied to facts read a batch of users at a time.
 *
 * At 100,000 users the totals and the choice of a page's users come from *signatures* (registration-verdicts.ts):
 * the store groups users by every input the verdicts read and the rules run once per group; a page is then the
 * users of the matching signatures, LIMIT/OFFSET in UPN order, and only they are read in full for their rows. The
 * export (`rows`) still walks every user a batch at a time, with the rules memoised per kind of user (the keys hold
 * every input the rule reads, so a reused verdict is the one the rule would give).
 */
import { upnKey } from '../../core/directory/identifiers.js';
import { SsprError } from '../../core/errors.js';
import { isAdminUser, usableKinds } from '../../core/methods/method-rules.js';
import { securityInfoTypes, type SecurityInfoType } from '../../core/methods/records.js';
import { defaultSsprPolicy } from '../../core/policy/sspr-policy.js';
import type { AssignmentWithState } from '../../core/licensing/license-states.js';
import type { RegistrationFacts, RegistrationScope } from '../../core/ports.js';
import { checkKeys, oneOf, optionalText, page, type QueryInput } from '../../core/reports/report-query.js';
import type { ServiceDeps } from '../deps.js';
import { entryKindsFrom, methodsRequiredOf, registeredKinds } from '../security-info/security-info-views.js';
import {
  resetCapabilities,
  signatureVerdict,
  type ResetCapability,
  type RulesContext,
  type SignatureVerdict,
} from './registration-verdicts.js';

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
/** Beyond this many matching signatures a page is found by the walk rather than an `IN` list of keys. */
const maxKeys = 2000;

const latest = (...instants: Array<string | null | undefined>): string | null =>
  instants.reduce<string | null>((max, t) => (t && (max === null || t > max) ? t : max), null);

const matches = (filter: RegistrationFilter, verdict: SignatureVerdict) =>
  (filter.registered === undefined || filter.registered === verdict.registered) &&
  (filter.capable === undefined || filter.capable === verdict.capable) &&
  (filter.method === undefined || verdict.methods.has(filter.method));

export const createRegistrationReport = (deps: Pick<ServiceDeps, 'store' | 'clock'>) => {
  const store = deps.store;

  async function contextOf(tenantId: string): Promise<RulesContext> {
    const tenant = await store.tenants.findById(tenantId);
    if (!tenant) throw new SsprError('TENANT_NOT_FOUND');
    const policy = (await store.ssprPolicies.get(tenantId)) ?? defaultSsprPolicy;
    const hasConnection = (await store.directoryConnections.list(tenantId)).length > 0;
    return { tenant, policy, hasConnection, now: deps.clock.now() };
  }

  async function scopeOf(tenantId: string, context: RulesContext, filter: RegistrationFilter, prefix?: string) {
    const { policy } = context;
    const scope: RegistrationScope = {
      selectedGroupId: policy.enabled === 'selected' && policy.selectedGroupId ? policy.selectedGroupId : null,
      ...(prefix && { prefix }),
    };
    if (filter.group !== undefined) {
      const group = await store.groups.findByName(tenantId, filter.group);
      if (!group) throw new SsprError('GROUP_NOT_FOUND', `no group is named "${filter.group}"`);
      scope.inGroupId = group.groupId;
    }
    return scope;
  }

  /** A user's row from their facts and eligibility; what follows from the kinds of entries alone is memoised. */
  const rowBuilder = (context: RulesContext) => {
    const { policy, tenant, hasConnection, now } = context;
    const perRole = new Map<boolean, { required: number; usable: SecurityInfoType[] }>();
    // Per kind of entries (their kinds and statuses in order, the answer count, admin-ness): everything of the row
    // that follows from them, so a user whose entries look like an earlier user's costs one key and one lookup.
    const counted = new Map<
      string,
      { registered: boolean; methodsRegistered: SecurityInfoType[]; defaultMethod: SecurityInfoType | null }
    >();
    return (facts: RegistrationFacts, reset: ResetCapability): RegistrationRow => {
      const { user } = facts;
      const isAdmin = isAdminUser(user);
      let rules = perRole.get(isAdmin);
      if (!rules) {
        rules = {
          required: methodsRequiredOf(policy, user, tenant, hasConnection, now),
          usable: usableKinds(policy, user),
        };
        perRole.set(isAdmin, rules);
      }
      const entries = entryKindsFrom(facts.methods, user, facts.answerCount);
      const kindsKey = `${isAdmin}|${facts.answerCount}|${entries.map((e) => `${e.view.type}:${e.view.status}`).join(',')}`;
      let kinds = counted.get(kindsKey);
      if (!kinds) {
        const registeredNow = registeredKinds(entries, policy, user, facts.answerCount);
        kinds = {
          // The registration verdict's count (distinct kinds) against the methods required; the report reads
          // nothing else of the verdict (its reconfirmation dates are the sign-in's concern, not the report's).
          registered: new Set(registeredNow).size >= rules.required,
          methodsRegistered: [...new Set(entries.filter((e) => e.view.status === 'verified').map((e) => e.view.type))],
          defaultMethod: rules.usable.find((kind) => registeredNow.includes(kind)) ?? null,
        };
        counted.set(kindsKey, kinds);
      }
      const registered = kinds.registered;
      return {
        userId: user.userId,
        userPrincipalName: user.upn,
        userDisplayName: user.displayName,
        isAdmin,
        isSsprRegistered: registered,
        isSsprEnabled: reset.allowed,
        isSsprCapable: registered && reset.allowed && user.accountEnabled,
        ssprDisabledReason: reset.allowed ? null : reset.reason,
        // A copy: the memoised list is shared by every user of the same kind.
        methodsRegistered: [...kinds.methodsRegistered],
        methodsRequired: rules.required,
        defaultMethod: kinds.defaultMethod,
        lastUpdatedDateTime: latest(
          facts.answersUpdatedAt,
          facts.confirmedAt,
          ...facts.methods.flatMap((m) => [m.createdAt, m.verifiedAt, m.updatedAt]),
        ),
      };
    };
  };

  const rowMatches = (filter: RegistrationFilter, row: RegistrationRow, prefix: string) =>
    (filter.registered === undefined || filter.registered === row.isSsprRegistered) &&
    (filter.capable === undefined || filter.capable === row.isSsprCapable) &&
    (!filter.method || row.methodsRegistered.includes(filter.method)) &&
    (prefix === '' ||
      row.userPrincipalName.toLowerCase().startsWith(prefix) ||
      row.userDisplayName.toLowerCase().startsWith(prefix));

  /** Every user's row in UPN order, filtered, computed a batch at a time (flat memory for any tenant size). */
  async function* rows(
    tenantId: string,
    filter: RegistrationFilter = {},
    prefix = '',
  ): AsyncGenerator<RegistrationRow> {
    const context = await contextOf(tenantId);
    const scope = await scopeOf(tenantId, context, filter);
    const licenses = new Map<string, AssignmentWithState[]>();
    for (const license of await store.licensing.listUserLicenses(tenantId))
      licenses.set(license.userId, [...(licenses.get(license.userId) ?? []), license]);
    const selected = new Set(
      scope.selectedGroupId === null ? [] : await store.reports.userIdsInGroup(tenantId, scope.selectedGroupId),
    );
    const inGroup =
      scope.inGroupId === undefined
        ? undefined
        : new Set(await store.reports.userIdsInGroup(tenantId, scope.inGroupId));
    const resetOf = resetCapabilities(context);
    const rowOf = rowBuilder(context);
    const lowered = prefix.toLowerCase();
    let after: string | null = null;
    for (;;) {
      const batch = await store.reports.registrationFacts(tenantId, after, batchSize);
      if (batch.length === 0) return;
      after = upnKey(batch[batch.length - 1]!.user.upn);
      for (const facts of batch) {
        const { user } = facts;
        if (inGroup && !inGroup.has(user.userId)) continue;
        const row = rowOf(facts, resetOf(user, licenses.get(user.userId) ?? [], selected.has(user.userId)));
        if (rowMatches(filter, row, lowered)) yield row;
      }
    }
  }

  /**
   * The totals of the filtered set, from the signatures, and the keys of the matching ones (null when every
   * signature matches, so a page needs no match at all).
   */
  async function totalsOf(
    tenantId: string,
    context: RulesContext,
    scope: RegistrationScope,
    filter: RegistrationFilter,
  ) {
    const totals = { users: 0, registered: 0, notRegistered: 0, enabled: 0, capable: 0, notCapable: 0, admins: 0 };
    const byMethod = new Map<string, number>(securityInfoTypes.map((t) => [t, 0]));
    const resetOf = resetCapabilities(context);
    const verdicts = new Map<string, SignatureVerdict>();
    const keys: string[] = [];
    let all = true;
    for (const signature of await store.reports.registrationSignatures(tenantId, scope)) {
      const verdict = signatureVerdict(context, signature, resetOf);
      verdicts.set(signature.key, verdict);
      if (!matches(filter, verdict)) {
        all = false;
        continue;
      }
      keys.push(signature.key);
      const n = signature.users;
      totals.users += n;
      totals[verdict.registered ? 'registered' : 'notRegistered'] += n;
      totals[verdict.capable ? 'capable' : 'notCapable'] += n;
      if (verdict.reset.allowed) totals.enabled += n;
      if (verdict.isAdmin) totals.admins += n;
      for (const method of verdict.methods) byMethod.set(method, (byMethod.get(method) ?? 0) + n);
    }
    return { totals, byMethod, keys: all ? null : keys, resetOf };
  }

  /** One page of the filtered rows in UPN order: only the page's users are read in full. */
  async function pageOf(
    tenantId: string,
    filter: RegistrationFilter,
    window: { top: number; skip: number },
    prefix = '',
  ) {
    const context = await contextOf(tenantId);
    const scope = await scopeOf(tenantId, context, filter, prefix);
    const counted = await totalsOf(tenantId, context, scope, filter);
    if (counted.keys !== null && counted.keys.length > maxKeys) {
      // So many kinds of users match that the list of keys would be a statement of its own: walk instead.
      const items: RegistrationRow[] = [];
      let seen = 0;
      for await (const row of rows(tenantId, filter, prefix)) {
        if (seen++ < window.skip) continue;
        items.push(row);
        if (items.length >= window.top) break;
      }
      return { rows: items, counted };
    }
    const onPage = await store.reports.registrationPage(tenantId, scope, counted.keys, window);
    const facts = new Map(
      (
        await store.reports.registrationFactsOf(
          tenantId,
          onPage.map((p) => p.userId),
        )
      ).map((f) => [f.user.userId, f]),
    );
    const rowOf = rowBuilder(context);
    const items = onPage.flatMap(({ userId, signature }) => {
      const found = facts.get(userId);
      return found ? [rowOf(found, signatureVerdict(context, signature, counted.resetOf).reset)] : [];
    });
    return { rows: items, counted };
  }

  return {
    rows,
    /** One page of rows (the users whose UPN or display name starts with `prefix`, when given), in UPN order. */
    async page(tenantId: string, filter: RegistrationFilter, window: { top: number; skip: number }, prefix = '') {
      return (await pageOf(tenantId, filter, window, prefix)).rows;
    },
    /** One page of rows plus the totals of the whole filtered set. */
    async summary(tenantId: string, filter: RegistrationFilter, window: { top: number; skip: number }) {
      const { rows: items, counted } = await pageOf(tenantId, filter, window);
      return {
        totals: counted.totals,
        byMethod: [...counted.byMethod].map(([method, count]) => ({ method, count })),
        top: window.top,
        skip: window.skip,
        value: items,
      };
    },
  };
};

export type RegistrationReport = ReturnType<typeof createRegistrationReport>;

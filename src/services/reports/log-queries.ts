/**
 * The audit log and the sign-in log as the admin API, the console and the CLI read them: a filtered
 * page (top/skip, as Graph), or every filtered row in keyset pages for an export of any size, in
 * constant memory. Usage & insights is read here too, behind the `usageInsights` entitlement.
 */
import { auditActivities } from '../../core/audit/activities.js';
import { SsprError } from '../../core/errors.js';
import { skuCatalogue } from '../../core/licensing/sku-catalogue.js';
import type { AuditEvent } from '../../core/model.js';
import type { AuditCursor, AuditFilter, SignInEvent, SignInFilter } from '../../core/ports.js';
import { checkKeys, optionalText, page, range, result, type QueryInput } from '../../core/reports/report-query.js';
import { foldUsage, usageActivities, type UsageReport } from '../../core/reports/usage.js';
import type { ServiceDeps } from '../deps.js';

/** Entra's activity names, for the filter's choices and its check. */
export const activityNames: readonly string[] = [
  ...new Set(Object.values(auditActivities).map((a): string => a.name)),
].sort();

export const parseAuditQuery = (query: QueryInput) => {
  checkKeys(query, ['since', 'until', 'activity', 'target', 'result', 'top', 'skip']);
  const activity = optionalText(query, 'activity');
  if (activity !== undefined && !activityNames.includes(activity))
    throw new SsprError(
      'VALIDATION_FAILED',
      `activity must be one of Entra's activity names, e.g. "${activityNames[0]}"`,
    );
  const target = optionalText(query, 'target');
  const outcome = result(query);
  const filter: AuditFilter = {
    ...range(query),
    ...(activity && { activity }),
    ...(target && { target }),
    ...(outcome && { result: outcome }),
  };
  return { filter, page: page(query) };
};

export const parseSignInQuery = (query: QueryInput) => {
  checkKeys(query, ['since', 'until', 'user', 'result', 'top', 'skip']);
  const user = optionalText(query, 'user');
  const outcome = result(query);
  const filter: SignInFilter = { ...range(query), ...(user && { user }), ...(outcome && { result: outcome }) };
  return { filter, page: page(query) };
};

/** Rows per keyset page of an export: small enough to keep memory flat, large enough to be quick. */
const exportBatch = 1000;
const dayMs = 86_400_000;

/** The SKUs that grant Usage & insights, for the refusal a tenant without them sees. */
export const usageInsightsSkus = skuCatalogue.filter((s) => s.entitlements.includes('usageInsights')).map((s) => s.id);

export const createLogQueries = (deps: Pick<ServiceDeps, 'store' | 'clock' | 'entitlements'>) => ({
  auditPage: (tenantId: string, filter: AuditFilter, window: { top: number; skip: number }) =>
    deps.store.reports.auditPage(tenantId, filter, window),

  async *auditRows(tenantId: string, filter: AuditFilter): AsyncGenerator<AuditEvent> {
    let cursor: AuditCursor | null = null;
    for (;;) {
      const batch = await deps.store.reports.auditAfter(tenantId, filter, cursor, exportBatch);
      yield* batch;
      if (batch.length < exportBatch) return;
      const last = batch[batch.length - 1]!;
      cursor = { occurredAt: last.occurredAt, eventId: last.eventId };
    }
  },

  signInPage: (tenantId: string, filter: SignInFilter, window: { top: number; skip: number }) =>
    deps.store.signIns.page(tenantId, filter, window),

  async *signInRows(tenantId: string, filter: SignInFilter): AsyncGenerator<SignInEvent> {
    let before: number | null = null;
    for (;;) {
      const batch = await deps.store.signIns.before(tenantId, filter, before, exportBatch);
      yield* batch;
      if (batch.length < exportBatch) return;
      before = batch[batch.length - 1]!.id;
    }
  },

  /** Whether the tenant may see Usage & insights; refuses with the SKUs that would grant it. */
  async requireUsageInsights(tenantId: string): Promise<void> {
    if (!(await deps.entitlements.tenantHas(tenantId, 'usageInsights')))
      throw new SsprError('REPORT_LICENSE_REQUIRED', undefined, {
        entitlement: 'usageInsights',
        requiredSkus: usageInsightsSkus,
      });
  },

  /** The Usage tab over `since`..`until` (default: the last 30 days, as Entra's longest window). */
  async usage(tenantId: string, query: QueryInput): Promise<UsageReport> {
    checkKeys(query, ['since', 'until']);
    const asked = range(query);
    await this.requireUsageInsights(tenantId);
    const until = asked.until ?? deps.clock.now().toISOString();
    const since = asked.since ?? new Date(Date.parse(until) - 30 * dayMs).toISOString();
    if (since >= until) throw new SsprError('REPORT_RANGE_REVERSED', 'since must be before until', { since, until });
    if (Date.parse(until) - Date.parse(since) > 366 * dayMs)
      throw new SsprError('REPORT_PAGE_TOO_LARGE', 'the usage report spans at most 366 days', { maximumDays: 366 });
    const counts = await deps.store.reports.usageCounts(tenantId, { since, until, activities: usageActivities });
    return foldUsage(counts, since, until);
  },
});

export type LogQueries = ReturnType<typeof createLogQueries>;

/**
 * Audit retention by licence (issue 15, item 6; reference §8.1, docs/licensing.md): a tenant keeps 7 days of audit
 * history on Free and the other SKUs without usage insights, 30 days when it holds a subscription to one with them
 * (Business Premium, P1, P2, …). `SSPR_AUDIT_RETENTION_DAYS` replaces the licence's figure for every tenant of
 * the installation (for example to keep a year for an auditor).
 */
import { addSeconds } from '../clock.js';
import { skuCatalogue, type SkuId } from '../licensing/sku-catalogue.js';

const freeRetentionDays = skuCatalogue.find((s) => s.id === 'FREE')!.auditRetentionDays;

/** The days a tenant keeps, from the SKUs it has seats of (subscriptions with no seat grant nothing). */
export const auditRetentionDays = (
  subscriptions: readonly { skuId: SkuId; seats: number }[],
  installationOverride: number | null,
): number => {
  if (installationOverride !== null) return installationOverride;
  return subscriptions
    .filter((s) => s.seats > 0)
    .reduce(
      (days, s) => Math.max(days, skuCatalogue.find((sku) => sku.id === s.skuId)?.auditRetentionDays ?? 0),
      freeRetentionDays,
    );
};

/** Events that occurred before this instant are past retention. */
export const retentionCutoff = (now: Date, days: number): Date => addSeconds(now, -days * 24 * 60 * 60);

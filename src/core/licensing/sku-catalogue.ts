/**
 * The SKU catalogue as data (DESIGN §2.6, reference §7). What each SKU grants follows the seeds'
 * table exactly: password change for everyone; cloud-only reset from Basic / paid Office 365 /
 * Business Standard upward; on-premises writeback only with Business Premium, P1, P2 and the
 * EMS / Microsoft 365 E-plans of the 2018 list — never with standalone Microsoft 365 Basic/Standard.
 */
import type { Entitlement } from './entitlements.js';

export const skuIds = [
  'FREE',
  'AAD_BASIC',
  'O365_E1',
  'O365_E3',
  'M365_BUSINESS_BASIC',
  'M365_BUSINESS_STANDARD',
  'M365_BUSINESS_PREMIUM',
  'AAD_PREMIUM_P1',
  'AAD_PREMIUM_P2',
  'EMS_E3',
  'EMS_E5',
  'M365_E3',
  'M365_E5',
] as const;

export type SkuId = (typeof skuIds)[number];

export interface Sku {
  id: SkuId;
  displayName: string;
  entitlements: readonly Entitlement[];
  /** Days of audit history the licence keeps (7 Free, 30 with P1/P2). */
  auditRetentionDays: number;
  /** ISO countries where the SKU is not sold: users located there get ProhibitedInUsageLocationViolation. */
  notSoldIn: readonly string[];
  /** SKUs a user may not hold at the same time (the later assignment gets MutuallyExclusiveViolation). */
  mutuallyExclusiveWith: readonly SkuId[];
  /** FREE is implicit for every user and cannot be assigned. */
  assignable: boolean;
}

const change = ['passwordChange'] as const;
const reset = [...change, 'cloudPasswordReset'] as const;
const premium = [...reset, 'onPremWriteback', 'customBannedPasswords', 'usageInsights'] as const;
// Countries under comprehensive sanctions, where Microsoft does not sell online services.
const embargoed = ['CU', 'IR', 'KP', 'SY'] as const;

const sku = (id: SkuId, displayName: string, entitlements: readonly Entitlement[], extra: Partial<Sku> = {}): Sku => ({
  id,
  displayName,
  entitlements,
  auditRetentionDays: entitlements.includes('usageInsights') ? 30 : 7,
  notSoldIn: embargoed,
  mutuallyExclusiveWith: [],
  assignable: true,
  ...extra,
});

export const skuCatalogue: readonly Sku[] = [
  sku('FREE', 'Microsoft Entra ID Free', change, { assignable: false, notSoldIn: [] }),
  sku('AAD_BASIC', 'Azure AD Basic', reset),
  sku('O365_E1', 'Office 365 E1', reset, { mutuallyExclusiveWith: ['O365_E3'] }),
  sku('O365_E3', 'Office 365 E3', reset, { mutuallyExclusiveWith: ['O365_E1'] }),
  sku('M365_BUSINESS_BASIC', 'Microsoft 365 Business Basic', reset, {
    mutuallyExclusiveWith: ['M365_BUSINESS_STANDARD', 'M365_BUSINESS_PREMIUM'],
  }),
  sku('M365_BUSINESS_STANDARD', 'Microsoft 365 Business Standard', reset, {
    mutuallyExclusiveWith: ['M365_BUSINESS_BASIC', 'M365_BUSINESS_PREMIUM'],
  }),
  sku('M365_BUSINESS_PREMIUM', 'Microsoft 365 Business Premium', premium, {
    mutuallyExclusiveWith: ['M365_BUSINESS_BASIC', 'M365_BUSINESS_STANDARD'],
  }),
  sku('AAD_PREMIUM_P1', 'Microsoft Entra ID P1', premium),
  sku('AAD_PREMIUM_P2', 'Microsoft Entra ID P2', premium),
  sku('EMS_E3', 'Enterprise Mobility + Security E3', premium),
  sku('EMS_E5', 'Enterprise Mobility + Security E5', premium),
  sku('M365_E3', 'Microsoft 365 E3', premium, { mutuallyExclusiveWith: ['M365_E5'] }),
  sku('M365_E5', 'Microsoft 365 E5', premium, { mutuallyExclusiveWith: ['M365_E3'] }),
];

export const findSku = (input: string): Sku | undefined =>
  skuCatalogue.find((s) => s.id === input.trim().toUpperCase());

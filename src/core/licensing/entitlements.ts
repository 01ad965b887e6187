/** Entitlements: features a licence grants (DESIGN §1). The SKU catalogue that grants them arrives with licensing. */
export const entitlements = [
  'passwordChange',
  'cloudPasswordReset',
  'onPremWriteback',
  'customBannedPasswords',
  'usageInsights',
] as const;

export type Entitlement = (typeof entitlements)[number];

import type { EntitlementCheck } from '../../core/ports.js';

/**
 * Until the licensing catalogue lands, every tenant holds every entitlement. This is the single
 * place licensing replaces; feature gates already ask through the EntitlementCheck port.
 */
export const grantAllEntitlements: EntitlementCheck = { tenantHas: async () => true };

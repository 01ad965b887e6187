/**
 * The daily send caps (against SMS pumping and mail bombing): the one implementation for every code
 * or call sent, by security-info registration and step-up as by a reset gate. A send is counted,
 * within the UTC day, against the destination (per number or address, the tenant's setting), the
 * user, and the whole tenant (its setting), in that order; the first cap passed refuses it and the
 * later counters are left alone.
 */
import type { SecurityInfoSettings } from '../../core/methods/records.js';
import type { StoreRepositories } from '../../core/ports.js';
import type { ServiceDeps } from '../deps.js';

export const defaultSecurityInfoSettings: SecurityInfoSettings = {
  allowedCountries: [],
  dailyCapPerNumber: 10,
  dailyCapPerTenant: 1000,
};

/**
 * Codes sent for one user per UTC day, whatever the destination: without it one account can pump
 * the tenant's whole daily budget to numbers it types in, each staying under its per-number cap;
 * in a reset it bounds what one user ID typed by anyone can make us send to its owner. Two phones
 * and an email with a few resends, step-ups and resets stay well below it.
 */
export const dailySendCapPerUser = 20;

export const settingsOf = async (
  deps: ServiceDeps,
  tenantId: string,
  store: Pick<StoreRepositories, 'securityInfo'> = deps.store,
): Promise<SecurityInfoSettings> => (await store.securityInfo.getSettings(tenantId)) ?? defaultSecurityInfoSettings;

export const createSendCaps = (deps: ServiceDeps) => ({
  /**
   * Counts one send to `to` for the user; false when a cap of the day is passed (SEND_LIMIT_REACHED). `store` is the
   * caller's transaction when the send is queued in it.
   */
  async allow(
    tenantId: string,
    userId: string,
    to: string,
    store: Pick<StoreRepositories, 'securityInfo'> = deps.store,
  ): Promise<boolean> {
    const settings = await settingsOf(deps, tenantId, store);
    const day = deps.clock.now().toISOString().slice(0, 10);
    const key = deps.keyed.digest('send-counter', `${tenantId}:${to.toLowerCase()}`);
    const perNumber = await store.securityInfo.incrementSendCount(tenantId, 'number', key, day);
    if (perNumber > settings.dailyCapPerNumber) return false;
    const perUser = await store.securityInfo.incrementSendCount(tenantId, 'user', userId, day);
    if (perUser > dailySendCapPerUser) return false;
    const perTenant = await store.securityInfo.incrementSendCount(tenantId, 'tenant', '*', day);
    return perTenant <= settings.dailyCapPerTenant;
  },
});

export type SendCaps = ReturnType<typeof createSendCaps>;

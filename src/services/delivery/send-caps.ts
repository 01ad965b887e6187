/**
 * The send caps (against SMS pumping and mail bombing, checklist §11 row 9): the one implementation for every
 * code, call or notice sent, by security-info registration and step-up, a reset gate, the helpdesk or a notice.
 *
 * Within the UTC day a send counts against the destination (per number or address, the tenant's setting), the user
 * and the whole tenant. SMS and voice sends (email never) also count, within the clock hour (UTC), against the
 * number's block (distinct numbers sharing a prefix, `numberPrefix`), the client address that asked for them
 * (across users), and the tenant's hourly SMS/voice budget: passing the budget opens the breaker
 * (`sms-breaker.ts`), which refuses every SMS and voice send of the tenant until an administrator closes it or it
 * cools down. The checks run in that order; the first cap passed refuses the send and later counters are left
 * alone. Every counter is a row of the store, shared by all instances and counted in the caller's transaction.
 * A send the server schedules itself (a password-expiry reminder, `scheduled`) counts per number, per user and
 * against the budget (the breaker stops it, and it can open the breaker), but not against the caps it has no part
 * in: the tenant's daily cap (reminders have their own), the number block and the client address.
 */
import type { SecurityInfoSettings } from '../../core/methods/records.js';
import { numberPrefix } from '../../core/methods/phone.js';
import type { StoreRepositories } from '../../core/ports.js';
import type { ServiceDeps } from '../deps.js';
import { createSmsBreaker } from './sms-breaker.js';

export const defaultSecurityInfoSettings: SecurityInfoSettings = {
  allowedCountries: [],
  dailyCapPerNumber: 10,
  dailyCapPerTenant: 1000,
  // Twenty new numbers of one 10,000-number block in an hour is a walk through a range, not a team registering.
  hourlyCapPerPrefix: 20,
  // An office behind one address registering its phones stays below it; a script cycling accounts does not.
  hourlyCapPerIp: 60,
  hourlyPhoneBudget: 200,
  smsNotices: true,
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

/** One send to count. */
export interface SendRequest {
  tenantId: string;
  /** The user (a decoy's keyed user ID for a decoy). */
  userId: string;
  /** The number or address counted per destination (a decoy's stand-in for a decoy). */
  to: string;
  channel: 'email' | 'sms' | 'voice';
  /**
   * The number whose block counts: `to` by default; in a reset the number the requester typed, so that a real
   * user's challenge and a decoy's count alike. Not a valid number (a stand-in): no block is counted.
   */
  prefixOf?: string;
  /** The client address that asked for the send (the trusted-proxy `request.ip`); null for none (a job). */
  ip?: string | null;
  /**
   * Sent by a job, not asked for by a request (a password-expiry reminder). The tenant's daily cap bounds what
   * requests can make us send in a day, and a job's own daily cap bounds the job: counting one against the other
   * would let a day of reminders refuse every reset code. The block cap stops a walk through typed numbers; a job
   * sends to numbers on file, and a company's phones often share a block.
   */
  scheduled?: boolean;
  /**
   * No tenant stands behind the request (a reset decoy's for a domain no tenant has): it is counted like any other,
   * but passing the hour's phone budget refuses without opening a breaker, which would be a row and an audit event
   * for a tenant that does not exist.
   */
  noTenant?: boolean;
}

export type CapStore = Pick<StoreRepositories, 'securityInfo' | 'audit'>;

export const createSendCaps = (deps: ServiceDeps) => {
  const breaker = createSmsBreaker(deps);
  const counterKey = (purpose: string, tenantId: string, value: string) =>
    deps.keyed.digest(purpose, `${tenantId}:${value.toLowerCase()}`);

  /** Distinct numbers of a block this hour: a number counts once, and only if it was let through. */
  const prefixAllows = async (store: CapStore, request: SendRequest, settings: SecurityInfoSettings, hour: string) => {
    const number = request.prefixOf ?? request.to;
    const prefix = numberPrefix(number);
    if (!prefix) return true;
    const seen = counterKey('send-prefix-number', request.tenantId, number);
    if ((await store.securityInfo.sendCount(request.tenantId, 'prefix-number', seen, hour)) > 0) return true;
    const block = counterKey('send-prefix', request.tenantId, prefix);
    if (
      (await store.securityInfo.incrementSendCount(request.tenantId, 'prefix', block, hour)) >
      settings.hourlyCapPerPrefix
    )
      return false;
    await store.securityInfo.incrementSendCount(request.tenantId, 'prefix-number', seen, hour);
    return true;
  };

  return {
    /**
     * Counts one send; false when a cap is passed or the breaker is open (SEND_LIMIT_REACHED). `store` is the
     * caller's transaction when the send is queued in it.
     */
    async allow(request: SendRequest, store: CapStore = deps.store): Promise<boolean> {
      const { tenantId, userId } = request;
      const phone = request.channel !== 'email';
      const now = deps.clock.now();
      const state = phone ? await breaker.state(tenantId, store) : undefined;
      if (state?.open) return false;
      const settings = await settingsOf(deps, tenantId, store);
      const day = now.toISOString().slice(0, 10);
      const key = counterKey('send-counter', tenantId, request.to);
      const perNumber = await store.securityInfo.incrementSendCount(tenantId, 'number', key, day);
      if (perNumber > settings.dailyCapPerNumber) return false;
      const perUser = await store.securityInfo.incrementSendCount(tenantId, 'user', userId, day);
      if (perUser > dailySendCapPerUser) return false;
      if (!request.scheduled) {
        const perTenant = await store.securityInfo.incrementSendCount(tenantId, 'tenant', '*', day);
        if (perTenant > settings.dailyCapPerTenant) return false;
      }
      if (!state) return true;
      const hour = now.toISOString().slice(0, 13);
      if (!request.scheduled && !(await prefixAllows(store, request, settings, hour))) return false;
      if (request.ip) {
        const ip = counterKey('send-ip', tenantId, request.ip);
        if ((await store.securityInfo.incrementSendCount(tenantId, 'ip', ip, hour)) > settings.hourlyCapPerIp)
          return false;
      }
      return breaker.spend(tenantId, state, settings.hourlyPhoneBudget, store, !request.noTenant);
    },
  };
};

export type SendCaps = ReturnType<typeof createSendCaps>;

/**
 * The SMS budget breaker (checklist §11 row 9): when the tenant's SMS and voice sends of the clock hour pass its
 * `hourlyPhoneBudget`, the breaker opens and every SMS and voice send of the tenant is refused (email goes on) until
 * an administrator closes it or it cools down (`breakerCooldownMinutes` after it opened). It opens by
 * compare-and-set, so of racing instances one writes the audit event, in the transaction of the send that tripped
 * it. The hourly counter is named by the breaker's generation, which moves on at every open and close: a breaker
 * an administrator closes counts afresh instead of tripping again on the sends that opened it.
 */
import type { AuditEvent } from '../../core/model.js';
import type { StoreRepositories } from '../../core/ports.js';
import { recordAudit } from '../audit/audit-recorder.js';
import type { ServiceDeps } from '../deps.js';

/** How long an open breaker refuses SMS and voice sends unless an administrator closes it first. */
export const breakerCooldownMinutes = 60;

type BreakerStore = Pick<StoreRepositories, 'securityInfo' | 'audit'>;

export interface BreakerState {
  open: boolean;
  generation: number;
  /** When it opened last (kept after it cooled down, for the console). */
  openedAt: string | null;
  /** When an open breaker closes by itself. */
  closesAt: string | null;
}

export interface BreakerView extends BreakerState {
  /** SMS and voice sends counted this clock hour, and the budget that opens the breaker. */
  sentThisHour: number;
  hourlyBudget: number;
}

const system: AuditEvent['actor'] = { type: 'system', id: null, upn: null };

export const createSmsBreaker = (deps: Pick<ServiceDeps, 'clock' | 'random' | 'store'>) => {
  const hourOf = () => deps.clock.now().toISOString().slice(0, 13);

  const state = async (tenantId: string, store: BreakerStore = deps.store): Promise<BreakerState> => {
    const stored = await store.securityInfo.getBreaker(tenantId);
    const closesAt = stored.openedAt
      ? new Date(Date.parse(stored.openedAt) + breakerCooldownMinutes * 60_000).toISOString()
      : null;
    const open = closesAt !== null && deps.clock.now().toISOString() < closesAt;
    return { open, generation: stored.generation, openedAt: stored.openedAt, closesAt: open ? closesAt : null };
  };

  return {
    state,

    /**
     * Counts one SMS or voice send against the hour's budget; false (and the breaker opened, when `opens`) when it is
     * passed. `opens` is false only for a tenant that does not exist (SendRequest.noTenant): refused all the same.
     */
    async spend(
      tenantId: string,
      current: BreakerState,
      budget: number,
      store: BreakerStore,
      opens = true,
    ): Promise<boolean> {
      const sent = await store.securityInfo.incrementSendCount(
        tenantId,
        'phone-budget',
        String(current.generation),
        hourOf(),
      );
      if (sent <= budget) return true;
      if (!opens) return false;
      const at = deps.clock.now().toISOString();
      if (await store.securityInfo.setBreaker(tenantId, current.generation, at, at))
        await recordAudit(deps, store, {
          tenantId,
          activity: 'smsBudgetBreakerOpened',
          actor: system,
          details: { hourlyBudget: budget, sentThisHour: sent - 1, closesInMinutes: breakerCooldownMinutes },
        });
      return false;
    },

    /**
     * What the console and the admin API show. Opening moved the generation on, so an open breaker's count of this
     * hour (the sends and the one over the budget that opened it) is under the generation before: reading the new
     * one put "0 of 200" beside "open".
     */
    async view(tenantId: string, hourlyBudget: number): Promise<BreakerView> {
      const current = await state(tenantId);
      const counted = current.open ? current.generation - 1 : current.generation;
      const sentThisHour = await deps.store.securityInfo.sendCount(tenantId, 'phone-budget', String(counted), hourOf());
      return { ...current, sentThisHour, hourlyBudget };
    },

    /** An administrator closes an open breaker (audited); false when it was not open (or another admin closed it). */
    async close(tenantId: string, actor: AuditEvent['actor']): Promise<boolean> {
      return deps.store.transaction(async (store) => {
        const current = await state(tenantId, store);
        if (!current.open) return false;
        const at = deps.clock.now().toISOString();
        if (!(await store.securityInfo.setBreaker(tenantId, current.generation, null, at))) return false;
        await recordAudit(deps, store, {
          tenantId,
          activity: 'smsBudgetBreakerClosed',
          actor,
          details: { openedAt: current.openedAt ?? '' },
        });
        return true;
      });
    },
  };
};

export type SmsBreaker = ReturnType<typeof createSmsBreaker>;

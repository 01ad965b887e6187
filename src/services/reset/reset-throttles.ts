/**
 * Entra's SSPR throttles (core/flows/throttles.ts) applied per user in the store, so every instance
 * counts the same attempts: each attempt is counted under a row lock in its own transaction (a
 * refused request must still count), and the attempt that starts a block is audited with Entra's
 * detail string in that same transaction.
 */
import {
  blockedDetail,
  blockedUntil,
  emptyThrottle,
  recordAttempt,
  type ThrottleKind,
  type ThrottleState,
} from '../../core/flows/throttles.js';
import { failure, success, type Result } from '../../core/result.js';
import type { ServiceDeps } from '../deps.js';
import type { ResetContext } from './password-reset-types.js';
import { auditFlow } from './reset-audit.js';
import type { StoredFlow } from './reset-state.js';

const parse = (state: string | undefined): ThrottleState =>
  state ? (JSON.parse(state) as ThrottleState) : emptyThrottle;

export const createResetThrottles = (deps: ServiceDeps) => {
  const blocked = (retryAt: string) => failure('SSPR_BLOCKED', { retryAt });

  return {
    /** Refuses while a failed-proof block or a block of one of `kinds` runs. */
    async check(stored: StoredFlow, kinds: readonly ThrottleKind[]): Promise<Result<void>> {
      const now = deps.clock.now();
      for (const kind of ['failedProof' as const, ...kinds]) {
        const until = blockedUntil(
          parse(await deps.store.resetFlows.getThrottle(stored.flow.tenantId, stored.userKey, kind)),
          now,
        );
        if (until) return blocked(until);
      }
      return success(undefined);
    },

    /** When the 24-hour block for failed proofs ends, or null: the wizard says so on its first page (issue 14). */
    async blockedUntil(stored: StoredFlow): Promise<string | null> {
      return blockedUntil(
        parse(await deps.store.resetFlows.getThrottle(stored.flow.tenantId, stored.userKey, 'failedProof')),
        deps.clock.now(),
      );
    },

    /** Counts one attempt of `kind`; SSPR_BLOCKED when it is refused or starts a block. */
    async count(stored: StoredFlow, kind: ThrottleKind, ctx: ResetContext): Promise<Result<void>> {
      const now = deps.clock.now();
      const outcome = await deps.store.transaction(async (store) => {
        const state = parse(
          await store.resetFlows.getThrottle(stored.flow.tenantId, stored.userKey, kind, { forUpdate: true }),
        );
        const result = recordAttempt(kind, state, now);
        await store.resetFlows.putThrottle(
          stored.flow.tenantId,
          stored.userKey,
          kind,
          JSON.stringify(result.state),
          now.toISOString(),
        );
        if (result.justBlocked) {
          await auditFlow(deps, store, stored, ctx, {
            activity: 'blockedFromSspr',
            detail: blockedDetail[kind],
            result: 'failure',
            resultReason: 'Blocked',
            extra: { retryAt: result.blockedUntil ?? '' },
          });
        }
        return result;
      });
      // The failure that starts a block is answered with the block, so the user learns when to come back.
      return outcome.allowed && !outcome.justBlocked
        ? success(undefined)
        : blocked(outcome.blockedUntil ?? now.toISOString());
    },
  };
};

export type ResetThrottles = ReturnType<typeof createResetThrottles>;

/**
 * Recovery codes (issue #17 item 3): ten single-use codes made on request from security info, after a
 * step-up as any other change there. Shown once and stored as keyed hashes (120-bit lookup secrets);
 * a new set replaces the old in the same transaction as its audit event. The user's addresses hear of
 * it, as of any added security info.
 */
import { isStepUpFresh, registrableKinds } from '../../core/methods/method-rules.js';
import { recoveryCodeRules, type RecoveryCodeStatus } from '../../core/recovery/recovery-codes.js';
import { digestLookupSecret, newLookupSecret, normaliseLookupSecret } from '../../core/recovery/lookup-secret.js';
import { failure, success, type Result } from '../../core/result.js';
import type { Locale } from '../../i18n/i18n.js';
import { recordAudit } from '../audit/audit-recorder.js';
import { wakeDelivery } from '../delivery/message-queue.js';
import type { ServiceDeps } from '../deps.js';
import type { ActiveSession } from '../identity/session-service.js';
import { createCodeDelivery } from '../security-info/security-info-delivery.js';
import { policyOf } from '../security-info/security-info-views.js';
import { targetOf } from './recovery-admin.js';
import { noticeRecipients } from '../delivery/notice-recipients.js';

export interface RecoveryCodeOverview extends RecoveryCodeStatus {
  /** Whether the tenant's policy (or the administrator policy) lets the user reset with them. */
  offered: boolean;
}

export const createRecoveryCodeService = (deps: ServiceDeps) => {
  const delivery = createCodeDelivery(deps);
  const offeredTo = async (active: ActiveSession) =>
    registrableKinds(await policyOf(deps.store, active.user.tenantId), active.user).includes('recoveryCodes');

  return {
    async status(active: ActiveSession): Promise<RecoveryCodeOverview> {
      const { user } = active;
      const status = await deps.store.recovery.recoveryCodeStatus(user.tenantId, user.userId);
      return { ...status, offered: await offeredTo(active) };
    },

    async generate(
      active: ActiveSession,
      ctx: { locale: Locale; ipAddress: string | null },
    ): Promise<Result<{ codes: string[]; createdAt: string }>> {
      const { user } = active;
      const now = deps.clock.now();
      if (!isStepUpFresh(active.session, now)) return failure('STEP_UP_REQUIRED');
      if (!(await offeredTo(active))) return failure('METHOD_TYPE_NOT_ALLOWED');
      const codes = Array.from({ length: recoveryCodeRules.count }, () => newLookupSecret(deps.random));
      const hashes = codes.map((code) =>
        digestLookupSecret(deps.keyed, 'recovery-code', user, normaliseLookupSecret(code)!),
      );
      // The notice is queued with the change (issue #13 item 2): a set someone else made is a takeover.
      const tenant = await deps.store.tenants.findById(user.tenantId);
      const recipients = await noticeRecipients(deps, user);
      await deps.store.transaction(async (store) => {
        const before = await store.recovery.recoveryCodeStatus(user.tenantId, user.userId);
        await store.recovery.replaceRecoveryCodes(user.tenantId, user.userId, hashes, now.toISOString());
        await recordAudit(deps, store, {
          tenantId: user.tenantId,
          activity: before.createdAt === null ? 'userRegisteredSecurityInfo' : 'userUpdatedSecurityInfo',
          actor: { type: 'user', id: user.userId, upn: user.upn },
          target: targetOf(user),
          ipAddress: ctx.ipAddress,
          details: { method: 'Recovery codes', count: codes.length, revokedUnused: before.remaining },
        });
        if (tenant)
          await delivery.queueAdded(store, tenant, user, recipients, 'recoveryCodes', ctx.locale, {
            ip: ctx.ipAddress,
          });
      });
      wakeDelivery(deps);
      return success({ codes, createdAt: now.toISOString() });
    },
  };
};

export type RecoveryCodeService = ReturnType<typeof createRecoveryCodeService>;

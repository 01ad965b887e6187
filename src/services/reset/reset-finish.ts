/**
 * Finishing a flow (reference §1.1 steps 5–8, §1.3, §3.2): a new password through password
 * protection, or an unlock without one. One transaction ends the flow (compare-and-set: exactly one
 * finish), sets the password, clears the smart lockout, revokes every session, every other open flow
 * and every pending reset code of the user, clears the throttles, and records the audit event; the
 * notifications go out after the commit. No sign-in follows: the user signs in with the new password.
 */
import { isAdminUser } from '../../core/methods/method-rules.js';
import { transition } from '../../core/flows/reset-flow.js';
import { initialLockoutState } from '../../core/lockout/smart-lockout.js';
import type { PasswordViolation } from '../../core/password/evaluate-password.js';
import type { Tenant, User } from '../../core/model.js';
import { adminContactTiers } from '../../core/roles/role-groups.js';
import type { StoreRepositories } from '../../core/ports.js';
import { failure, success, type Result } from '../../core/result.js';
import { translate, type MessageKey } from '../../i18n/i18n.js';
import type { ServiceDeps } from '../deps.js';
import { enqueueBlank, enqueueMessage, wakeDelivery, type OutgoingMessage } from '../delivery/message-queue.js';
import { noticeRecipients } from '../delivery/notice-recipients.js';
import { createSmsNotices } from '../delivery/sms-notices.js';
import {
  isOnPremUser,
  keepsCloudHash,
  type DirectoryWriteback,
  type OpenDirectory,
} from '../directory/directory-writeback.js';
import type { LicensingService } from '../licensing/licensing-service.js';
import type { PasswordProtectionService } from '../password/password-protection-service.js';
import type { Helpdesk, ResetContext } from './password-reset-types.js';
import { auditFlow } from './reset-audit.js';
import { resetCodeSubject } from './reset-gates.js';
import { FlowConflict, saveFlow, wasLocked, type LoadedFlow } from './reset-state.js';
import { createResetWriteback } from './reset-writeback.js';
import type { SignInService } from '../identity/sign-in-service.js';
import { policyOf } from '../security-info/security-info-views.js';

/** Entra's audit reason for banned-list rejections; our own for the rest (as password change does). */
const violationReason = (violations: PasswordViolation[]): string =>
  violations.some((v) => v.code === 'PASSWORD_BANNED' || v.code === 'PASSWORD_CONTAINS_PERSONAL_INFO')
    ? 'FuzzyPolicyViolationInvalidPassword'
    : violations.some((v) => v.code === 'PASSWORD_BREACHED')
      ? 'BreachedPasswordViolation'
      : 'PasswordPolicyViolation';

/** "Contact your administrator" reaches at most this many people of the first tier that has anyone. */
const maxContacts = 100;

const timeOf = (iso: string) => iso.slice(0, 16).replace('T', ' ');

export interface ResetFinishCollaborators {
  licensing: LicensingService;
  writeback: DirectoryWriteback;
  /** The directory lockout guard's bind and count, for the retry after a crash (reset-writeback.ts). */
  signIn: Pick<SignInService, 'verifyAtDirectory' | 'countFailure'>;
}

export const createResetFinish = (
  deps: ServiceDeps,
  protection: PasswordProtectionService,
  { licensing, writeback, signIn }: ResetFinishCollaborators,
) => {
  const writeBack = createResetWriteback(deps, writeback, signIn);
  const smsNotices = createSmsNotices(deps);
  /**
   * For an on-premises user: the tenant's directory when writeback is available to them (entitlement,
   * connection, policy switch), else Entra's reason (SSPR_0010 / SSPR_0012 …), told only at this step.
   */
  const directoryFor = async (
    user: User,
  ): Promise<{ ok: true; directory: OpenDirectory } | { ok: false; reason: string }> => {
    const capability = (await licensing.licensingOf(user)).eligibility.canResetPassword;
    if (!capability.allowed) return { ok: false, reason: capability.reason };
    const directory = await writeback.open(user.tenantId);
    return directory ? { ok: true, directory } : { ok: false, reason: 'SSPR_0010' };
  };

  /** Notices for the delivery queue: written in the transaction of the change they announce, sent by the worker. */
  const mails = (tenantId: string, to: string[], subject: string, text: string): OutgoingMessage[] =>
    to.map((address) => ({ channel: 'email', tenantId, to: address, purpose: 'notice', subject, text }));

  /** Revokes what could continue or repeat the reset: other flows, pending codes, sessions; clears lockout and throttles. */
  const revokeAll = async (store: StoreRepositories, loaded: LoadedFlow, user: User, now: string): Promise<number> => {
    await store.lockouts.put(user.tenantId, user.userId, initialLockoutState, now);
    await store.resetFlows.deleteOthersOfUser(user.tenantId, user.userId, loaded.record.flowHash);
    await store.resetFlows.clearThrottles(user.tenantId, user.userId);
    for (const method of loaded.stored.flow.methods) {
      const code = await store.securityInfo.latestCode(
        user.tenantId,
        resetCodeSubject(user.userId, method.id),
        'reset',
      );
      if (code) await store.securityInfo.consumeCode(user.tenantId, code.codeId, now);
    }
    return store.sessions.deleteAllForUser(user.tenantId, user.userId);
  };

  /** The notices a reset or unlock causes, read before its transaction and queued in it. */
  const noticesOf = async (
    tenant: Tenant,
    user: User,
    kind: 'user' | 'unlock',
    ctx: ResetContext,
    at: string,
  ): Promise<OutgoingMessage[]> => {
    const notices: OutgoingMessage[] = [];
    const policy = await policyOf(deps.store, tenant.tenantId);
    const params = { tenant: tenant.name, name: user.displayName, upn: user.upn, time: timeOf(at) };
    if (policy.notifyUsers) {
      const recipients = await noticeRecipients(deps, user);
      notices.push(
        ...mails(
          tenant.tenantId,
          recipients,
          translate(ctx.locale, `reset.notify.${kind}.subject` as MessageKey, params),
          translate(ctx.locale, `reset.notify.${kind}.body` as MessageKey, params),
        ),
      );
    }
    if (kind === 'user' && policy.notifyAdmins && isAdminUser(user)) {
      const ids = (await deps.store.users.listEnabledRoleHolders(tenant.tenantId, 'GlobalAdministrator'))
        .filter((id) => id !== user.userId)
        .slice(0, maxContacts);
      const admins = (await Promise.all(ids.map((id) => deps.store.users.findById(tenant.tenantId, id)))).flatMap(
        (u) => (u ? [u.upn] : []),
      );
      notices.push(
        ...mails(
          tenant.tenantId,
          admins,
          translate(ctx.locale, 'reset.notify.admins.subject', params),
          translate(ctx.locale, 'reset.notify.admins.body', params),
        ),
      );
    }
    return notices;
  };

  /** The SMS beside the user's email notice (checklist §11 row 16), under the same policy switch; in the transaction. */
  const queueSmsNotice = async (
    store: StoreRepositories,
    tenant: Tenant,
    user: User,
    ctx: ResetContext,
    kind: 'reset' | 'unlock',
  ) => {
    if ((await policyOf(store, tenant.tenantId)).notifyUsers)
      await smsNotices.queue(store, { tenant, user, event: kind, locale: ctx.locale, ip: ctx.ipAddress });
  };

  const queueAll = async (store: StoreRepositories, messages: OutgoingMessage[]) => {
    for (const message of messages) await enqueueMessage(deps, store, message);
  };

  /** Who "contact your administrator" mails: the custom address, else the first admin tier that has anyone. */
  const contactsOf = async (tenant: Tenant, helpdesk: Helpdesk): Promise<string[]> => {
    if (helpdesk.kind === 'email') return [helpdesk.email];
    for (const roles of adminContactTiers) {
      const ids = [
        ...new Set(
          (
            await Promise.all(roles.map((role) => deps.store.users.listEnabledRoleHolders(tenant.tenantId, role)))
          ).flat(),
        ),
      ];
      if (ids.length === 0) continue;
      const users = await Promise.all(
        ids.slice(0, maxContacts).map((id) => deps.store.users.findById(tenant.tenantId, id)),
      );
      return users.flatMap((u) => (u ? [u.upn] : []));
    }
    return [];
  };

  /** The flow's user, still there and enabled; the tenant. */
  const subjectOf = async (loaded: LoadedFlow): Promise<{ user: User; tenant: Tenant } | undefined> => {
    const { flow } = loaded.stored;
    if (!flow.userId) return undefined;
    const user = await deps.store.users.findById(flow.tenantId, flow.userId);
    const tenant = await deps.store.tenants.findById(flow.tenantId);
    return user && tenant && user.accountEnabled ? { user, tenant } : undefined;
  };

  return {
    async setPassword(
      loaded: LoadedFlow,
      input: { newPassword: string; unlock?: boolean },
      ctx: ResetContext,
    ): Promise<Result<{ status: 'passwordReset' }>> {
      const { stored } = loaded;
      if (!stored.flow.intent) return failure('INTENT_REQUIRED');
      const next = transition(stored.flow, { type: 'finished', outcome: 'passwordReset' }, deps.clock.now());
      if (!next.ok) return failure(next.refusal);
      const subject = await subjectOf(loaded);
      if (!subject) return failure('FLOW_INVALID');
      const { user, tenant } = subject;
      const audit = { activity: 'resetPasswordSelfService' as const, detail: 'User submitted a new password' };
      let directory: OpenDirectory | undefined;
      if (isOnPremUser(user)) {
        const found = await directoryFor(user);
        if (!found.ok) {
          await auditFlow(deps, deps.store, stored, ctx, { ...audit, result: 'failure', resultReason: found.reason });
          return failure('SSPR_UNAVAILABLE', { reason: found.reason });
        }
        directory = found.directory;
      }
      const verdict = await protection.evaluate({ tenant, user }, input.newPassword);
      if (!verdict.accepted) {
        await auditFlow(deps, deps.store, stored, ctx, {
          ...audit,
          result: 'failure',
          resultReason: violationReason(verdict.violations),
          extra: { violations: verdict.violations.map((v) => v.code).join(',') },
        });
        return failure('PASSWORD_POLICY_VIOLATION', { violations: verdict.violations });
      }
      // On-premises first (the directory's policy is authoritative), then the cloud; never the cloud alone.
      const writtenMark = deps.keyed.digest('reset-onprem-written', `${stored.flow.flowId}:${input.newPassword}`);
      const alreadyWritten = stored.onPremWritten !== undefined && deps.keyed.equals(stored.onPremWritten, writtenMark);
      let writebackExtra: Record<string, string | boolean> = {};
      let settles: string[] = [];
      let journalHash: string | null = null;
      if (directory && !alreadyWritten) {
        // Behind its write-ahead record (reset-writeback.ts); the transaction below deletes it with the audit event.
        const written = await writeBack(directory, loaded, user, input.newPassword, ctx, audit);
        if (!written.ok) return written.refused;
        ({ extra: writebackExtra, settles, passwordHash: journalHash } = written);
      } else if (directory) writebackExtra = { writeback: 'onPremises', retry: true };
      // A password-hash-sync user's cloud hash is the write-ahead record's hash of this password (the same hasher,
      // parameters and canonical form): one argon2id per reset, not two. Else hashed here, on the priority lane (past
      // every gate of the flow, ahead of a flood's queued verifies).
      const hash = keepsCloudHash(user)
        ? (journalHash ?? (await deps.hasher.hash(input.newPassword, 'priority')))
        : null;
      const now = deps.clock.now().toISOString();
      const notices = await noticesOf(tenant, user, 'user', ctx, now);
      try {
        await deps.store.transaction(async (store) => {
          await saveFlow(store, loaded, { ...stored, flow: next.flow, pending: null });
          // This write's pending writeback, and any a crash left that it completes, end with its audit event.
          for (const operationId of settles) await store.pendingWritebacks.remove(user.tenantId, operationId);
          // The flow ends here: a record it keeps for the recovery (a crashed attempt of another password, or one
          // written before the directory's write) no longer needs the hash of what it attempted.
          if (directory)
            await store.pendingWritebacks.forgetPasswordsOfFlow(user.tenantId, user.userId, stored.flow.flowId);
          if (hash !== null) await store.users.setPassword(user.tenantId, user.userId, hash, now);
          const revokedSessions = await revokeAll(store, loaded, user, now);
          await auditFlow(deps, store, stored, ctx, {
            ...audit,
            detail: 'User successfully reset password',
            extra: { revokedSessions, ...writebackExtra },
          });
          if (input.unlock && wasLocked(stored))
            await auditFlow(deps, store, stored, ctx, {
              activity: 'unlockSelfService',
              detail: 'User successfully unlocked their account',
            });
          await queueAll(store, notices);
          await queueSmsNotice(store, tenant, user, ctx, 'reset');
        });
      } catch (error) {
        if (!directory || error instanceof FlowConflict) throw error;
        // The directory has the new password but we could not record it here: Entra's OnPremisesSuccessCloudFailure.
        // The flow stays open and remembers the write, so the user's retry completes only the cloud part.
        await deps.store
          .transaction(async (store) => {
            await saveFlow(store, loaded, {
              ...stored,
              flow: { ...stored.flow, version: stored.flow.version + 1 },
              onPremWritten: writtenMark,
            });
            // The outcome is known and recorded (the flow remembers the write): no longer pending.
            for (const operationId of settles) await store.pendingWritebacks.remove(user.tenantId, operationId);
            await auditFlow(deps, store, stored, ctx, {
              ...audit,
              result: 'failure',
              resultReason: 'OnPremisesSuccessCloudFailure',
              extra: writebackExtra,
            });
          })
          .catch(() => undefined);
        return failure('ON_PREMISES_SUCCESS_CLOUD_FAILURE');
      }
      wakeDelivery(deps);
      return success({ status: 'passwordReset' });
    },

    async unlock(loaded: LoadedFlow, ctx: ResetContext): Promise<Result<{ status: 'unlocked' }>> {
      const { stored } = loaded;
      if (!stored.flow.intent) return failure('INTENT_REQUIRED');
      const next = transition(stored.flow, { type: 'finished', outcome: 'unlocked' }, deps.clock.now());
      if (!next.ok) return failure(next.refusal);
      const subject = await subjectOf(loaded);
      if (!subject) return failure('FLOW_INVALID');
      // Said only now, to someone who passed the gates; the flow stays open for a new password instead.
      if (!wasLocked(stored)) {
        await auditFlow(deps, deps.store, stored, ctx, {
          activity: 'unlockSelfService',
          detail: 'User submitted an unlock',
          result: 'failure',
          resultReason: 'AccountNotLocked',
        });
        return failure('ACCOUNT_NOT_LOCKED');
      }
      let extra: Record<string, string> = {};
      if (isOnPremUser(subject.user)) {
        const found = await directoryFor(subject.user);
        if (!found.ok) return failure('SSPR_UNAVAILABLE', { reason: found.reason });
        const unlocked = await writeback.unlock(found.directory, subject.user, ctx.locale);
        if (!unlocked.ok) {
          const { failure: why } = unlocked;
          await auditFlow(deps, deps.store, stored, ctx, {
            activity: 'unlockSelfService',
            detail: 'User submitted an unlock',
            result: 'failure',
            resultReason: why?.auditReason ?? unlocked.code,
            extra: { writeback: 'failed', ...(why?.diagnostic && { directoryDiagnostic: why.diagnostic }) },
          });
          return failure(unlocked.code, unlocked.details);
        }
        extra = { writeback: 'onPremises' };
      }
      const now = deps.clock.now().toISOString();
      const notices = await noticesOf(subject.tenant, subject.user, 'unlock', ctx, now);
      await deps.store.transaction(async (store) => {
        await saveFlow(store, loaded, { ...stored, flow: next.flow, pending: null });
        const revokedSessions = await revokeAll(store, loaded, subject.user, now);
        await auditFlow(deps, store, stored, ctx, {
          activity: 'unlockSelfService',
          detail: 'User successfully unlocked their account',
          extra: { revokedSessions, ...extra },
        });
        await queueAll(store, notices);
        await queueSmsNotice(store, subject.tenant, subject.user, ctx, 'unlock');
      });
      wakeDelivery(deps);
      return success({ status: 'unlocked' });
    },

    async cancel(loaded: LoadedFlow, ctx: ResetContext): Promise<Result<void>> {
      const next = transition(loaded.stored.flow, { type: 'cancel' }, deps.clock.now());
      if (!next.ok) return failure(next.refusal);
      await deps.store.transaction(async (store) => {
        await saveFlow(store, loaded, { ...loaded.stored, flow: next.flow, pending: null });
        await auditFlow(deps, store, loaded.stored, ctx, {
          detail: 'User canceled the password reset',
          result: 'failure',
          resultReason: 'Canceled',
        });
      });
      return success(undefined);
    },

    /**
     * "Contact your administrator": the custom link, else a form mail to the custom address or the
     * tenant's admins. Mailed once per flow; a decoy mails nobody (there is no user to help).
     */
    async contactAdmin(loaded: LoadedFlow, ctx: ResetContext): Promise<Result<{ helpdesk: Helpdesk }>> {
      const { stored } = loaded;
      const helpdesk = stored.helpdesk;
      if (helpdesk.kind === 'url' || stored.contacted) return success({ helpdesk });
      const now = deps.clock.now().toISOString();
      const tenant = await deps.store.tenants.findById(stored.flow.tenantId);
      // The recipients are the tenant's, not the user's: read for a decoy too, which writes as many blank rows as a
      // real flow queues mails, in the same transaction, and sends none (issue #13 item 2: the same work).
      const recipients = tenant ? await contactsOf(tenant, helpdesk) : [];
      const params = {
        tenant: tenant?.name ?? '',
        upn: stored.username,
        supportCode: ctx.supportCode,
        time: timeOf(now),
      };
      const messages = tenant
        ? mails(
            tenant.tenantId,
            recipients,
            translate(ctx.locale, 'reset.contact.subject', params),
            translate(ctx.locale, 'reset.contact.body', params),
          )
        : [];
      await deps.store.transaction(async (store) => {
        await saveFlow(store, loaded, {
          ...stored,
          flow: { ...stored.flow, version: stored.flow.version + 1 },
          contacted: true,
        });
        await auditFlow(deps, store, stored, ctx, {
          detail: 'User contacted an admin',
          result: 'failure',
          resultReason: 'ContactedAdmin',
        });
        if (!stored.decoy) await queueAll(store, messages);
        else for (const m of messages) await enqueueBlank(deps, store, m.tenantId, 'email', 'notice');
      });
      wakeDelivery(deps);
      return success({ helpdesk });
    },
  };
};

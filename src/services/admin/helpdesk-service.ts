/**
 * The helpdesk's actions on a user (Entra's user blade, issue #14 item 5): see and clear the lockout, see the
 * registered authentication methods (masked) and delete one, require re-registration. The console, the admin API
 * and the CLI call these; who may act on whom is Entra's table (`reachableUser`: the route's role group, then
 * `canResetPasswordOf`, never one's own account). Each change, its audit events and its notice commit together.
 */
import { checkUpn } from '../../core/directory/identifiers.js';
import { SsprError } from '../../core/errors.js';
import { initialLockoutState, isLocked } from '../../core/lockout/smart-lockout.js';
import type { Tenant, User } from '../../core/model.js';
import type { StoreRepositories } from '../../core/ports.js';
import { inRoleGroup } from '../../core/roles/role-groups.js';
import { translate, type Locale } from '../../i18n/i18n.js';
import { entryOf, prepopulatedKinds, type PrepopulatedKind } from '../../methods/registry.js';
import { recordAudit } from '../audit/audit-recorder.js';
import { enqueueMessage, wakeDelivery } from '../delivery/message-queue.js';
import type { ServiceDeps } from '../deps.js';
import { createAdminResetWriteback, type AdminResetCollaborators } from '../directory/admin-reset-writeback.js';
import { createDirectoryWriteback, isOnPremUser } from '../directory/directory-writeback.js';
import { reachableUser, targetOf } from '../recovery/recovery-admin.js';
import { noticePhones, noticeRecipients } from '../delivery/notice-recipients.js';
import { createSmsNotices } from '../delivery/sms-notices.js';
import { createCodeDelivery } from '../security-info/security-info-delivery.js';
import {
  entriesOf,
  questionsMethodId,
  registrationOf,
  subjectOf,
  type Entry,
  type MethodView,
} from '../security-info/security-info-views.js';
import { orThrow } from '../validation.js';
import type { AdminPrincipal } from './admin-principal.js';

/** Whether the directory has the account locked: only asked for on-premises users with a connection. */
export type OnPremisesLock = 'notApplicable' | 'locked' | 'notLocked' | 'unknown';

export interface LockoutStatus {
  upn: string;
  locked: boolean;
  /** ISO-8601 while locked here, else null. */
  lockedUntil: string | null;
  onPremises: OnPremisesLock;
}

export interface UnlockResult {
  upn: string;
  /** Whether smart lockout had the account locked here. */
  wasLocked: boolean;
  /** `unlocked`: the directory's lock was cleared too; `notAvailable`: an on-premises user without writeback. */
  onPremises: 'notApplicable' | 'unlocked' | 'notAvailable';
}

const isPrepopulated = (type: string): type is PrepopulatedKind =>
  (prepopulatedKinds as readonly string[]).includes(type);

export const createHelpdeskService = (deps: ServiceDeps, onPrem: AdminResetCollaborators) => {
  const adminWriteback = createAdminResetWriteback(onPrem);
  const writeback = createDirectoryWriteback(onPrem.directories);
  const delivery = createCodeDelivery(deps);
  const smsNotices = createSmsNotices(deps);
  const now = () => deps.clock.now().toISOString();

  /** Reading needs a role that may read users; the target is any user of the principal's tenant. */
  const readableUser = async (principal: AdminPrincipal, upnInput: string): Promise<User> => {
    if (!inRoleGroup(principal.roles, 'readUsers')) throw new SsprError('FORBIDDEN');
    const { upn } = orThrow(checkUpn(upnInput));
    const user = await deps.store.users.findByUpn(principal.tenantId, upn);
    if (!user) throw new SsprError('USER_NOT_FOUND', `${upn} does not exist`);
    return user;
  };
  const tenantOf = async (user: User): Promise<Tenant> => {
    const tenant = await deps.store.tenants.findById(user.tenantId);
    if (!tenant) throw new SsprError('TENANT_NOT_FOUND');
    return tenant;
  };

  /** Removes one entry the user holds: their own record or answers, or the field an administrator set. */
  const removeEntry = async (store: StoreRepositories, user: User, entry: Entry): Promise<boolean> => {
    if (entry.view.source === 'synced')
      throw new SsprError(
        'METHOD_TYPE_NOT_ALLOWED',
        'this method comes from the on-premises directory; change it there',
      );
    if (entry.view.source === 'admin') {
      if (!isPrepopulated(entry.view.type)) return false;
      await store.users.update(user.tenantId, user.userId, { [entry.view.type]: null });
    } else if (entry.view.id === questionsMethodId) {
      await store.securityInfo.replaceAnswers(user.tenantId, user.userId, []);
    } else if ((await store.securityInfo.removeMethod(user.tenantId, user.userId, entry.view.id)) === 0) {
      return false;
    }
    // A code already sent to the removed value must not prove anything afterwards.
    await store.securityInfo.voidCodes(user.tenantId, subjectOf(user, entry.view.id), now());
    return true;
  };

  const auditDeleted = (store: StoreRepositories, principal: AdminPrincipal, user: User, view: MethodView) =>
    recordAudit(deps, store, {
      tenantId: user.tenantId,
      activity: 'adminDeletedSecurityInfo',
      actor: principal.actor,
      target: targetOf(user),
      details: { method: view.type, source: view.source },
    });

  return {
    /** Smart lockout here and, for an on-premises user with a connection, the directory's own lock. */
    async lockoutStatus(principal: AdminPrincipal, upn: string): Promise<LockoutStatus> {
      const user = await readableUser(principal, upn);
      const state = await deps.store.lockouts.get(user.tenantId, user.userId);
      const locked = state !== undefined && isLocked(state, deps.clock.now());
      let onPremises: OnPremisesLock = 'notApplicable';
      if (isOnPremUser(user)) {
        // A directory that cannot be asked leaves the state unknown (the console then offers the unlock anyway); the
        // cached health check first, so a user page does not wait on a directory known to be down.
        const healthy = (await writeback.health(user.tenantId).catch(() => undefined))?.ok === true;
        const directory = healthy ? await writeback.open(user.tenantId).catch(() => undefined) : undefined;
        const lockedThere = directory && (await writeback.isLocked(directory, user.upn).catch(() => undefined));
        onPremises = lockedThere === undefined ? 'unknown' : lockedThere ? 'locked' : 'notLocked';
      }
      return { upn: user.upn, locked, lockedUntil: locked ? (state?.lockedUntil ?? null) : null, onPremises };
    },

    /**
     * Clears smart lockout here and, for an on-premises user with writeback, the directory's lock (the path the
     * self-service unlock takes). Idempotent: unlocking an account that is not locked records the act all the same.
     */
    async unlock(principal: AdminPrincipal, upn: string, locale: Locale = 'en'): Promise<UnlockResult> {
      const user = await reachableUser(deps, principal, upn, 'resetPasswords');
      let onPremises: UnlockResult['onPremises'] = 'notApplicable';
      if (isOnPremUser(user)) {
        const directory = await adminWriteback.directoryFor(user).catch((error: unknown) => {
          if (error instanceof SsprError && error.code === 'PASSWORD_NOT_MANAGED_HERE') return undefined;
          throw error;
        });
        onPremises = 'notAvailable';
        if (directory) {
          const unlocked = await writeback.unlock(directory, user, locale);
          if (!unlocked.ok) {
            const why = unlocked.failure;
            await deps.store.transaction((store) =>
              recordAudit(deps, store, {
                tenantId: user.tenantId,
                activity: 'unlockUserByAdmin',
                result: 'failure',
                resultReason: why?.auditReason ?? unlocked.code,
                actor: principal.actor,
                target: targetOf(user),
                details: { writeback: 'failed', ...(why?.diagnostic && { directoryDiagnostic: why.diagnostic }) },
              }),
            );
            if (why) throw new SsprError(why.code, why.details.detail || undefined, why.details);
            throw new SsprError(unlocked.code);
          }
          onPremises = 'unlocked';
        }
      }
      const wasLocked = await deps.store.transaction(async (store) => {
        const state = await store.lockouts.get(user.tenantId, user.userId, { forUpdate: true });
        const locked = state !== undefined && isLocked(state, deps.clock.now());
        // Everything smart lockout remembers goes, as after a reset: the count, the escalation, the directory's failures.
        await store.lockouts.put(user.tenantId, user.userId, initialLockoutState, now());
        await recordAudit(deps, store, {
          tenantId: user.tenantId,
          activity: 'unlockUserByAdmin',
          actor: principal.actor,
          target: targetOf(user),
          details: { wasLocked: locked, onPremises },
        });
        return locked;
      });
      return { upn: user.upn, wasLocked, onPremises };
    },

    /** The user's security info, masked (never values, answers or secrets), and an open re-registration requirement. */
    async methods(principal: AdminPrincipal, upn: string) {
      const user = await readableUser(principal, upn);
      const required = await deps.store.reregistrations.get(user.tenantId, user.userId);
      const methods = (await entriesOf(deps.store, user)).map((e) => e.view);
      const { registeredCount, methodsRequired, needsRegistration } = await registrationOf(deps, deps.store, user);
      return {
        upn: user.upn,
        methods,
        registration: { registeredCount, methodsRequired, needsRegistration },
        reregistrationRequiredAt: required?.requiredAt ?? null,
      };
    },

    /** Entra's "Delete" on one authentication method; the removed address or number is told, as for the user's own. */
    async deleteMethod(principal: AdminPrincipal, upn: string, methodId: string, locale: Locale = 'en') {
      const user = await reachableUser(deps, principal, upn, 'manageAuthenticationMethods');
      const tenant = await tenantOf(user);
      const deleted = await deps.store.transaction(async (store) => {
        await store.securityInfo.lockUser(user.tenantId, user.userId);
        const entry = (await entriesOf(store, user)).find((e) => e.view.id === methodId);
        if (!entry || !(await removeEntry(store, user, entry))) throw new SsprError('METHOD_NOT_FOUND');
        await auditDeleted(store, principal, user, entry.view);
        const rules = entryOf(entry.view.type);
        if (entry.view.status === 'verified' && entry.value && rules?.notifyOnRemoval && rules.sendsTo)
          await delivery.queueRemoved(
            store,
            tenant,
            user,
            { channel: rules.sendsTo, to: entry.value },
            entry.view.type,
            locale,
          );
        return entry.view;
      });
      wakeDelivery(deps);
      return { upn: user.upn, deleted };
    },

    /**
     * Entra's "Require re-register multifactor authentication": what the user registered themselves is removed
     * (each removal audited), what an administrator set stays, and the user is sent to register at the next
     * sign-in until they register something new (`reregistrationPending`). Their addresses hear of it.
     */
    async requireReregistration(principal: AdminPrincipal, upn: string, locale: Locale = 'en') {
      const user = await reachableUser(deps, principal, upn, 'manageAuthenticationMethods');
      const tenant = await tenantOf(user);
      const recipients = await noticeRecipients(deps, user);
      // Read before the removal, as the addresses are: the numbers it removes hear of it too.
      const phones = await noticePhones(deps, user);
      const requiredAt = now();
      const removed = await deps.store.transaction(async (store) => {
        await store.securityInfo.lockUser(user.tenantId, user.userId);
        const own = (await entriesOf(store, user)).filter((e) => e.view.source === 'user');
        for (const entry of own) {
          if (await removeEntry(store, user, entry)) await auditDeleted(store, principal, user, entry.view);
        }
        await store.reregistrations.put(user.tenantId, user.userId, { requiredAt, requiredBy: principal.userId });
        await recordAudit(deps, store, {
          tenantId: user.tenantId,
          activity: 'adminRequiredReregistration',
          actor: principal.actor,
          target: targetOf(user),
          details: { removedMethods: own.map((e) => e.view.type).join(',') },
        });
        const params = { tenant: tenant.name, upn: user.upn, name: user.displayName };
        for (const to of recipients)
          await enqueueMessage(deps, store, {
            channel: 'email',
            tenantId: tenant.tenantId,
            to,
            userId: user.userId,
            purpose: 'notice',
            subject: translate(locale, 'helpdeskActions.reregister.notice.subject', params),
            text: translate(locale, 'helpdeskActions.reregister.notice.text', params),
          });
        await smsNotices.queue(store, { tenant, user, event: 'reregistration', locale, phones });
        return own.map((e) => e.view);
      });
      wakeDelivery(deps);
      return { upn: user.upn, requiredAt, removedMethods: removed };
    },
  };
};

export type HelpdeskService = ReturnType<typeof createHelpdeskService>;

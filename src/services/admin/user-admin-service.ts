import { canAssignRoles, canManageUser, canResetPasswordOf } from '../../core/roles/permissions.js';
import {
  checkCountry,
  checkEmail,
  checkName,
  checkPhone,
  checkUpn,
  type Checked,
} from '../../core/directory/identifiers.js';
import { findRole } from '../../core/roles/catalogue.js';
import { SsprError } from '../../core/errors.js';
import { initialLockoutState } from '../../core/lockout/smart-lockout.js';
import type { User, UserChanges } from '../../core/model.js';
import { drawTemporaryPassword } from '../password/temporary-password-draw.js';
import type { StoreRepositories } from '../../core/ports.js';
import type { AdminPrincipal } from './admin-principal.js';
import { createAdminResetWriteback, type AdminResetCollaborators } from '../directory/admin-reset-writeback.js';
import { createWritebackJournal } from '../directory/writeback-journal.js';
import { recordAudit } from '../audit/audit-recorder.js';
import type { ServiceDeps } from '../deps.js';
import { keepsCloudHash } from '../directory/directory-writeback.js';
import { recomputeLicenses } from '../licensing/licensing-service.js';
import { adminMethodId, subjectOf } from '../security-info/security-info-views.js';
import { prepopulatedKinds } from '../../methods/registry.js';
import type { PasswordProtectionService } from '../password/password-protection-service.js';
import { toUserView, type CreateUserInput, type UserService, type UserView } from '../identity/user-service.js';
import { orThrow } from '../validation.js';
import { createRegistrationReport } from '../reports/registration-report.js';

/** A PATCH as the admin sent it: absent = unchanged, null (or "") clears an optional field. */
export interface UserPatch {
  displayName?: string;
  givenName?: string | null;
  surname?: string | null;
  usageLocation?: string | null;
  accountEnabled?: boolean;
  mobilePhone?: string | null;
  officePhone?: string | null;
  alternateEmail?: string | null;
}

export const userListLimits = { defaultTop: 100, maxTop: 200 } as const;

const clearable = <T>(value: string | null | undefined, check: (v: string) => Checked<T>): T | null | undefined =>
  value === undefined ? undefined : value === null || value.trim() === '' ? null : orThrow(check(value));

/** Validates and normalises a patch before any transaction starts. */
const changesOf = (patch: UserPatch): UserChanges => {
  const changes: UserChanges = {};
  const set = <K extends keyof UserChanges>(key: K, value: UserChanges[K] | undefined) => {
    if (value !== undefined) changes[key] = value;
  };
  if (patch.displayName !== undefined)
    set('displayName', orThrow(checkName(patch.displayName, 'the display name', 256)));
  set(
    'givenName',
    clearable(patch.givenName, (v) => checkName(v, 'the given name', 64)),
  );
  set(
    'surname',
    clearable(patch.surname, (v) => checkName(v, 'the surname', 64)),
  );
  set('usageLocation', clearable(patch.usageLocation, checkCountry));
  set('accountEnabled', patch.accountEnabled);
  set('mobilePhone', clearable(patch.mobilePhone, checkPhone));
  set('officePhone', clearable(patch.officePhone, checkPhone));
  set('alternateEmail', clearable(patch.alternateEmail, checkEmail));
  return changes;
};

export const createUserAdminService = (
  deps: ServiceDeps,
  users: UserService,
  protection: PasswordProtectionService,
  onPrem?: AdminResetCollaborators,
) => {
  const onPremReset = createAdminResetWriteback(onPrem);
  const journal = createWritebackJournal(deps);
  const now = () => deps.clock.now().toISOString();
  const targetOf = (user: User) => ({ type: 'user' as const, id: user.userId, name: user.upn });
  const domainOf = async (tenantId: string) => (await deps.store.tenants.findById(tenantId))?.domains[0] ?? '';

  /** The role named by the input, if the principal may assign and remove roles at all. */
  const roleToChange = (principal: AdminPrincipal, roleInput: string) => {
    if (!canAssignRoles(principal.roles)) throw new SsprError('FORBIDDEN');
    const role = findRole(roleInput);
    if (!role) throw new SsprError('ROLE_UNKNOWN', `"${roleInput}" is not a known role`);
    return role;
  };

  /** A user of the principal's tenant; another tenant's user is simply not found. */
  const userIn = async (store: StoreRepositories, principal: AdminPrincipal, upnInput: string): Promise<User> => {
    const { upn } = orThrow(checkUpn(upnInput));
    const user = await store.users.findByUpn(principal.tenantId, upn);
    if (!user) throw new SsprError('USER_NOT_FOUND', `${upn} does not exist`);
    return user;
  };
  const requireReach = (allowed: boolean) => {
    if (!allowed) throw new SsprError('TARGET_TOO_PRIVILEGED');
  };
  /** Refuses a change that would leave the tenant with no enabled Global Administrator. */
  const keepGlobalAdmin = async (store: StoreRepositories, user: User) => {
    // Serialised per tenant (the tenant row's lock, as custom lists use): two admins removing each
    // other at once would otherwise both count two holders and leave none.
    await store.passwordProtection.lockList(user.tenantId);
    const holders = await store.users.listEnabledRoleHolders(user.tenantId, 'GlobalAdministrator');
    if (holders.length === 1 && holders[0] === user.userId) throw new SsprError('LAST_GLOBAL_ADMIN');
  };

  /** The users the registration report pages for these filters (its rules, as the console list's columns). */
  const registrationReport = createRegistrationReport(deps);
  const registeredPage = async (
    tenantId: string,
    query: { registered?: boolean; capable?: boolean; search: string; top: number; skip: number },
  ): Promise<User[]> => {
    const { search, top, skip, ...filter } = query;
    const rows = await registrationReport.page(tenantId, filter, { top, skip }, search);
    const found = await Promise.all(rows.map((row) => deps.store.users.findById(tenantId, row.userId)));
    return found.filter((user): user is User => user !== undefined);
  };

  return {
    async list(
      principal: AdminPrincipal,
      options: { search?: string; top?: number; skip?: number; registered?: boolean; capable?: boolean },
    ) {
      const top = options.top ?? userListLimits.defaultTop;
      const skip = options.skip ?? 0;
      if (!Number.isInteger(top) || top < 1 || top > userListLimits.maxTop)
        throw new SsprError('VALIDATION_FAILED', `top must be 1 to ${userListLimits.maxTop}`);
      if (!Number.isInteger(skip) || skip < 0) throw new SsprError('VALIDATION_FAILED', 'skip must be 0 or more');
      const search = options.search?.trim();
      const { registered, capable } = options;
      // One extra row tells whether there is a next page without counting the whole tenant.
      const page =
        registered === undefined && capable === undefined
          ? await deps.store.users.search(principal.tenantId, {
              ...(search && { prefix: search }),
              limit: top + 1,
              offset: skip,
            })
          : await registeredPage(principal.tenantId, {
              ...(registered !== undefined && { registered }),
              ...(capable !== undefined && { capable }),
              search: search ?? '',
              top: top + 1,
              skip,
            });
      const domain = await domainOf(principal.tenantId);
      return {
        users: page.slice(0, top).map((user) => toUserView(user, domain)),
        nextSkip: page.length > top ? skip + top : null,
      };
    },

    /** Creates a cloud user in the principal's tenant, security info pre-populated; roles are assigned separately. */
    async create(principal: AdminPrincipal, input: Omit<CreateUserInput, 'roles' | 'source'>): Promise<UserView> {
      return users.createUser({ ...input, roles: [] }, { tenantId: principal.tenantId, actor: principal.actor });
    },

    async update(principal: AdminPrincipal, upn: string, patch: UserPatch): Promise<UserView> {
      const changes = changesOf(patch);
      const updated = await deps.store.transaction(async (store) => {
        const user = await userIn(store, principal, upn);
        requireReach(canManageUser(principal.roles, user.roles));
        if (changes.accountEnabled === false && user.accountEnabled) await keepGlobalAdmin(store, user);
        await store.users.update(user.tenantId, user.userId, changes);
        // Pre-populated data is a usable method: a step-up code sent to the old address or number must not outlive it.
        for (const type of prepopulatedKinds) {
          if (changes[type] !== undefined && changes[type] !== user[type])
            await store.securityInfo.voidCodes(user.tenantId, subjectOf(user, adminMethodId(type)), now());
        }
        // A disabled account signs out everywhere now, not at each session's next request.
        if (changes.accountEnabled === false) await store.sessions.deleteAllForUser(user.tenantId, user.userId);
        if (changes.usageLocation !== undefined && changes.usageLocation !== user.usageLocation)
          await recomputeLicenses(store, user.tenantId);
        // Property names only: phone numbers and addresses stay out of the audit log.
        await recordAudit(deps, store, {
          tenantId: user.tenantId,
          activity: 'updateUser',
          actor: principal.actor,
          target: targetOf(user),
          details: { modifiedProperties: Object.keys(changes).join(',') },
        });
        return (await store.users.findById(user.tenantId, user.userId))!;
      });
      return toUserView(updated, await domainOf(principal.tenantId));
    },

    async remove(principal: AdminPrincipal, upn: string): Promise<void> {
      await deps.store.transaction(async (store) => {
        const user = await userIn(store, principal, upn);
        requireReach(canManageUser(principal.roles, user.roles));
        await keepGlobalAdmin(store, user);
        await store.users.delete(user.tenantId, user.userId);
        await recomputeLicenses(store, user.tenantId);
        await recordAudit(deps, store, {
          tenantId: user.tenantId,
          activity: 'deleteUser',
          actor: principal.actor,
          target: targetOf(user),
        });
      });
    },

    /** Idempotent: assigning a role the user holds changes nothing and records nothing. */
    async assignRole(principal: AdminPrincipal, upn: string, roleInput: string): Promise<UserView> {
      const role = roleToChange(principal, roleInput);
      const user = await deps.store.transaction(async (store) => {
        const found = await userIn(store, principal, upn);
        if (await store.users.addRole(found.tenantId, found.userId, role)) {
          await recordAudit(deps, store, {
            tenantId: found.tenantId,
            activity: 'addMemberToRole',
            actor: principal.actor,
            target: targetOf(found),
            details: { role },
          });
        }
        return (await store.users.findById(found.tenantId, found.userId))!;
      });
      return toUserView(user, await domainOf(principal.tenantId));
    },

    async removeRole(principal: AdminPrincipal, upn: string, roleInput: string): Promise<UserView> {
      const role = roleToChange(principal, roleInput);
      const user = await deps.store.transaction(async (store) => {
        const found = await userIn(store, principal, upn);
        if (role === 'GlobalAdministrator' && found.accountEnabled) await keepGlobalAdmin(store, found);
        if ((await store.users.removeRole(found.tenantId, found.userId, role)) === 0)
          throw new SsprError('ROLE_NOT_ASSIGNED');
        await recordAudit(deps, store, {
          tenantId: found.tenantId,
          activity: 'removeMemberFromRole',
          actor: principal.actor,
          target: targetOf(found),
          details: { role },
        });
        return (await store.users.findById(found.tenantId, found.userId))!;
      });
      return toUserView(user, await domainOf(principal.tenantId));
    },

    /**
     * Admin reset (Entra's "Reset user password"): the password given, or a generated temporary one
     * returned once. Ends the user's sessions and clears smart lockout in the same transaction. As in Entra, the
     * user must change it at the next sign-in (`forceChangePasswordNextSignIn`), unless the admin opts out.
     */
    async resetPassword(
      principal: AdminPrincipal,
      upn: string,
      chosen?: string,
      options: { forceChange?: boolean } = {},
    ): Promise<{
      upn: string;
      temporaryPassword?: string;
      revokedSessions: number;
      forceChangePasswordNextSignIn: boolean;
    }> {
      const forceChange = options.forceChange ?? true;
      const user = await userIn(deps.store, principal, upn);
      const check = (target: User) => {
        if (principal.userId === target.userId) throw new SsprError('OWN_PASSWORD_RESET');
        requireReach(canResetPasswordOf(principal.roles, target.roles));
        if (target.source !== user.source)
          throw new SsprError('SERVICE_BUSY', `${target.upn} changed while being reset; try again`);
      };
      check(user);
      // On-premises users: written back (as Entra does for an admin's reset), or PASSWORD_NOT_MANAGED_HERE.
      const directory = user.source === 'cloud' ? undefined : await onPremReset.directoryFor(user);
      const tenant = await deps.store.tenants.findById(user.tenantId);
      const subject = { tenant: { tenantId: user.tenantId, name: tenant?.name ?? '' }, user };
      let password = chosen;
      if (password !== undefined) {
        const verdict = await protection.evaluate(subject, password);
        if (!verdict.accepted) {
          throw new SsprError(
            'PASSWORD_POLICY_VIOLATION',
            `the password does not meet the policy: ${verdict.violations.map((v) => v.code).join(', ')}`,
            { violations: verdict.violations },
          );
        }
      } else {
        password = await drawTemporaryPassword(deps.random, protection, subject);
      }
      let writeback: Record<string, string | boolean> = {};
      let operationId: string | undefined;
      if (directory) {
        // The write-ahead record first (writeback-journal.ts); the outcome's transaction deletes it with the events.
        ({ operationId } = await journal.begin({ user, kind: 'adminReset', actor: principal.actor }));
        const written = await onPremReset.write(directory, user, password, forceChange);
        if ('failure' in written) {
          const { failure: why } = written;
          const failed = {
            tenantId: user.tenantId,
            result: 'failure' as const,
            resultReason: why.auditReason,
            actor: principal.actor,
            target: targetOf(user),
            details: {
              writeback: 'failed',
              operationId,
              ...(why.diagnostic && { directoryDiagnostic: why.diagnostic }),
            },
          };
          await journal.settleWith(operationId, user.tenantId, async (store) => {
            await recordAudit(deps, store, { ...failed, activity: 'resetUserPassword' });
            await recordAudit(deps, store, { ...failed, activity: 'resetPasswordByAdmin' });
          });
          throw new SsprError(why.code, why.details.detail || undefined, why.details);
        }
        writeback = { writeback: 'onPremises', onPremUnlocked: written.unlocked, operationId };
      }
      // Passthrough and federated users keep no cloud hash: the directory checks their password.
      // A signed-in administrator's request: the hasher's priority lane (crypto-ports.ts HashLane).
      const hash = keepsCloudHash(user) ? await deps.hasher.hash(password, 'priority') : null;
      const revokedSessions = await deps.store
        .transaction(async (store) => {
          // Read again inside the transaction: the user may have gained a role (or gone) since the check.
          const current = await userIn(store, principal, upn);
          check(current);
          if (hash !== null) await store.users.setPassword(current.tenantId, current.userId, hash, now());
          // Enforced here for users who sign in with the cloud hash; the directory enforces it for the rest (AD pwdLastSet=0).
          if (forceChange && hash !== null)
            await store.users.setMustChangePassword(current.tenantId, current.userId, true);
          const revoked = await store.sessions.deleteAllForUser(current.tenantId, current.userId);
          await store.lockouts.put(current.tenantId, current.userId, initialLockoutState, now());
          const reset = {
            tenantId: current.tenantId,
            actor: principal.actor,
            target: targetOf(current),
            details: {
              revokedSessions: revoked,
              generated: chosen === undefined,
              forceChangePasswordNextSignIn: forceChange,
              ...writeback,
            },
          };
          await recordAudit(deps, store, { ...reset, activity: 'resetUserPassword' });
          await recordAudit(deps, store, { ...reset, activity: 'resetPasswordByAdmin' });
          if (operationId) await journal.settle(store, current.tenantId, operationId);
          return revoked;
        })
        .catch(async (error: unknown) => {
          // The directory has the password but the record here failed (a role gained meanwhile, the store): a known
          // outcome, Entra's OnPremisesSuccessCloudFailure, recorded now rather than reported unknown by the recovery.
          if (operationId) {
            const settled = operationId;
            const failed = {
              tenantId: user.tenantId,
              result: 'failure' as const,
              resultReason: 'OnPremisesSuccessCloudFailure',
              actor: principal.actor,
              target: targetOf(user),
              details: { ...writeback },
            };
            await journal
              .settleWith(settled, user.tenantId, async (store) => {
                await recordAudit(deps, store, { ...failed, activity: 'resetUserPassword' });
                await recordAudit(deps, store, { ...failed, activity: 'resetPasswordByAdmin' });
              })
              .catch(() => undefined);
          }
          throw error;
        });
      return {
        upn: user.upn,
        ...(chosen === undefined && { temporaryPassword: password }),
        revokedSessions,
        forceChangePasswordNextSignIn: forceChange,
      };
    },
  };
};

export type UserAdminService = ReturnType<typeof createUserAdminService>;

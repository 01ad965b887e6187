import { checkCountry, checkEmail, checkName, checkPhone, checkUpn } from '../../core/directory/identifiers.js';
import { findRole } from '../../core/roles/catalogue.js';
import { SsprError } from '../../core/errors.js';
import type { AuditEvent, User, UserSource } from '../../core/model.js';
import { cliActor, recordAudit } from '../audit/audit-recorder.js';
import type { ServiceDeps } from '../deps.js';
import type { PasswordProtectionService } from '../password/password-protection-service.js';
import { optional, orThrow } from '../validation.js';

export interface CreateUserInput {
  upn: string;
  password: string;
  givenName?: string;
  surname?: string;
  displayName?: string;
  usageLocation?: string;
  mobilePhone?: string;
  officePhone?: string;
  alternateEmail?: string;
  roles?: string[];
  source?: UserSource;
}

/** A user as shown to admins: everything but the password hash. */
export type UserView = Omit<User, 'passwordHash'> & { tenantDomain: string };

export const toUserView = (user: User, tenantDomain: string): UserView => {
  const { passwordHash: _hidden, ...rest } = user;
  return { ...rest, tenantDomain };
};

export const createUserService = (deps: ServiceDeps, protection: PasswordProtectionService) => {
  /** Finds the tenant by the UPN's domain: a verified domain belongs to exactly one tenant. */
  const tenantOfUpn = async (upnInput: string) => {
    const { upn, domain } = orThrow(checkUpn(upnInput));
    const tenant = await deps.store.tenants.findByDomain(domain);
    if (!tenant) throw new SsprError('UPN_DOMAIN_NOT_VERIFIED', `${domain} is not a verified domain of any tenant`);
    return { tenant, upn };
  };

  /** The user and its tenant, for use cases that need both (password checks). */
  const findUserWithTenant = async (upnInput: string) => {
    const { tenant, upn } = await tenantOfUpn(upnInput);
    const user = await deps.store.users.findByUpn(tenant.tenantId, upn);
    if (!user) throw new SsprError('USER_NOT_FOUND', `${upn} does not exist`);
    return { tenant, user };
  };

  return {
    tenantOfUpn,

    /** With `within.tenantId` (the admin API), a UPN on another tenant's domain is refused as unverified, never revealed. */
    async createUser(
      input: CreateUserInput,
      within: { tenantId?: string; actor?: AuditEvent['actor']; mustChangePassword?: boolean } = {},
    ): Promise<UserView> {
      const { tenant, upn } = await tenantOfUpn(input.upn);
      if (within.tenantId && tenant.tenantId !== within.tenantId) {
        throw new SsprError('UPN_DOMAIN_NOT_VERIFIED', 'the domain is not a verified domain of this tenant');
      }
      const actor = within.actor ?? cliActor;
      const givenName = optional(input.givenName, (v) => checkName(v, 'the given name', 64));
      const surname = optional(input.surname, (v) => checkName(v, 'the surname', 64));
      const displayName = orThrow(
        checkName(
          input.displayName ?? ([givenName, surname].filter(Boolean).join(' ') || upn.split('@')[0] || upn),
          'the display name',
          256,
        ),
      );
      const roles = (input.roles ?? []).map((name) => {
        const role = findRole(name);
        if (!role) throw new SsprError('ROLE_UNKNOWN', `"${name}" is not a known role (e.g. "Global Administrator")`);
        return role;
      });
      const verdict = await protection.evaluate({ tenant, user: { givenName, surname } }, input.password);
      if (!verdict.accepted) {
        throw new SsprError(
          'PASSWORD_POLICY_VIOLATION',
          `the password does not meet the policy: ${verdict.violations.map((v) => v.code).join(', ')}`,
          {
            violations: verdict.violations,
          },
        );
      }
      const user: User = {
        tenantId: tenant.tenantId,
        userId: deps.random.uuid(),
        upn,
        displayName,
        givenName,
        surname,
        usageLocation: optional(input.usageLocation, checkCountry),
        accountEnabled: true,
        source: input.source ?? 'cloud',
        onPremAnchor: null,
        passwordHash: await deps.hasher.hash(input.password),
        passwordLastSetAt: deps.clock.now().toISOString(),
        mobilePhone: optional(input.mobilePhone, checkPhone),
        officePhone: optional(input.officePhone, checkPhone),
        alternateEmail: optional(input.alternateEmail, checkEmail),
        roles: [...new Set(roles)],
        createdAt: deps.clock.now().toISOString(),
      };
      await deps.store.transaction(async (store) => {
        if (await store.users.findByUpn(tenant.tenantId, upn))
          throw new SsprError('USER_EXISTS', `${upn} already exists`);
        await store.users.create(user, user.createdAt);
        // A temporary password made by an administrator's "New user" is changed at the first sign-in, as in Entra.
        if (within.mustChangePassword) await store.users.setMustChangePassword(tenant.tenantId, user.userId, true);
        const target = { type: 'user' as const, id: user.userId, name: upn };
        await recordAudit(deps, store, { tenantId: tenant.tenantId, activity: 'addUser', actor, target });
        for (const role of user.roles) {
          await recordAudit(deps, store, {
            tenantId: tenant.tenantId,
            activity: 'addMemberToRole',
            actor,
            target,
            details: { role },
          });
        }
      });
      return toUserView(
        { ...user, ...(within.mustChangePassword && { mustChangePassword: true }) },
        tenant.domains[0] ?? '',
      );
    },

    findUserWithTenant,

    async showUser(upnInput: string): Promise<UserView> {
      const { tenant, user } = await findUserWithTenant(upnInput);
      return toUserView(user, tenant.domains[0] ?? '');
    },

    async listUsers(tenantId: string, tenantDomain: string): Promise<UserView[]> {
      return (await deps.store.users.list(tenantId)).map((user) => toUserView(user, tenantDomain));
    },
  };
};

export type UserService = ReturnType<typeof createUserService>;

/**
 * Starting a reset flow (reference §1.1 steps 2–3): a single-use proof-of-work CAPTCHA, then the user
 * ID. Unknown, disabled, ineligible and under-registered users get a decoy flow that looks and
 * behaves like a real one (DESIGN §3): the same response, deterministic decoy methods from a keyed
 * hash of the user ID, nothing ever sent, no gate ever passed. Both paths do the same lookups and
 * the same keyed hashing, so timing does not tell them apart either.
 */
import { decoyProfile } from '../../core/flows/decoys.js';
import { planGates, type SecurityInfoEntry, type TenantFacts } from '../../core/flows/gates.js';
import { startFlow } from '../../core/flows/reset-flow.js';
import { isLocked } from '../../core/lockout/smart-lockout.js';
import { findSku } from '../../core/licensing/sku-catalogue.js';
import { adminRoles } from '../../core/roles/catalogue.js';
import type { Tenant, User } from '../../core/model.js';
import { defaultSsprPolicy, type SsprPolicy } from '../../core/policy/sspr-policy.js';
import { failure, success, type Result } from '../../core/result.js';
import type { ServiceDeps } from '../deps.js';
import { isOnPremUser, type DirectoryWriteback } from '../directory/directory-writeback.js';
import type { LicensingService } from '../licensing/licensing-service.js';
import type { Ineligible, ResetContext } from './password-reset-types.js';
import { auditFlow } from './reset-audit.js';
import type { ResetPreflight } from './reset-preflight.js';
import type { DecoyCalibrationSource } from './reset-calibration.js';
import { decoyTenantId, flowHashOf, type StoredFlow } from './reset-state.js';
import { entriesOf, policyOf, questionsMethodId } from '../security-info/security-info-views.js';
import { fallbackGateEntries } from '../recovery/lookup-secrets.js';

/** NFKC, trimmed, lower case: the form user IDs are compared and hashed in. */
export const normaliseUsername = (input: string): string => input.normalize('NFKC').trim().toLowerCase();

const tenantFacts = async (deps: ServiceDeps, tenant: Tenant): Promise<TenantFacts> => ({
  isTrial: tenant.isTrial,
  createdAt: tenant.createdAt,
  domainCount: tenant.domains.length,
  hasDirectoryConnection: (await deps.store.directoryConnections.list(tenant.tenantId)).length > 0,
  isFree: !(await deps.store.licensing.listSubscriptions(tenant.tenantId)).some(
    (s) => s.seats > 0 && findSku(s.skuId)?.id !== 'FREE',
  ),
});

const anonymousFacts: TenantFacts = {
  isTrial: false,
  createdAt: '1970-01-01T00:00:00.000Z',
  domainCount: 1,
  hasDirectoryConnection: false,
  isFree: false,
};

/** The user's usable security info as gate entries: verified methods, pre-populated data, the question set, fallbacks. */
const gateEntries = async (deps: ServiceDeps, user: User): Promise<SecurityInfoEntry[]> => {
  const answers = await deps.store.securityInfo.listAnswers(user.tenantId, user.userId);
  return (await entriesOf(deps.store, user, answers))
    .filter((entry) => entry.view.status === 'verified')
    .map((entry) => ({
      entryId: entry.view.id,
      kind: entry.view.type,
      display: entry.view.display,
      ...(entry.view.id === questionsMethodId && { questionCount: answers.length }),
    }))
    .concat(await fallbackGateEntries(deps, user));
};

/** A decoy under the administrator policy plans its gates as a holder of an affected role does. */
const decoyAdminRoles = adminRoles.filter((role) => role.affected).map((role) => role.id);

interface Verdict {
  real: boolean;
  ineligible: Ineligible | null;
  reason: string;
}

export const createResetStart = (
  deps: ServiceDeps,
  licensing: LicensingService,
  writeback: DirectoryWriteback,
  preflight: ResetPreflight,
  calibration: DecoyCalibrationSource,
) => {
  /** Why this user ID gets a decoy (or not): Entra's order, reference §1.1 step 3. */
  const judge = async (
    user: User | undefined,
    tenantId: string,
    policy: SsprPolicy,
    facts: TenantFacts,
  ): Promise<Verdict & { entries: SecurityInfoEntry[] }> => {
    if (!user) {
      // The same round trips a real user costs (licences, methods, answers, lockout), so timing does not tell.
      await shadowLookups(tenantId);
      return { real: false, ineligible: null, reason: 'UserNotFound', entries: [] };
    }
    if (!user.accountEnabled) {
      await shadowLookups(tenantId);
      return { real: false, ineligible: null, reason: 'UserDisabled', entries: [] };
    }
    const capability = (await licensing.licensingOf(user)).eligibility.canResetPassword;
    const entries = await gateEntries(deps, user);
    // SSPR_0010 (password managed on-premises) is told only at the password step, to a user who proved who they are.
    if (!capability.allowed && capability.reason !== 'SSPR_0010')
      return { real: false, ineligible: capability.reason, reason: capability.reason, entries };
    if (planGates(user, policy, facts, entries, deps.clock.now()).insufficient)
      return { real: false, ineligible: 'SSPR_0014', reason: 'SSPR_0014', entries };
    return {
      real: true,
      ineligible: capability.allowed ? null : capability.reason,
      reason: 'UserSubmittedId',
      entries,
    };
  };

  /** The reads `judge` makes for a real user (licensingOf, gateEntries), one for one (checklist §11 row 2). */
  const shadowLookups = async (tenantId: string) => {
    const nobody = deps.random.uuid();
    await deps.store.licensing.listUserLicenses(tenantId, nobody);
    await deps.store.ssprPolicies.get(tenantId);
    await deps.store.securityInfo.listAnswers(tenantId, nobody);
    await deps.store.securityInfo.listMethods(tenantId, nobody);
    // The fallback gates' reads (gateEntries → fallbackGateEntries): recovery codes left, a live pass.
    await deps.store.recovery.recoveryCodeStatus(tenantId, nobody);
    await deps.store.recovery.findPass(tenantId, nobody);
  };

  return async (
    input: { username: string; captcha: string },
    ctx: ResetContext,
  ): Promise<Result<{ flowId: string }>> => {
    const now = deps.clock.now();
    const solved = await deps.captcha.verify(input.captcha);
    if (
      !solved.ok ||
      !(await deps.store.resetFlows.claimCaptcha(solved.challengeId, solved.expiresAt, now.toISOString()))
    )
      return failure('CAPTCHA_INVALID');
    await deps.store.resetFlows.deleteExpired(now.toISOString());

    const username = normaliseUsername(input.username);
    const domain = username.includes('@') ? username.slice(username.lastIndexOf('@') + 1) : '';
    const tenant = domain ? await deps.store.tenants.findByDomain(domain) : undefined;
    const user = tenant ? await deps.store.users.findByUpn(tenant.tenantId, username) : undefined;
    const policy = tenant ? await policyOf(deps.store, tenant.tenantId) : defaultSsprPolicy;
    const facts = tenant ? await tenantFacts(deps, tenant) : anonymousFacts;
    const verdict = await judge(user, tenant?.tenantId ?? decoyTenantId, policy, facts);
    // Computed on every path, real or not, so both do the same keyed-hash work.
    const decoyKey = deps.keyed.digest('reset-decoy', `${tenant?.tenantId ?? decoyTenantId}:${username}`);
    // Calibrated on the tenant's users (cached per tenant, the same for every start), so a decoy is as likely as a
    // real user to follow the administrator policy, hold an authenticator app or use the tenant's mail domain.
    const decoy = decoyProfile(decoyKey, policy, tenant?.country ?? 'US', await calibration(tenant?.tenantId));
    const decoyPlan = planGates({ roles: decoy.admin ? decoyAdminRoles : [] }, policy, facts, decoy.entries, now);
    const realPlan = user && verdict.real ? planGates(user, policy, facts, verdict.entries, now) : undefined;
    const plan = realPlan ?? decoyPlan;

    // Whether the account is locked is kept for after the gates; the unlock path itself is offered to every user ID
    // when the policy allows it, so that offer tells nobody which accounts are locked or exist (checklist §11 row 1).
    // The lockout row is read for every user ID (a made-up one's finds none), so the read itself tells no one apart.
    const lockout = await deps.store.lockouts.get(
      tenant?.tenantId ?? decoyTenantId,
      user?.userId ?? deps.random.uuid(),
    );
    let locked = false;
    if (user && realPlan && user.source === 'cloud' && policy.unlockWithoutReset)
      locked = lockout !== undefined && isLocked(lockout, now);
    if (tenant && facts.hasDirectoryConnection && policy.unlockWithoutReset) {
      // On-premises lockout is the directory's: offered only when the directory says the account is locked.
      // Every other user ID of the tenant costs the directory the same round trips, so timing tells no one apart.
      // A directory that failed its (cached) health check is not asked at all — for anyone, so that tells nothing
      // either — and a wrong service password is not tried once per start (it would lock the service account).
      const healthy = (await writeback.health(tenant.tenantId))?.ok === true;
      const directory = healthy ? await writeback.open(tenant.tenantId) : undefined;
      const lockedThere = directory ? await writeback.isLocked(directory, username) : false;
      locked ||=
        lockedThere &&
        user !== undefined &&
        realPlan !== undefined &&
        isOnPremUser(user) &&
        verdict.ineligible === null;
    }

    const flowId = deps.random.token(32);
    const flow = startFlow(
      {
        tenantId: tenant?.tenantId ?? decoyTenantId,
        flowId: deps.random.uuid(),
        userId: realPlan && user ? user.userId : null,
        canUnlock: policy.unlockWithoutReset,
        gatesRequired: plan.gatesRequired,
        strongRequired: plan.strongRequired,
        methods: plan.methods,
      },
      now,
    );
    const stored: StoredFlow = {
      flow,
      username,
      userKey: realPlan && user ? user.userId : `decoy:${decoyKey}`,
      decoy: !realPlan,
      ...(!realPlan && { decoyReason: verdict.reason }),
      ineligible: verdict.ineligible,
      reveal: policy.revealEligibility,
      tenantName: tenant?.name ?? null,
      helpdesk: policy.helpdesk ?? { kind: 'notifyAdmins' },
      pending: null,
      contacted: false,
      locked,
    };
    // A tenant that reveals eligibility tells an on-premises user at once that the directory is down (SSPR_0030/0029).
    if (policy.revealEligibility && user && realPlan && verdict.ineligible === null) {
      const ready = await preflight(user, stored, ctx);
      if (!ready.ok) return ready;
    }
    await deps.store.transaction(async (store) => {
      await store.resetFlows.create({
        tenantId: flow.tenantId,
        flowHash: flowHashOf(deps, flowId),
        userId: flow.userId,
        state: JSON.stringify(stored),
        version: flow.version,
        createdAt: flow.createdAt,
        expiresAt: flow.expiresAt,
      });
      await auditFlow(deps, store, stored, ctx, { detail: 'User submitted their user ID' });
    });
    return success({ flowId });
  };
};

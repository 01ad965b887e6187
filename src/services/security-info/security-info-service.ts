/**
 * Security info (DESIGN §1 "Method"): the user's registered authentication methods, their
 * registration and verification, step-up for changes, and the registration interrupt.
 * The public contract here is shared with the /account pages.
 */
import { isLocked } from '../../core/lockout/smart-lockout.js';
import { isAdminUser, isStepUpFresh, registrableKinds } from '../../core/methods/method-rules.js';
import { predefinedQuestionIds } from '../../core/methods/question-catalogue.js';
import { newPendingCode, readNumericCode } from '../../core/methods/verification-code.js';
import type { SecurityInfoType } from '../../core/methods/records.js';
import type { Tenant, User } from '../../core/model.js';
import type { StoreRepositories } from '../../core/ports.js';
import { failure, success, type Result } from '../../core/result.js';
import { translate, type Locale, type MessageKey } from '../../i18n/i18n.js';
import { recordAudit } from '../audit/audit-recorder.js';
import type { ServiceDeps } from '../deps.js';
import { wakeDelivery } from '../delivery/message-queue.js';
import { noticeRecipients } from '../delivery/notice-recipients.js';
import { entryOf } from '../../methods/registry.js';
import { createMethodAdder, type AddedMethod, type NewMethod } from './security-info-add.js';
import { createCodeDelivery, settingsOf } from './security-info-delivery.js';
import { allowedRegionsOf } from '../../core/methods/phone.js';
import { createVerifier } from './security-info-verify.js';
import {
  entriesOf,
  registeredKinds,
  policyOf,
  questionsMethodId,
  registrationOf,
  subjectOf,
  viewOf,
  type Entry,
  type MethodView,
  type RegistrationStatus,
} from './security-info-views.js';
import type { ActiveSession } from '../identity/session-service.js';
import type { SignInService } from '../identity/sign-in-service.js';

export type MethodType = SecurityInfoType;
export type { AddedMethod, MethodView, NewMethod, RegistrationStatus };

export interface SecurityQuestion {
  id: string;
  text: string;
  custom: boolean;
}

export interface SecurityInfoContext {
  ipAddress: string | null;
  locale: Locale;
}

export interface MethodList {
  methods: MethodView[];
  registration: RegistrationStatus;
  allowedTypes: MethodType[];
  /** The kinds that count toward registration now (verified, allowed, enough answers): the page marks them. */
  countedKinds: SecurityInfoType[];
}

export const createSecurityInfoService = (deps: ServiceDeps, signIn: SignInService) => {
  const delivery = createCodeDelivery(deps);
  const add = createMethodAdder(deps, delivery);
  const verify = createVerifier(deps);
  const actorOf = (user: User) => ({ type: 'user' as const, id: user.userId, upn: user.upn });
  const targetOf = (user: User) => ({ type: 'user' as const, id: user.userId, name: user.upn });
  const tenantOf = async (tenantId: string) => {
    const tenant = await deps.store.tenants.findById(tenantId);
    if (!tenant) throw new Error(`tenant ${tenantId} vanished`);
    return tenant;
  };
  const findEntry = async (user: User, methodId: string): Promise<Entry | undefined> =>
    (await entriesOf(deps.store, user)).find((e) => e.view.id === methodId);

  /** Audit of a newly saved entry, and of the registration it completes (each piece is its own event, as in Entra). */
  const recordSaved = async (
    store: StoreRepositories,
    user: User,
    ctx: SecurityInfoContext,
    type: MethodType,
    before: RegistrationStatus,
    changed: boolean,
  ) => {
    const base = {
      tenantId: user.tenantId,
      actor: actorOf(user),
      target: targetOf(user),
      ipAddress: ctx.ipAddress,
      details: { method: type },
    };
    await recordAudit(deps, store, {
      ...base,
      activity: changed ? 'userUpdatedSecurityInfo' : 'userRegisteredSecurityInfo',
    });
    await recordAudit(deps, store, { ...base, activity: 'securityInfoSaved' });
    await store.securityInfo.setConfirmedAt(user.tenantId, user.userId, deps.clock.now().toISOString());
    const after = await registrationOf(deps, store, user);
    if (before.registeredCount < before.methodsRequired && after.registeredCount >= after.methodsRequired) {
      const details = { methodsRegistered: after.registeredCount, methodsRequired: after.methodsRequired };
      await recordAudit(deps, store, { ...base, activity: 'userRegisteredForSspr', details });
      await recordAudit(deps, store, { ...base, activity: 'userRegisteredAllRequiredSecurityInfo', details });
    }
  };

  const stepUpFresh = (active: ActiveSession): boolean => isStepUpFresh(active.session, deps.clock.now());

  /**
   * After a saved (never a pending) entry: the primary address (the UPN, as Entra's reset notices) and every other
   * address on file hear of it — not the address just added, which proved itself, nor one it replaced, which is
   * told "no longer used" instead.
   */
  const queueAdded = async (
    store: StoreRepositories,
    tenant: Tenant,
    user: User,
    kind: MethodType,
    ctx: SecurityInfoContext,
    skip: Array<string | null>,
  ) => {
    const skipped = new Set(skip.flatMap((v) => (v ? [v.toLowerCase()] : [])));
    const recipients = (await noticeRecipients({ store }, user)).filter((to) => !skipped.has(to));
    await delivery.queueAdded(store, tenant, user, recipients, kind, ctx.locale, { skip, ip: ctx.ipAddress });
  };

  return {
    async listMethods(active: ActiveSession): Promise<MethodList> {
      const { user } = active;
      const policy = await policyOf(deps.store, user.tenantId);
      const answers = await deps.store.securityInfo.listAnswers(user.tenantId, user.userId);
      const entries = await entriesOf(deps.store, user, answers);
      return {
        methods: entries.map((e) => e.view),
        registration: await registrationOf(deps, deps.store, user),
        allowedTypes: registrableKinds(policy, user),
        countedKinds: registeredKinds(entries, policy, user, answers.length),
      };
    },

    /** Email and phone: a pending entry and a code sent; authenticator: a pending entry, secret and URI returned once; questions: saved at once. */
    async addMethod(active: ActiveSession, input: NewMethod, ctx: SecurityInfoContext): Promise<Result<AddedMethod>> {
      const { user } = active;
      // A kind administrators may never use (security questions) gets its own refusal.
      if (entryOf(input.type)?.forAdmins === false && isAdminUser(user)) return failure('QUESTIONS_NOT_FOR_ADMINS');
      const policy = await policyOf(deps.store, user.tenantId);
      if (!registrableKinds(policy, user).includes(input.type)) return failure('METHOD_TYPE_NOT_ALLOWED');
      if (!stepUpFresh(active)) return failure('STEP_UP_REQUIRED');
      const before = await registrationOf(deps, deps.store, user);
      const tenant = await tenantOf(user.tenantId);
      const added = await add(
        {
          user,
          tenant,
          locale: ctx.locale,
          ipAddress: ctx.ipAddress,
          // Saved at once (a set of answers): announced with the change; a pending entry when its code verifies it.
          onRegistered: async (store, kind) => {
            await recordSaved(store, user, ctx, kind, before, false);
            await queueAdded(store, tenant, user, input.type, ctx, []);
          },
        },
        input,
      );
      wakeDelivery(deps);
      return added;
    },

    /** A code for a pending entry verifies it; a code for a verified entry steps the session up. */
    async verifyMethod(
      active: ActiveSession,
      methodId: string,
      code: string,
      ctx: SecurityInfoContext,
    ): Promise<Result<{ method: MethodView }>> {
      const { user } = active;
      const entry = await findEntry(user, methodId);
      if (!entry) return failure('METHOD_NOT_FOUND');
      // Only kinds proven by a typed code (a set of answers or admin-set data is not).
      const rules = entryOf(entry.view.type);
      if (!rules?.verifiedBy) return failure('METHOD_TYPE_NOT_ALLOWED');
      // Not an attempt, as in the reset wizard: an empty code or one with letters is refused before it is counted.
      const typed = readNumericCode(code);
      if (!typed.ok) return failure('VALIDATION_FAILED', { field: 'code', reason: typed.reason });
      const before = await registrationOf(deps, deps.store, user);
      const tenant = await tenantOf(user.tenantId);
      const replaced: Entry[] = [];
      const result = await verify(active, entry, typed.code, rules.verifiedBy, {
        onRegistered: async (store) => {
          // A verified new entry of a kind that `replacesExisting` (the alternate email) is a change: the old one goes, and hears of it.
          if (rules.replacesExisting) {
            for (const old of await store.securityInfo.listMethods(user.tenantId, user.userId)) {
              if (old.type !== entry.view.type || old.methodId === entry.view.id || old.status !== 'verified') continue;
              await store.securityInfo.removeMethod(user.tenantId, user.userId, old.methodId);
              replaced.push({ view: viewOf(old), value: old.value, record: old });
            }
          }
          await recordSaved(store, user, ctx, entry.view.type, before, replaced.length > 0);
          // Queued with the change. A step-up code proves an entry already saved: only a registration is news.
          for (const old of replaced)
            if (old.value && rules.sendsTo)
              await delivery.queueRemoved(
                store,
                tenant,
                user,
                { channel: rules.sendsTo, to: old.value },
                old.view.type,
                ctx.locale,
              );
          await queueAdded(store, tenant, user, entry.view.type, ctx, [
            entry.value,
            ...replaced.map((old) => old.value),
          ]);
        },
      });
      if (!result.ok) return result;
      wakeDelivery(deps);
      const fresh = await findEntry(user, methodId);
      return success({ method: fresh?.view ?? entry.view });
    },

    /** A new code for a pending entry, or a step-up code to a verified email or mobile phone (only ever to the stored value). */
    async resendCode(
      active: ActiveSession,
      methodId: string,
      ctx: SecurityInfoContext,
    ): Promise<Result<{ method: MethodView }>> {
      const { user } = active;
      const entry = await findEntry(user, methodId);
      if (!entry) return failure('METHOD_NOT_FOUND');
      // Only to a value on file that a channel reaches (an address, a number); never an app or a set.
      const channel = entryOf(entry.view.type)?.sendsTo;
      if (!channel || !entry.value) return failure('METHOD_TYPE_NOT_ALLOWED');
      const purpose = entry.view.status === 'pending' ? ('register' as const) : ('step-up' as const);
      const { record, code } = newPendingCode(
        deps,
        { tenantId: user.tenantId, userId: user.userId, subjectId: subjectOf(user, methodId), purpose },
        deps.clock.now(),
      );
      const sent = {
        tenant: await tenantOf(user.tenantId),
        user,
        code,
        purpose,
        locale: ctx.locale,
        ipAddress: ctx.ipAddress,
        destination: { channel, to: entry.value },
      };
      // The code, the cap's count and the message commit together; a cap reached leaves the code unsent, as before.
      const allowed = await deps.store.transaction(async (store) => {
        await store.securityInfo.addCode(record);
        if (!(await delivery.allow(store, sent))) return false;
        await delivery.queueCode(store, { ...sent, expiresAt: record.expiresAt });
        return true;
      });
      if (!allowed) return failure('SEND_LIMIT_REACHED');
      wakeDelivery(deps);
      return success({ method: entry.view });
    },

    async removeMethod(active: ActiveSession, methodId: string, ctx: SecurityInfoContext): Promise<Result<void>> {
      const { user } = active;
      if (!stepUpFresh(active)) return failure('STEP_UP_REQUIRED');
      const entry = await findEntry(user, methodId);
      if (!entry) return failure('METHOD_NOT_FOUND');
      // Pre-populated data belongs to the directory: an admin (or the sync) changes it.
      if (entry.view.source !== 'user') return failure('METHOD_TYPE_NOT_ALLOWED');
      const tenant = await tenantOf(user.tenantId);
      const rules = entryOf(entry.view.type);
      const removed = await deps.store.transaction(async (store) => {
        await store.securityInfo.lockUser(user.tenantId, user.userId);
        if (entry.view.id === questionsMethodId)
          await store.securityInfo.replaceAnswers(user.tenantId, user.userId, []);
        else if ((await store.securityInfo.removeMethod(user.tenantId, user.userId, entry.view.id)) === 0) return false;
        await recordAudit(deps, store, {
          tenantId: user.tenantId,
          activity: 'userDeletedSecurityInfo',
          actor: actorOf(user),
          target: targetOf(user),
          ipAddress: ctx.ipAddress,
          details: { method: entry.view.type },
        });
        // A verified value that no longer guards the account is told so (queued with the removal), where the kind
        // says it should be.
        if (entry.view.status === 'verified' && entry.value && rules?.notifyOnRemoval && rules.sendsTo) {
          const destination = { channel: rules.sendsTo, to: entry.value };
          await delivery.queueRemoved(store, tenant, user, destination, entry.view.type, ctx.locale);
        }
        return true;
      });
      if (!removed) return failure('METHOD_NOT_FOUND');
      wakeDelivery(deps);
      return success(undefined);
    },

    /**
     * Re-entering the password steps the session up for 10 minutes; a wrong one counts towards smart lockout.
     * A directory that cannot be asked is DIRECTORY_UNREACHABLE / DIRECTORY_MISCONFIGURED, never a wrong password.
     */
    async stepUp(active: ActiveSession, password: string, ctx: SecurityInfoContext): Promise<Result<void>> {
      const { user, session } = active;
      const lockout = await deps.store.lockouts.get(user.tenantId, user.userId);
      // Locked: the password is not checked at all, so guessing here cannot lock the on-premises account either.
      if (lockout && isLocked(lockout, deps.clock.now())) return failure('ACCOUNT_LOCKED');
      // The check sign-in makes: the directory for passthrough/federated users (their cloud hash may be missing or stale).
      const checked = await signIn.checkPassword(user, password);
      if (!checked.ok)
        return failure(checked.code === 'DIRECTORY_NOT_CONNECTED' ? 'PASSWORD_NOT_MANAGED_HERE' : checked.code);
      if (!checked.value) {
        await deps.store.transaction((store) => signIn.countFailure(store, user, password, ctx.ipAddress));
        return failure('INVALID_CURRENT_PASSWORD');
      }
      const now = deps.clock.now().toISOString();
      await deps.store.securityInfo.setSteppedUp(user.tenantId, session.sessionHash, now);
      session.steppedUpAt = now;
      return success(undefined);
    },

    /** A sign-in or step-up within the last 10 minutes. */
    stepUpFresh,

    /** "Looks good" on the reconfirmation interrupt. */
    async confirmSecurityInfo(active: ActiveSession, ctx: SecurityInfoContext): Promise<void> {
      const { user } = active;
      await deps.store.transaction(async (store) => {
        await store.securityInfo.setConfirmedAt(user.tenantId, user.userId, deps.clock.now().toISOString());
        await recordAudit(deps, store, {
          tenantId: user.tenantId,
          activity: 'userReviewedSecurityInfo',
          actor: actorOf(user),
          target: targetOf(user),
          ipAddress: ctx.ipAddress,
        });
      });
    },

    /** The predefined questions in the locale, then the tenant's custom ones as written. */
    async securityQuestions(tenantId: string, locale: Locale): Promise<SecurityQuestion[]> {
      const custom = await deps.store.securityInfo.listCustomQuestions(tenantId);
      return [
        ...predefinedQuestionIds.map((id) => ({
          id,
          text: translate(locale, `securityQuestion.${id}` as MessageKey),
          custom: false,
        })),
        ...custom.map((q) => ({ id: q.questionId, text: q.text, custom: true })),
      ];
    },

    /** The countries a tenant's users may register phone numbers from (its settings, else its own country). */
    phoneRegions: async (tenantId: string): Promise<string[]> =>
      allowedRegionsOf(await settingsOf(deps, tenantId), (await tenantOf(tenantId)).country),

    registrationStatus: (user: User): Promise<RegistrationStatus> => registrationOf(deps, deps.store, user),

    /** Masked entries of any user, for administrators (never answers, never secrets). */
    methodsOf: async (user: User): Promise<MethodView[]> => (await entriesOf(deps.store, user)).map((e) => e.view),
  };
};

export type SecurityInfoService = ReturnType<typeof createSecurityInfoService>;

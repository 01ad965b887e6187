/**
 * Adding security info: validation, limits, the pending entry and its code, in one transaction;
 * the code is sent after the commit. Security questions are saved verified at once.
 */
import { stripControlCharacters } from '../../core/control-characters.js';
import { methodLimits } from '../../core/methods/method-rules.js';
import { allowedRegionsOf } from '../../core/methods/phone.js';
import { enrolments, entryOf, isStoredKind, type EntryKind, type NewMethod } from '../../methods/registry.js';
import { predefinedQuestionIds } from '../../core/methods/question-catalogue.js';
import type { MethodRecord, StoredMethodType } from '../../core/methods/records.js';
import { checkAnswers, normaliseAnswer } from '../../core/methods/security-questions.js';
import { newPendingCode, totpEnrolmentSeconds } from '../../core/methods/verification-code.js';
import { addSeconds } from '../../core/clock.js';
import type { Tenant, User } from '../../core/model.js';
import type { StoreRepositories } from '../../core/ports.js';
import { failure, success, type Result } from '../../core/result.js';
import { translate, type Locale } from '../../i18n/i18n.js';
import { wakeDelivery } from '../delivery/message-queue.js';
import type { ServiceDeps } from '../deps.js';
import { settingsOf, type CodeDelivery } from './security-info-delivery.js';
import { createPasskeyRegistration } from '../passkeys/passkey-registration.js';
import {
  policyOf,
  questionsMethodId,
  subjectOf,
  totpSealPurpose,
  viewOf,
  type MethodView,
} from './security-info-views.js';

/** The body of "add security info": one variant per registered enrolment (their schema fragments). */
export type { NewMethod };

export interface AddedMethod {
  method: MethodView;
  /** Authenticator app only, returned once. */
  secret?: string;
  otpauthUri?: string;
  /** The otpauth URI as a QR code, inline SVG (authenticator app only). */
  qrSvg?: string;
}

interface AddContext {
  user: User;
  tenant: Tenant;
  locale: Locale;
  ipAddress: string | null;
  /** Records the audit events of a newly verified entry (a saved answer set) inside the caller's transaction. */
  onRegistered(store: StoreRepositories, kind: EntryKind): Promise<void>;
}

export const createMethodAdder = (deps: ServiceDeps, delivery: CodeDelivery) => {
  const passkeys = createPasskeyRegistration(deps);
  /** Inserts a pending entry, dropping the user's earlier pending entry of the same kind; checks the limit and duplicates. */
  const insertPending = async (
    store: StoreRepositories,
    user: User,
    type: StoredMethodType,
    fields: Pick<MethodRecord, 'value' | 'sealedSecret' | 'label'>,
  ): Promise<Result<MethodRecord>> => {
    await store.securityInfo.lockUser(user.tenantId, user.userId);
    const existing = await store.securityInfo.listMethods(user.tenantId, user.userId);
    const sameKind = existing.filter((m) => m.type === type);
    if (fields.value && sameKind.some((m) => m.status === 'verified' && m.value === fields.value))
      return failure('METHOD_LIMIT_REACHED', { reason: 'already registered' });
    for (const stale of sameKind.filter((m) => m.status === 'pending'))
      await store.securityInfo.removeMethod(user.tenantId, user.userId, stale.methodId);
    // A kind that `replacesExisting` (one alternate email) swaps the verified one once the new one is verified.
    const verified = sameKind.filter((m) => m.status === 'verified').length;
    if (!entryOf(type)?.replacesExisting && verified >= methodLimits[type])
      return failure('METHOD_LIMIT_REACHED', { limit: methodLimits[type] });
    const now = deps.clock.now().toISOString();
    const record: MethodRecord = {
      tenantId: user.tenantId,
      methodId: deps.random.uuid(),
      userId: user.userId,
      type,
      ...fields,
      status: 'pending',
      lastTotpStep: null,
      createdAt: now,
      verifiedAt: null,
      updatedAt: now,
    };
    await store.securityInfo.addMethod(record);
    return success(record);
  };

  /** A value the kind's `sendsTo` channel reaches (an address, a number): stored pending, a code sent to it. */
  const addContact = async (ctx: AddContext, type: string, value: string): Promise<Result<AddedMethod>> => {
    const channel = entryOf(type)?.sendsTo;
    if (!isStoredKind(type) || !channel) return failure('METHOD_TYPE_NOT_ALLOWED');
    const now = deps.clock.now();
    const destination = { channel, to: value };
    const outcome = await deps.store.transaction(async (store): Promise<Result<{ record: MethodRecord }>> => {
      const inserted = await insertPending(store, ctx.user, type, { value, sealedSecret: null, label: null });
      if (!inserted.ok) return inserted;
      const { record, code } = newPendingCode(
        deps,
        {
          tenantId: ctx.user.tenantId,
          userId: ctx.user.userId,
          subjectId: subjectOf(ctx.user, inserted.value.methodId),
          purpose: 'register',
        },
        now,
      );
      await store.securityInfo.addCode(record);
      // The pending entry stays when a cap refuses the send (as before the queue): the user may resend later.
      if (!(await delivery.allow(store, { tenant: ctx.tenant, user: ctx.user, destination, ipAddress: ctx.ipAddress })))
        return failure('SEND_LIMIT_REACHED');
      const sent = { tenant: ctx.tenant, user: ctx.user, code, purpose: 'register' as const, destination };
      await delivery.queueCode(store, {
        ...sent,
        locale: ctx.locale,
        ipAddress: ctx.ipAddress,
        expiresAt: record.expiresAt,
      });
      return success({ record: inserted.value });
    });
    if (!outcome.ok) return outcome;
    wakeDelivery(deps);
    return success({ method: viewOf(outcome.value.record) });
  };

  const addAuthenticator = async (
    ctx: AddContext,
    type: string,
    label: string | undefined,
  ): Promise<Result<AddedMethod>> => {
    if (!isStoredKind(type) || entryOf(type)?.verifiedBy !== 'totp') return failure('METHOD_TYPE_NOT_ALLOWED');
    const secret = deps.totp.newSecret();
    // A label is shown back to the user; control characters never belong in it.
    const name =
      (label === undefined ? undefined : stripControlCharacters(label))?.trim().slice(0, 64) ||
      translate(ctx.locale, 'securityInfo.authenticatorDefaultLabel');
    const now = deps.clock.now();
    const outcome = await deps.store.transaction(async (store): Promise<Result<MethodRecord>> => {
      const inserted = await insertPending(store, ctx.user, type, {
        value: null,
        sealedSecret: deps.sealer.seal(totpSealPurpose, secret),
        label: name,
      });
      if (!inserted.ok) return inserted;
      // No code is sent: the row only bounds the enrolment's attempts and lifetime.
      const { record } = newPendingCode(
        deps,
        {
          tenantId: ctx.user.tenantId,
          userId: ctx.user.userId,
          subjectId: subjectOf(ctx.user, inserted.value.methodId),
          purpose: 'register',
        },
        now,
      );
      await store.securityInfo.addCode({
        ...record,
        codeHash: '',
        expiresAt: addSeconds(now, totpEnrolmentSeconds).toISOString(),
      });
      return inserted;
    });
    if (!outcome.ok) return outcome;
    const otpauthUri = deps.totp.uri(secret, ctx.tenant.name, ctx.user.upn);
    return success({ method: viewOf(outcome.value), secret, otpauthUri, qrSvg: await deps.totp.qrSvg(otpauthUri) });
  };

  /** A set of answers (one per user, not a record with a limit), replaced whole and saved verified. */
  const addQuestions = async (
    ctx: AddContext,
    type: string,
    answers: { questionId: string; answer: string }[],
  ): Promise<Result<AddedMethod>> => {
    const kind = entryOf(type)?.kind;
    if (!kind || isStoredKind(kind)) return failure('METHOD_TYPE_NOT_ALLOWED');
    const policy = await policyOf(deps.store, ctx.user.tenantId);
    const custom = await deps.store.securityInfo.listCustomQuestions(ctx.user.tenantId);
    const known = new Set([...predefinedQuestionIds, ...custom.map((q) => q.questionId)]);
    const problem = checkAnswers(answers, policy.questionsToRegister, known);
    if (problem)
      return failure(problem.code, {
        reason: problem.reason,
        ...(problem.questionId && { questionId: problem.questionId }),
      });
    const now = deps.clock.now().toISOString();
    const hashed = await Promise.all(
      answers.map(async ({ questionId, answer }) => ({
        tenantId: ctx.user.tenantId,
        userId: ctx.user.userId,
        questionId,
        // A signed-in user's answers: the hasher's priority lane (crypto-ports.ts HashLane).
        answerHash: await deps.hasher.hash(normaliseAnswer(answer), 'priority'),
        createdAt: now,
      })),
    );
    await deps.store.transaction(async (store) => {
      await store.securityInfo.lockUser(ctx.user.tenantId, ctx.user.userId);
      await store.securityInfo.replaceAnswers(ctx.user.tenantId, ctx.user.userId, hashed);
      await ctx.onRegistered(store, kind);
    });
    return success({
      method: {
        id: questionsMethodId,
        type: kind,
        display: `${hashed.length} questions`,
        status: 'verified',
        source: 'user',
        createdAt: now,
        verifiedAt: now,
      },
    });
  };

  /** Dispatch on the registry: the kind's enrolment validates the input and stores it through these. */
  return async (ctx: AddContext, input: NewMethod): Promise<Result<AddedMethod>> => {
    const enrolment = enrolments.find((e) => e.kind === input.type);
    if (!enrolment) return failure('METHOD_TYPE_NOT_ALLOWED');
    return enrolment.enrol<AddedMethod>(input, {
      allowedRegions: async () => allowedRegionsOf(await settingsOf(deps, ctx.user.tenantId), ctx.tenant.country),
      addContact: (kind, value) => addContact(ctx, kind, value),
      addAuthenticator: (kind, label) => addAuthenticator(ctx, kind, label),
      saveAnswers: (kind, answers) => addQuestions(ctx, kind, answers),
      // The one kind made by a client-side ceremony today: a passkey's attestation.
      addCredential: (kind, label, response) =>
        kind === 'passkey'
          ? passkeys.addCredential({ ...ctx, onRegistered: (store) => ctx.onRegistered(store, kind) }, label, response)
          : Promise.resolve(failure('METHOD_TYPE_NOT_ALLOWED')),
    });
  };
};

/**
 * Passing gates (reference §1.1 step 4): asking for a challenge (a code sent, a call placed,
 * questions picked) and verifying it. The core state machine decides what is allowed; this module
 * does the effects. Every change of the flow is a compare-and-set write, in one transaction with its
 * audit event and (on success) the consumption of the single-use code, so of racing verifications
 * of one code exactly one passes. Decoy flows go through the same steps, send nothing and never pass.
 */
import type { FlowMethod } from '../../core/flows/gates.js';
import { transition, type ResetFlow } from '../../core/flows/reset-flow.js';
import type { ThrottleKind } from '../../core/flows/throttles.js';
import { maskPhone } from '../../core/methods/masking.js';
import { typedPhoneE164 } from '../../core/methods/phone.js';
import { predefinedQuestionIds } from '../../core/methods/question-catalogue.js';
import { normaliseAnswer } from '../../core/methods/security-questions.js';
import {
  codeMatches,
  codeRefusal,
  codeRules,
  decodeBase64url,
  newPendingCode,
} from '../../core/methods/verification-code.js';
import type { User } from '../../core/model.js';
import type { StoreRepositories } from '../../core/ports.js';
import { failure, success, type Result } from '../../core/result.js';
import type { ServiceDeps } from '../deps.js';
import type { ResetContext } from './password-reset-types.js';
import { auditFlow, optionName } from './reset-audit.js';
import type { ResetDelivery } from './reset-delivery.js';
import { saveFlow, type LoadedFlow, type PendingChallenge, type StoredFlow } from './reset-state.js';
import type { ResetThrottles } from './reset-throttles.js';
import { entriesOf, policyOf, totpSealPurpose, type Entry } from '../security-info/security-info-views.js';

/** Which throttles an action of each method counts (reference §4). */
const sendKind: Partial<Record<FlowMethod['type'], ThrottleKind>> = {
  email: 'email',
  mobileSms: 'sms',
  mobileVoice: 'mobileVoice',
  officeVoice: 'officeVoice',
};
const verifyKind: Partial<Record<FlowMethod['type'], ThrottleKind>> = {
  securityQuestions: 'securityQuestions',
  authenticatorCode: 'authenticator',
};
const isPhone = (type: FlowMethod['type']) => type === 'mobileSms' || type === 'mobileVoice' || type === 'officeVoice';

/** Codes are filed per user and method, so a newer challenge (in any flow) supersedes an older code. */
export const resetCodeSubject = (userId: string, methodId: string) => `${userId}/reset/${methodId}`;

/** A uniform index below `n` from the CSPRNG (rejection sampling). */
const randomIndex = (deps: Pick<ServiceDeps, 'random'>, n: number): number => {
  const limit = Math.floor(65536 / n) * n;
  for (;;) {
    const [a = 0, b = 0] = decodeBase64url(deps.random.token(2));
    const value = (a << 8) + b;
    if (value < limit) return value % n;
  }
};

/** `count` distinct items picked at random (RandomSource), in random order. */
export const pickRandom = <T>(deps: Pick<ServiceDeps, 'random'>, items: readonly T[], count: number): T[] => {
  const pool = [...items];
  const picked: T[] = [];
  while (picked.length < count && pool.length > 0) picked.push(...pool.splice(randomIndex(deps, pool.length), 1));
  return picked;
};

export interface GateInput {
  methodId: string;
  phoneNumber?: string;
  code?: string;
  answers?: { questionId: string; answer: string }[];
}

export const createResetGates = (deps: ServiceDeps, throttles: ResetThrottles, delivery: ResetDelivery) => {
  // Decoys check answers against this hash, so a decoy's answer check costs what a real one does.
  let dummyAnswerHash: Promise<string> | undefined;
  const dummyHash = () => (dummyAnswerHash ??= deps.hasher.hash(deps.random.token(16)));

  const userOf = async (flow: ResetFlow): Promise<User | undefined> =>
    flow.userId ? deps.store.users.findById(flow.tenantId, flow.userId) : undefined;
  const entryOf = async (user: User, method: FlowMethod): Promise<Entry | undefined> =>
    (await entriesOf(deps.store, user)).find((e) => e.view.id === method.entryId);

  /** The question ids a decoy "registered": a deterministic choice, as its methods are. */
  const decoyQuestionIds = async (stored: StoredFlow): Promise<string[]> => {
    const count = (await policyOf(deps.store, stored.flow.tenantId)).questionsToRegister;
    return [...predefinedQuestionIds]
      .sort((a, b) =>
        deps.keyed
          .digest('reset-decoy-question', `${stored.userKey}:${a}`)
          .localeCompare(deps.keyed.digest('reset-decoy-question', `${stored.userKey}:${b}`)),
      )
      .slice(0, count);
  };

  const questionPick = async (stored: StoredFlow, user: User | undefined): Promise<string[]> => {
    const tenantPolicy = await policyOf(deps.store, stored.flow.tenantId);
    const registered = user
      ? (await deps.store.securityInfo.listAnswers(user.tenantId, user.userId)).map((a) => a.questionId)
      : await decoyQuestionIds(stored);
    return pickRandom(deps, registered, tenantPolicy.questionsToReset);
  };

  /** Applies a core event, or reports the core's refusal. */
  const apply = (flow: ResetFlow, event: Parameters<typeof transition>[1]): Result<ResetFlow> => {
    const next = transition(flow, event, deps.clock.now());
    return next.ok ? success(next.flow) : failure(next.refusal);
  };

  const save = (store: StoreRepositories, loaded: LoadedFlow, flow: ResetFlow, pending: PendingChallenge | null) =>
    saveFlow(store, loaded, { ...loaded.stored, flow, pending });

  const challenge = async (loaded: LoadedFlow, input: GateInput, ctx: ResetContext): Promise<Result<StoredFlow>> => {
    const { stored } = loaded;
    const next = apply(stored.flow, { type: 'challengeIssued', methodId: input.methodId });
    if (!next.ok) return next;
    const method = stored.flow.methods.find((m) => m.id === input.methodId)!;
    const send = sendKind[method.type];
    const blocked = await throttles.check(stored, [
      ...(isPhone(method.type) ? ['phoneValidation' as const] : []),
      ...(send ? [send] : []),
    ]);
    if (!blocked.ok) return blocked;
    const user = await userOf(stored.flow);
    const entry = user && (await entryOf(user, method));
    if (!stored.decoy && !entry) return failure('METHOD_NOT_OFFERED');
    const option = optionName[method.type];
    const audit = (store: StoreRepositories, result: 'success' | 'failure', resultReason?: string) =>
      auditFlow(deps, store, stored, ctx, {
        detail: `User started the ${option} verification option`,
        result,
        ...(resultReason && { resultReason }),
      });

    if (isPhone(method.type)) {
      // The user types the whole number; it must be the one on file (a decoy: one that masks the same).
      const counted = await throttles.count(stored, 'phoneValidation', ctx);
      if (!counted.ok) return counted;
      const typed = typedPhoneE164(input.phoneNumber ?? '');
      const matches = typed !== null && (stored.decoy ? maskPhone(typed) === method.display : typed === entry?.value);
      if (!matches) {
        await audit(deps.store, 'failure', 'PhoneMismatch');
        return failure('PHONE_MISMATCH');
      }
    }
    if (send) {
      const counted = await throttles.count(stored, send, ctx);
      if (!counted.ok) return counted;
    }

    const tenant = await deps.store.tenants.findById(stored.flow.tenantId);
    const pending: PendingChallenge = { methodId: method.id };
    if (method.type === 'securityQuestions') pending.questionIds = await questionPick(stored, user);
    if (method.type === 'mobileVoice' || method.type === 'officeVoice') {
      if (stored.decoy || !tenant || !entry?.value) pending.callId = deps.random.token(24);
      else {
        const placed = await delivery.call(tenant, entry.value, ctx.locale);
        if (!placed.ok) {
          await audit(deps.store, 'failure', placed.code);
          return placed;
        }
        pending.callId = placed.value;
      }
    }
    let code: string | undefined;
    await deps.store.transaction(async (store) => {
      // A decoy gets a code id too (never stored), so its refusals read exactly like a real flow's.
      if (stored.decoy && (method.type === 'email' || method.type === 'mobileSms')) pending.codeId = deps.random.uuid();
      if (!stored.decoy && user && (method.type === 'email' || method.type === 'mobileSms')) {
        const made = newPendingCode(
          deps,
          {
            tenantId: user.tenantId,
            userId: user.userId,
            subjectId: resetCodeSubject(user.userId, method.id),
            purpose: 'reset',
          },
          deps.clock.now(),
        );
        await store.securityInfo.addCode(made.record);
        pending.codeId = made.record.codeId;
        code = made.code;
      }
      await save(store, loaded, next.value, pending);
      await audit(store, 'success');
    });
    if (code && user && tenant && entry?.value) {
      const sent = await delivery.sendCode(
        tenant,
        user,
        method.type === 'email' ? 'email' : 'sms',
        entry.value,
        code,
        ctx.locale,
      );
      if (!sent.ok) {
        await audit(deps.store, 'failure', sent.code);
        return sent;
      }
    }
    return success({ ...stored, flow: next.value, pending });
  };

  /** What the proof says: passed, failed (counted), or a refusal that is not a failed proof. */
  type Proof =
    | { outcome: 'passed'; consumeCodeId?: string; totpStep?: number }
    | { outcome: 'failed'; code: 'CODE_INVALID' | 'ANSWER_WRONG' | 'CALL_NOT_ANSWERED' }
    | { outcome: 'refused'; result: Result<never> };

  const prove = async (
    stored: StoredFlow,
    method: FlowMethod,
    input: GateInput,
    user: User | undefined,
  ): Promise<Proof> => {
    const pending = stored.pending?.methodId === method.id ? stored.pending : null;
    if (method.type === 'email' || method.type === 'mobileSms') {
      if (stored.decoy || !user) return { outcome: 'failed', code: 'CODE_INVALID' };
      const code = pending?.codeId ? await deps.store.securityInfo.findCode(user.tenantId, pending.codeId) : undefined;
      const refusal = codeRefusal(code, deps.clock.now());
      if (refusal || !code) return { outcome: 'refused', result: failure(refusal ?? 'CODE_EXPIRED') };
      // Counted before comparing, with a conditional UPDATE: however many race, at most five are compared.
      if ((await deps.store.securityInfo.countAttempt(user.tenantId, code.codeId, codeRules.maxAttempts)) === undefined)
        return { outcome: 'refused', result: failure('TOO_MANY_ATTEMPTS') };
      return codeMatches(deps.keyed, code, input.code ?? '')
        ? { outcome: 'passed', consumeCodeId: code.codeId }
        : { outcome: 'failed', code: 'CODE_INVALID' };
    }
    if (method.type === 'mobileVoice' || method.type === 'officeVoice') {
      const call =
        pending?.callId && !stored.decoy
          ? await deps.store.voiceCalls.find(stored.flow.tenantId, pending.callId)
          : undefined;
      if (call?.status === 'confirmed') return { outcome: 'passed' };
      // Still ringing (or a decoy's call that never rings): not a failed proof, just not yet.
      if (!call || call.status === 'placed') return { outcome: 'refused', result: failure('CALL_NOT_ANSWERED') };
      return { outcome: 'failed', code: 'CALL_NOT_ANSWERED' };
    }
    if (method.type === 'securityQuestions') {
      const asked = pending?.questionIds ?? [];
      const answers = input.answers ?? [];
      const byId = new Map(answers.map((a) => [a.questionId, a.answer]));
      if (asked.length === 0 || answers.length !== asked.length || !asked.every((id) => byId.has(id)))
        return { outcome: 'refused', result: failure('VALIDATION_FAILED') };
      const registered = user ? await deps.store.securityInfo.listAnswers(user.tenantId, user.userId) : [];
      let allRight = !stored.decoy;
      // Every answer is checked (no early exit), so the time taken says nothing about which one was wrong.
      for (const id of asked) {
        const hash = registered.find((a) => a.questionId === id)?.answerHash ?? (await dummyHash());
        const right = await deps.hasher.verify(hash, normaliseAnswer(byId.get(id) ?? ''));
        allRight = allRight && right && !stored.decoy;
      }
      return allRight ? { outcome: 'passed' } : { outcome: 'failed', code: 'ANSWER_WRONG' };
    }
    // Authenticator code: the app is the challenge; a code's time step is accepted once (replay refusal).
    const entry = user && (await entryOf(user, method));
    const record = entry?.record;
    if (stored.decoy || !record?.sealedSecret) return { outcome: 'failed', code: 'CODE_INVALID' };
    const step = await deps.totp.verify(
      deps.sealer.open(totpSealPurpose, record.sealedSecret),
      input.code ?? '',
      deps.clock.now(),
      record.lastTotpStep ?? undefined,
    );
    return step === null ? { outcome: 'failed', code: 'CODE_INVALID' } : { outcome: 'passed', totpStep: step };
  };

  const verify = async (loaded: LoadedFlow, input: GateInput, ctx: ResetContext): Promise<Result<StoredFlow>> => {
    const { stored } = loaded;
    const { flow } = stored;
    const check = apply(flow, { type: 'proofPassed', methodId: input.methodId });
    if (!check.ok) {
      // The challenge of this method ran out: say so in the code's words.
      if (check.code === 'CHALLENGE_REQUIRED' && stored.pending?.methodId === input.methodId && stored.pending.codeId)
        return failure('CODE_EXPIRED');
      return check;
    }
    const method = flow.methods.find((m) => m.id === input.methodId)!;
    const kind = verifyKind[method.type];
    const blocked = await throttles.check(stored, kind ? [kind] : []);
    if (!blocked.ok) return blocked;
    if (kind) {
      const counted = await throttles.count(stored, kind, ctx);
      if (!counted.ok) return counted;
    }
    const user = await userOf(flow);
    const proof = await prove(stored, method, input, user);
    if (proof.outcome === 'refused') return proof.result;
    const option = optionName[method.type];

    if (proof.outcome === 'passed') {
      return deps.store.transaction(async (store): Promise<Result<StoredFlow>> => {
        // Of racing verifications of one code exactly one consumes it; the others change nothing.
        if (
          proof.consumeCodeId &&
          !(await store.securityInfo.consumeCode(flow.tenantId, proof.consumeCodeId, deps.clock.now().toISOString()))
        )
          return failure('CODE_EXPIRED');
        if (
          proof.totpStep !== undefined &&
          !(await store.securityInfo.advanceTotpStep(
            flow.tenantId,
            method.entryId,
            proof.totpStep,
            deps.clock.now().toISOString(),
          ))
        )
          return failure('CODE_INVALID');
        await save(store, loaded, check.value, null);
        await auditFlow(deps, store, stored, ctx, { detail: `User completed the ${option} verification option` });
        return success({ ...stored, flow: check.value, pending: null });
      });
    }

    const failed = apply(flow, { type: 'proofFailed', methodId: method.id });
    if (!failed.ok) return failed;
    // A wrong answer starts the random pick over ("to prevent question hammering").
    const pending =
      method.type === 'securityQuestions' && failed.value.challenge
        ? { methodId: method.id, questionIds: await questionPick(stored, user) }
        : stored.pending;
    await deps.store.transaction(async (store) => {
      await save(store, loaded, failed.value, pending);
      await auditFlow(deps, store, stored, ctx, {
        detail: `User failed the ${option} verification option`,
        result: 'failure',
        resultReason: proof.code,
      });
    });
    const counted = await throttles.count(stored, 'failedProof', ctx);
    if (!counted.ok) return counted;
    const attemptsLeft = failed.value.challenge ? codeRules.maxAttempts - failed.value.challenge.attempts : 0;
    return failure(proof.code, { attemptsLeft });
  };

  return { challenge, verify };
};

export type ResetGates = ReturnType<typeof createResetGates>;

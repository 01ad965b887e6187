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
import type { Issued } from '../../core/methods/method-contract.js';
import { typedPhoneE164 } from '../../core/methods/phone.js';
import { codeRules, newPendingCode, readNumericCode } from '../../core/methods/verification-code.js';
import type { User } from '../../core/model.js';
import type { StoreRepositories } from '../../core/ports.js';
import { failure, success, type Result } from '../../core/result.js';
import type { ServiceDeps } from '../deps.js';
import type { ResetContext } from './password-reset-types.js';
import { auditFlow, optionName } from './reset-audit.js';
import type { ResetDelivery } from './reset-delivery.js';
import { saveFlow, type LoadedFlow, type PendingChallenge, type StoredFlow } from './reset-state.js';
import type { ResetThrottles } from './reset-throttles.js';
import { blindDestination, createResetCapabilities, type GateInput } from './reset-capabilities.js';
import { entryOf as entryRulesOf, methodOf } from '../../methods/registry.js';
import { claimLookupSecret } from '../recovery/lookup-secrets.js';
import { createPasskeyChecks } from '../passkeys/passkey-checks.js';

export type { GateInput };

/** The throttles an action of a method counts (reference §4): its own, when it counts that action. */
const throttlesOf = (method: FlowMethod, action: 'challenge' | 'proof'): ThrottleKind[] => {
  const rules = methodOf(method.type)?.rules;
  if (!rules) return [];
  return [
    ...(action === 'challenge' && rules.asksWholeNumber ? ['phoneValidation' as const] : []),
    ...(rules.throttle.counts === action ? [rules.throttle.kind] : []),
  ];
};

/** Codes are filed per user and method, so a newer challenge (in any flow) supersedes an older code. */
export const resetCodeSubject = (userId: string, methodId: string) => `${userId}/reset/${methodId}`;

/** What an issued challenge leaves in the flow for its proof. */
const pendingOf = (issued: Issued): Omit<PendingChallenge, 'methodId'> =>
  issued.kind === 'call'
    ? { callId: issued.callId }
    : issued.kind === 'questions'
      ? { questionIds: issued.questionIds }
      : issued.kind === 'ceremony'
        ? { ceremonyChallenge: issued.challenge }
        : {};

export const createResetGates = (deps: ServiceDeps, throttles: ResetThrottles, delivery: ResetDelivery) => {
  const caps = createResetCapabilities(deps, delivery);
  const passkeys = createPasskeyChecks(deps);
  // A decoy's flow reads a user too (a made-up id, which finds none), so the read tells no one apart (§11 row 2).
  const userOf = async (flow: ResetFlow): Promise<User | undefined> => {
    const user = await deps.store.users.findById(flow.tenantId, flow.userId ?? deps.random.uuid());
    return flow.userId ? user : undefined;
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
    // Dispatch on the registry: a type no plugin registers is refused, never treated as another method.
    const registered = methodOf(method.type);
    if (!registered) return failure('METHOD_NOT_OFFERED');
    const { plugin, rules } = registered;
    // No number typed is an input error, not a phone validation (issue 14): nothing counted, the same for everyone.
    if (rules.asksWholeNumber && (input.phoneNumber ?? '').trim() === '')
      return failure('VALIDATION_FAILED', { field: 'phoneNumber', reason: 'empty' });
    const blocked = await throttles.check(stored, throttlesOf(method, 'challenge'));
    if (!blocked.ok) return blocked;
    const user = await userOf(stored.flow);
    const entry = await caps.flowEntryOf(stored.flow.tenantId, user, method);
    if (!stored.decoy && !entry) return failure('METHOD_NOT_OFFERED');
    const option = optionName[method.type];
    const audit = (store: StoreRepositories, result: 'success' | 'failure', resultReason?: string) =>
      auditFlow(deps, store, stored, ctx, {
        detail: `User started the ${option} verification option`,
        result,
        ...(resultReason && { resultReason }),
      });

    // A typed number that is well formed but not the one on file is answered as if it were ("if this is your
    // number, we sent a code") and nothing is sent: a refusal would tell a real user from a decoy (checklist §11
    // row 1). Such a challenge is blind: it is issued as a decoy's is and can never be passed.
    let blind = stored.decoy;
    let typed: string | null = null;
    if (rules.asksWholeNumber) {
      const counted = await throttles.count(stored, 'phoneValidation', ctx);
      if (!counted.ok) return counted;
      typed = typedPhoneE164(input.phoneNumber ?? '');
      // Not a number at all: the same refusal for everyone, so it says nothing about the account.
      if (typed === null) {
        await audit(deps.store, 'failure', 'PhoneMismatch');
        return failure('PHONE_MISMATCH');
      }
      // Its audit event is the challenge's own (below), not one more write: a decoy's challenge writes one too.
      if (!stored.decoy && typed !== entry?.value) blind = true;
    }
    if (rules.throttle.counts === 'challenge') {
      const counted = await throttles.count(stored, rules.throttle.kind, ctx);
      if (!counted.ok) return counted;
    }

    // A blind challenge can never pass whatever refuses it later (a send cap), so its audit event keeps the cause the
    // administrator needs, PhoneMismatch. Only the reason differs: the user's answer and the store's work are the same.
    const refusedFor = (code: string) => (blind && !stored.decoy ? 'PhoneMismatch' : code);
    const tenant = await deps.store.tenants.findById(stored.flow.tenantId);
    const issued = await plugin.strategy.issue(
      method.type,
      caps.issue({ ...stored, decoy: blind }, user, tenant, entry, ctx, typed, method.entryId),
    );
    if (!issued.ok) {
      await audit(deps.store, 'failure', refusedFor(issued.code));
      return issued;
    }
    const realSend = !blind && user && tenant && entry?.value ? { user, tenant, to: entry.value } : undefined;
    // A real user's challenge that sends nothing is checked as a decoy's is: it can never be passed.
    const unsent = blind || (issued.value.kind === 'code' && !realSend);
    const pending: PendingChallenge = {
      methodId: method.id,
      ...pendingOf(issued.value),
      ...(unsent && !stored.decoy && { blind: true }),
    };
    // Every code counts against the daily send caps before anything is written, a decoy's or blind one as a real
    // one (per number, per user ID, per tenant), so a cap reached refuses decoys and real users alike.
    if (issued.value.kind === 'code') {
      const send = { channel: issued.value.channel, typed, ip: ctx.ipAddress };
      const allowed = realSend
        ? await delivery.allowSend(realSend.tenant, realSend.user, realSend.to, send)
        : await delivery.countBlindSend(stored, blindDestination(entry, method.entryId), send);
      if (!allowed) {
        await audit(deps.store, 'failure', refusedFor('SEND_LIMIT_REACHED'));
        return failure('SEND_LIMIT_REACHED');
      }
    }
    await deps.store.transaction(async (store) => {
      if (realSend && issued.value.kind === 'code') {
        const made = newPendingCode(
          deps,
          {
            tenantId: realSend.user.tenantId,
            userId: realSend.user.userId,
            subjectId: resetCodeSubject(realSend.user.userId, method.id),
            purpose: 'reset',
          },
          deps.clock.now(),
        );
        await store.securityInfo.addCode(made.record);
        pending.codeId = made.record.codeId;
        // Queued with the code, the flow and the audit event: the relay is never waited for here (issue #13 item 2).
        await delivery.queueCode(store, {
          ...realSend,
          channel: issued.value.channel,
          code: made.code,
          expiresAt: made.record.expiresAt,
          locale: ctx.locale,
        });
      } else if (issued.value.kind === 'code') {
        // The same statements for a decoy or a blind challenge: a code no one can type, and a blank row, never sent.
        pending.codeId = await delivery.queueDecoyCode(store, stored, method.id, issued.value.channel);
      }
      await save(store, loaded, next.value, pending);
      if (blind && !stored.decoy) await audit(store, 'failure', 'PhoneMismatch');
      else await audit(store, 'success');
    });
    // The delivery worker is woken by the caller once the answer is built (password-reset-service.ts).
    return success({ ...stored, flow: next.value, pending });
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
    // An unregistered type proves nothing: refused, never checked as some other method.
    const registered = methodOf(method.type);
    if (!registered) return failure('METHOD_NOT_OFFERED');
    // Not an attempt (issue 14): an empty code, or one that is not digits even after NFKC (full-width digits are
    // digits), is an input error refused before anything is counted — for decoys alike, so it tells nothing.
    let proofInput = input;
    if (input.code !== undefined && input.answers === undefined) {
      const typed = readNumericCode(input.code);
      if (!typed.ok && typed.reason === 'empty')
        return failure('VALIDATION_FAILED', { field: 'code', reason: 'empty' });
      // Only a numeric code (one sent, or an app's) is refused for letters; a recovery code or a pass has letters.
      if (entryRulesOf(registered.rules.entryKind)?.verifiedBy !== undefined) {
        if (!typed.ok) return failure('VALIDATION_FAILED', { field: 'code', reason: typed.reason });
        proofInput = { ...input, code: typed.code };
      }
    }
    const kinds = throttlesOf(method, 'proof');
    const blocked = await throttles.check(stored, kinds);
    if (!blocked.ok) return blocked;
    for (const kind of kinds) {
      const counted = await throttles.count(stored, kind, ctx);
      if (!counted.ok) return counted;
    }
    const user = await userOf(flow);
    const proof = await registered.plugin.strategy.prove(method.type, caps.proof(stored, method, proofInput, user));
    if (proof.outcome === 'refused') return failure(proof.code);
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
        if (
          proof.consumeLookupSecret &&
          !(await claimLookupSecret(
            deps,
            store,
            { tenantId: flow.tenantId, userId: flow.userId ?? '' },
            proof.consumeLookupSecret,
          ))
        )
          return failure(proof.consumeLookupSecret.kind === 'recoveryCode' ? 'RECOVERY_CODE_INVALID' : 'TAP_INVALID');
        // A passkey's counter moves forward once: a racing use of the same counter value loses.
        if (proof.credentialUse && !(await passkeys.recordUse(store, flow.tenantId, proof.credentialUse)))
          return failure('PASSKEY_INVALID');
        await save(store, loaded, check.value, null);
        await auditFlow(deps, store, stored, ctx, { detail: `User completed the ${option} verification option` });
        return success({ ...stored, flow: check.value, pending: null });
      });
    }

    const failed = apply(flow, { type: 'proofFailed', methodId: method.id });
    if (!failed.ok) return failed;
    // A wrong answer starts the random pick over ("to prevent question hammering").
    let pending = stored.pending;
    if (registered.rules.freshChallengeAfterFailure && failed.value.challenge) {
      const reissued = await registered.plugin.strategy.issue(
        method.type,
        caps.issue(stored, user, undefined, undefined, ctx),
      );
      if (reissued.ok) pending = { methodId: method.id, ...pendingOf(reissued.value) };
    }
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

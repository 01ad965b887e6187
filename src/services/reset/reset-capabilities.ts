/**
 * What the reset flow hands the method plugins (src/core/methods/method-contract.ts): the effects a
 * strategy may cause while issuing a challenge (place a call, pick questions, make a decoy's id) and
 * the shared checks it proves with (one-time codes, calls, answers, TOTP). Kept apart from the gate
 * mechanics (reset-gates.ts) so those read as the flow's compare-and-set steps only; decoys get the
 * same capabilities and do the same work, and can never pass.
 */
import type { FlowMethod } from '../../core/flows/gates.js';
import type { IssueCapabilities, Proof, ProofCapabilities } from '../../core/methods/method-contract.js';
import { predefinedQuestionIds } from '../../core/methods/question-catalogue.js';
import { normaliseAnswer } from '../../core/methods/security-questions.js';
import {
  codeMatches,
  codeRefusal,
  codeRules,
  decodeBase64url,
  digestCode,
  normaliseCode,
} from '../../core/methods/verification-code.js';
import type { Tenant, User } from '../../core/model.js';
import type { ServiceDeps } from '../deps.js';
import type { ResetContext } from './password-reset-types.js';
import type { ResetDelivery, ResetSend } from './reset-delivery.js';
import type { StoredFlow } from './reset-state.js';
import { entriesOf, policyOf, totpSealPurpose, type Entry } from '../security-info/security-info-views.js';
import { checkLookupSecret } from '../recovery/lookup-secrets.js';
import { createPasskeyChecks } from '../passkeys/passkey-checks.js';

export interface GateInput {
  methodId: string;
  phoneNumber?: string;
  code?: string;
  answers?: { questionId: string; answer: string }[];
  /** A passkey's assertion (WebAuthn JSON). */
  response?: unknown;
}

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

/**
 * Where a decoy's or blind send is counted (the daily per-number cap): the number on file when there is one, else a
 * stand-in per security-info entry. One function for texts and calls: mobile texts and calls share an entry, so a real
 * user's SMS and voice sends fill one counter, and a decoy's must too — or ten texts then a call would be refused for
 * a real account and allowed for a decoy, an account oracle.
 */
export const blindDestination = (entry: { value?: string | null } | undefined, entryId: string): string =>
  entry?.value ?? `decoy:${entryId}`;

export const createResetCapabilities = (deps: ServiceDeps, delivery: ResetDelivery) => {
  const passkeys = createPasskeyChecks(deps);
  // Decoys check answers against this hash, so a decoy's answer check costs what a real one does.
  let dummyAnswerHash: Promise<string> | undefined;
  const dummyHash = () => (dummyAnswerHash ??= deps.hasher.hash(deps.random.token(16)));

  /** The user's entry a flow method proves (re-read, so a removed entry is gone). */
  const entryOf = async (user: User, method: FlowMethod): Promise<Entry | undefined> =>
    (await entriesOf(deps.store, user)).find((e) => e.view.id === method.entryId);

  /**
   * The entry a flow's method proves, read for every flow as for a real user: a decoy's (no user) reads a made-up
   * user's security info, which finds none, so the reads tell no one apart (checklist §11 row 2).
   */
  const flowEntryOf = async (tenantId: string, user: User | undefined, method: FlowMethod) => {
    if (user) return entryOf(user, method);
    const nobody = deps.random.uuid();
    await deps.store.securityInfo.listMethods(tenantId, nobody);
    await deps.store.securityInfo.listAnswers(tenantId, nobody);
    return undefined;
  };

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

  /**
   * What the plugins may do while issuing a challenge: place a call, pick questions, make a decoy's id. `entryId` is
   * the method's security-info entry (FlowMethod.entryId): a decoy's call counts against the same stand-in destination
   * as its texts do (blindDestination), as a real user's call and texts count against one number.
   */
  const issue = (
    stored: StoredFlow,
    user: User | undefined,
    tenant: Tenant | undefined,
    entry: Entry | undefined,
    ctx: ResetContext,
    typed: string | null = null,
    entryId: string = stored.userKey,
  ): IssueCapabilities => {
    // A call counts the typed number's block and the requester's address, for a decoy as for a real user.
    const call: ResetSend = { channel: 'voice', typed, ip: ctx.ipAddress };
    return {
      decoy: stored.decoy,
      // Nothing is sent without a tenant to send for: the plugin then acts as for a decoy.
      value: stored.decoy || !tenant ? null : (entry?.value ?? null),
      // A decoy's (or blind) call is placed nowhere but counted against the send caps and queued blank as a real one is.
      placeCall: async (to) =>
        stored.decoy || !tenant || !user
          ? delivery.blindCall(stored, blindDestination(entry, entryId), ctx.locale, call)
          : delivery.call(tenant, user, to, ctx.locale, call),
      pickQuestions: () => questionPick(stored, user),
      randomToken: () => deps.random.token(24),
      ceremonyChallenge: () => deps.random.token(32),
    };
  };

  /**
   * A decoy's (or blind) code check does a real one's work, so its refusal takes as long as a real wrong code's
   * (checklist §11 row 2: test/integration/reset/password-reset-timing.test.ts): the read of its code id (the
   * stand-in its challenge filed, delivery.queueDecoyCode), a write committed on its own where a real one counts the
   * attempt (an UPDATE; a decoy's is the blank delivery row a decoy's send writes, never sent and purged — without a
   * write, a decoy's refusal was measured 5 ms faster on PostgreSQL, the cost of a commit), and the keyed comparison
   * with a digest nothing matches. It never passes.
   */
  const decoyCodeCheck = async (tenantId: string, codeId: string | undefined, typed: string): Promise<Proof> => {
    const id = codeId ?? deps.random.uuid();
    await deps.store.securityInfo.findCode(tenantId, id);
    await delivery.queueBlank(deps.store, tenantId, 'email');
    const never = digestCode(deps.keyed, id, deps.random.token(8));
    deps.keyed.equals(digestCode(deps.keyed, id, normaliseCode(typed)), never);
    return { outcome: 'failed', code: 'CODE_INVALID' };
  };

  /** The shared checks a plugin proves with: one-time codes, calls, answers (equal work for decoys), TOTP. */
  const proof = (
    stored: StoredFlow,
    method: FlowMethod,
    input: GateInput,
    user: User | undefined,
  ): ProofCapabilities => {
    // A blind challenge (a number not on file) proves like a decoy's: the same work, never a pass.
    const decoy = stored.decoy || !user || (stored.pending?.methodId === method.id && stored.pending.blind === true);
    return {
      decoy,
      // A decoy looks the credential up in its own (unknown) tenant or with no owner: refused as a foreign passkey is.
      checkCeremony: async (response, challenge) =>
        challenge === undefined
          ? undefined
          : passkeys.checkAssertion(stored.flow.tenantId, stored.decoy ? undefined : user?.userId, response, challenge),
      input,
      pending: stored.pending?.methodId === method.id ? stored.pending : null,
      async checkCode(codeId, typed): Promise<Proof> {
        if (decoy || !user) return decoyCodeCheck(stored.flow.tenantId, codeId, typed);
        const code = codeId ? await deps.store.securityInfo.findCode(user.tenantId, codeId) : undefined;
        // Only a reset code is one: a decoy's stand-in (delivery.queueDecoyCode) is never checked as one.
        const refusal = code?.purpose === 'reset' ? codeRefusal(code, deps.clock.now()) : 'CODE_EXPIRED';
        if (refusal || !code) return { outcome: 'refused', code: refusal ?? 'CODE_EXPIRED' };
        // Counted before comparing, with a conditional UPDATE: however many race, at most five are compared.
        if (
          (await deps.store.securityInfo.countAttempt(user.tenantId, code.codeId, codeRules.maxAttempts)) === undefined
        )
          return { outcome: 'refused', code: 'TOO_MANY_ATTEMPTS' };
        return codeMatches(deps.keyed, code, typed)
          ? { outcome: 'passed', consumeCodeId: code.codeId }
          : { outcome: 'failed', code: 'CODE_INVALID' };
      },
      callStatus: async (callId) => (await deps.store.voiceCalls.find(stored.flow.tenantId, callId))?.status,
      async checkAnswers(asked, answers) {
        const registered = user ? await deps.store.securityInfo.listAnswers(user.tenantId, user.userId) : [];
        let allRight = true;
        // Every answer is checked (no early exit), so the time taken says nothing about which one was wrong.
        for (const id of asked) {
          const hash = registered.find((a) => a.questionId === id)?.answerHash ?? (await dummyHash());
          // The normal lane: answers are a gate, checked before the user has proven anything (and decoys the same).
          const right = await deps.hasher.verify(hash, normaliseAnswer(answers.get(id) ?? ''));
          allRight = allRight && right;
        }
        return allRight;
      },
      async checkTotp(typed) {
        const record = user && (await entryOf(user, method))?.record;
        if (!record?.sealedSecret) return undefined;
        return deps.totp.verify(
          deps.sealer.open(totpSealPurpose, record.sealedSecret),
          typed,
          deps.clock.now(),
          record.lastTotpStep ?? undefined,
        );
      },
      // A blind or decoy flow hashes and reads as a real one does, and never passes.
      checkLookupSecret: (kind, typed) => checkLookupSecret(deps, stored.decoy ? undefined : user, kind, typed),
    };
  };

  return { entryOf, flowEntryOf, issue, proof };
};

export type ResetCapabilities = ReturnType<typeof createResetCapabilities>;

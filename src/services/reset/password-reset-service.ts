/**
 * Self-service password reset and account unlock (issue 6): the use case behind the JSON API and the
 * `/passwordreset` pages. The contract lives in `password-reset-types.ts`; the steps in `reset-*.ts`:
 * start (CAPTCHA, user ID, eligibility, decoys), gates (challenge and verify), finish (new password,
 * unlock, cancel, contact an admin). Any instance continues any flow: its state lives in the store.
 */
import { gateKeysPassed, gatesComplete, strongMethodsOwed, transition } from '../../core/flows/reset-flow.js';
import { maskEmail } from '../../core/methods/masking.js';
import { isCustomQuestionId } from '../../core/methods/question-catalogue.js';
import { failure, success, type Result } from '../../core/result.js';
import { isMessageKey, translate } from '../../i18n/i18n.js';
import type { ServiceDeps } from '../deps.js';
import type { DirectoryService } from '../directory/directory-service.js';
import { createDirectoryWriteback } from '../directory/directory-writeback.js';
import type { LicensingService } from '../licensing/licensing-service.js';
import type { PasswordProtectionService } from '../password/password-protection-service.js';
import type { PasswordResetService, ResetContext, ResetFlowView } from './password-reset-types.js';
import { createDecoyCalibration } from './reset-calibration.js';
import { createResetDelivery } from './reset-delivery.js';
import { createResetFinish } from './reset-finish.js';
import { createResetGates } from './reset-gates.js';
import { createResetPreflight } from './reset-preflight.js';
import { createResetStart } from './reset-start.js';
import { loadFlow, retryOnConflict, saveFlow, wasLocked, type LoadedFlow, type StoredFlow } from './reset-state.js';
import { createResetThrottles } from './reset-throttles.js';
import { auditFlow } from './reset-audit.js';
import type { VoiceCallService } from '../delivery/voice-call-service.js';
import { wakeDelivery } from '../delivery/message-queue.js';
import type { SignInService } from '../identity/sign-in-service.js';

export type {
  Helpdesk,
  Ineligible,
  PasswordResetService,
  ResetContext,
  ResetFlowView,
} from './password-reset-types.js';

export interface PasswordResetCollaborators {
  licensing: LicensingService;
  directories: DirectoryService;
  passwordProtection: PasswordProtectionService;
  voiceCalls: VoiceCallService;
  /** Its directory lockout guard: the retry after a crash asks the directory through it (reset-writeback.ts). */
  signIn: Pick<SignInService, 'verifyAtDirectory' | 'countFailure'>;
}

export const createPasswordResetService = (
  deps: ServiceDeps,
  collaborators: PasswordResetCollaborators,
): PasswordResetService => {
  const throttles = createResetThrottles(deps);
  const writeback = createDirectoryWriteback(collaborators.directories);
  const preflight = createResetPreflight(deps, collaborators.licensing, collaborators.directories);
  const start = createResetStart(deps, collaborators.licensing, writeback, preflight, createDecoyCalibration(deps));
  const gates = createResetGates(deps, throttles, createResetDelivery(deps, collaborators.voiceCalls));
  const finish = createResetFinish(deps, collaborators.passwordProtection, {
    licensing: collaborators.licensing,
    writeback,
    signIn: collaborators.signIn,
  });

  const questionText = async (tenantId: string, ids: string[], ctx: ResetContext) => {
    const custom = ids.some(isCustomQuestionId) ? await deps.store.securityInfo.listCustomQuestions(tenantId) : [];
    return ids.map((id) => {
      const key = `securityQuestion.${id}`;
      return {
        id,
        text: isMessageKey(key) ? translate(ctx.locale, key) : (custom.find((q) => q.questionId === id)?.text ?? id),
      };
    });
  };

  const viewOf = async (stored: StoredFlow, ctx: ResetContext): Promise<ResetFlowView> => {
    const { flow, pending } = stored;
    const passedKeys = gateKeysPassed(flow);
    const canSetPassword = gatesComplete(flow) && flow.intent !== null;
    const live =
      flow.challenge && Date.parse(flow.challenge.expiresAt) > deps.clock.now().getTime() ? flow.challenge : null;
    const forChallenge = live && pending?.methodId === live.methodId ? pending : null;
    const blockedUntil = await throttles.blockedUntil(stored);
    return {
      status: flow.status,
      intent: flow.intent,
      // Before the gates every user ID is offered unlock when the policy allows it (no oracle); once they are
      // passed the user may learn the truth, so only an account that was locked keeps the offer.
      canUnlock: flow.canUnlock && (!gatesComplete(flow) || wasLocked(stored)),
      gatesRequired: flow.gatesRequired,
      gatesPassed: passedKeys.size,
      requiredMethods: [...new Set(strongMethodsOwed(flow).map((method) => method.type))],
      methods: flow.methods.map((m) => ({
        id: m.id,
        type: m.type,
        display: m.display,
        passed: passedKeys.has(m.gateKey),
      })),
      challenge: live && {
        methodId: live.methodId,
        expiresAt: live.expiresAt,
        ...(forChallenge?.questionIds && {
          questions: await questionText(flow.tenantId, forChallenge.questionIds, ctx),
        }),
        ...(forChallenge?.callId && { awaitingCall: true }),
        ...(forChallenge?.ceremonyChallenge && {
          ceremony: await deps.webauthn.authenticationOptions(forChallenge.ceremonyChallenge),
        }),
      },
      canSetPassword,
      expiresAt: flow.expiresAt,
      ...(stored.reveal && stored.ineligible && { ineligible: stored.ineligible }),
      helpdesk: stored.helpdesk,
      tenantName: stored.tenantName,
      account: maskEmail(stored.username),
      ...(blockedUntil !== null && { blockedUntil }),
      ...(canSetPassword &&
        !stored.decoy && { passwordRules: await collaborators.passwordProtection.settingsOf(flow.tenantId) }),
    };
  };

  /** Loads the flow, runs one step (again from a fresh read if another request changed the flow first). */
  const step = <T>(flowId: string, work: (loaded: LoadedFlow) => Promise<Result<T>>): Promise<Result<T>> =>
    retryOnConflict(async () => {
      const loaded = await loadFlow(deps, flowId);
      return loaded.ok ? work(loaded.value) : loaded;
    });

  /** With reveal-eligibility, an ineligible user is told why instead of walking a decoy's gates. */
  const gated = <T>(flowId: string, work: (loaded: LoadedFlow) => Promise<Result<T>>): Promise<Result<T>> =>
    step(flowId, async (loaded) => {
      const { stored } = loaded;
      if (stored.reveal && stored.decoy && stored.ineligible)
        return failure('SSPR_UNAVAILABLE', { reason: stored.ineligible });
      return work(loaded);
    });

  const thenView = async (result: Result<StoredFlow>, ctx: ResetContext): Promise<Result<ResetFlowView>> =>
    result.ok ? success(await viewOf(result.value, ctx)) : result;

  return {
    issueCaptcha: () => deps.captcha.issue(),
    start,
    view: (flowId, ctx) => step(flowId, async (loaded) => success(await viewOf(loaded.stored, ctx))),

    chooseIntent: (flowId, intent, ctx) =>
      gated(flowId, async (loaded) => {
        const next = transition(loaded.stored.flow, { type: 'chooseIntent', intent }, deps.clock.now());
        if (!next.ok) return failure(next.refusal);
        const stored = { ...loaded.stored, flow: next.flow };
        await deps.store.transaction(async (store) => {
          await saveFlow(store, loaded, stored);
          await auditFlow(deps, store, loaded.stored, ctx, {
            detail: intent === 'reset' ? 'User chose to reset their password' : 'User chose to unlock their account',
          });
        });
        return success(await viewOf(stored, ctx));
      }),

    challenge: (flowId, input, ctx) =>
      gated(flowId, async (loaded) => {
        const challenged = await gates.challenge(loaded, input, ctx);
        // The worker is woken once the answer is built, not before the view's read: woken earlier, a real code's
        // send (claimed, unsealed, handed to the relay) ran during that read, and a real user's answer came later
        // than a decoy's, whose wake finds nothing to send (password-reset-timing.test.ts, the challenge step).
        // Woken whenever the challenge committed, even if building the answer failed: its message is queued.
        try {
          return await thenView(challenged, ctx);
        } finally {
          if (challenged.ok) wakeDelivery(deps);
        }
      }),
    verify: (flowId, input, ctx) =>
      gated(flowId, async (loaded) => {
        const verified = await gates.verify(loaded, input, ctx);
        // The last gate passed: before the new-password step, is the directory there to take the password?
        const { flow, decoy } = verified.ok ? verified.value : loaded.stored;
        if (verified.ok && !decoy && flow.userId && gatesComplete(flow)) {
          const user = await deps.store.users.findById(flow.tenantId, flow.userId);
          const ready = user ? await preflight(user, verified.value, ctx) : success(undefined);
          if (!ready.ok) return ready;
        }
        return thenView(verified, ctx);
      }),
    setPassword: (flowId, input, ctx) => gated(flowId, (loaded) => finish.setPassword(loaded, input, ctx)),
    unlock: (flowId, ctx) => gated(flowId, (loaded) => finish.unlock(loaded, ctx)),
    cancel: (flowId, ctx) => step(flowId, (loaded) => finish.cancel(loaded, ctx)),
    contactAdmin: (flowId, ctx) => step(flowId, (loaded) => finish.contactAdmin(loaded, ctx)),
  };
};

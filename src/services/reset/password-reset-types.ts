/**
 * The password-reset service's public contract, shared by the JSON API, the `/passwordreset` pages and
 * the CLI. A flow is addressed by its 256-bit flow id (a bearer secret: never logged, never in a
 * browser URL); the store keeps only its keyed hash.
 */
import type { CaptchaChallenge } from '../../core/ports.js';
import type { MethodType } from '../../core/policy/sspr-policy.js';
import type { Result } from '../../core/result.js';
import type { Locale } from '../../i18n/i18n.js';

export type Ineligible =
  'SSPR_0009' | 'SSPR_0010' | 'SSPR_0011' | 'SSPR_0012' | 'SSPR_0013' | 'SSPR_0014' | 'SSPR_0029' | 'SSPR_0030';

export type Helpdesk = { kind: 'url'; url: string } | { kind: 'email'; email: string } | { kind: 'notifyAdmins' };

export interface ResetFlowView {
  status: 'active' | 'completed' | 'cancelled';
  intent: 'reset' | 'unlock' | null;
  /** Offered only when the account is locked and unlock is possible and allowed. */
  canUnlock: boolean;
  gatesRequired: 1 | 2;
  gatesPassed: number;
  /**
   * Method types one of which must be one of the steps and is not passed yet (the policy's requireStrongMethod for a
   * holder of an authenticator app; decoys alike); empty otherwise.
   */
  requiredMethods: MethodType[];
  /** `display` is masked. */
  methods: { id: string; type: MethodType; display: string; passed: boolean }[];
  challenge: null | {
    methodId: string;
    expiresAt: string;
    /** Security questions: the random pick to answer now. */
    questions?: { id: string; text: string }[];
    /** Voice: call placed, press # then "verify". */
    awaitingCall?: boolean;
  };
  /** Gates complete and intent chosen. */
  canSetPassword: boolean;
  /** Flow lifetime: 15 minutes from start. */
  expiresAt: string;
  /**
   * Only when the tenant set reveal-eligibility: Entra's explicit reason. Otherwise an ineligible or
   * unknown user gets a decoy flow indistinguishable from a real one (deterministic decoy methods, nothing sent).
   */
  ineligible?: Ineligible;
  /** Shown after 10 s of waiting (the page decides when): the helpdesk link or "notify my admins". */
  helpdesk: Helpdesk;
  /** Branding once the user ID is known (null for unknown domains). */
  tenantName: string | null;
  /** What the new-password page shows (the account page's rules input). */
  passwordRules?: unknown;
}

export interface ResetContext {
  ipAddress: string | null;
  locale: Locale;
  supportCode: string;
}

export interface PasswordResetService {
  /** ALTCHA format, signed, expiring, single use. */
  issueCaptcha(): Promise<CaptchaChallenge>;
  /** CAPTCHA_INVALID when the proof of work is wrong, expired or already used. */
  start(input: { username: string; captcha: string }, ctx: ResetContext): Promise<Result<{ flowId: string }>>;
  /** FLOW_INVALID for unknown, expired or finished flows. */
  view(flowId: string, ctx: ResetContext): Promise<Result<ResetFlowView>>;
  chooseIntent(flowId: string, intent: 'reset' | 'unlock', ctx: ResetContext): Promise<Result<ResetFlowView>>;
  challenge(
    flowId: string,
    input: { methodId: string; phoneNumber?: string },
    ctx: ResetContext,
  ): Promise<Result<ResetFlowView>>;
  verify(
    flowId: string,
    input: { methodId: string; code?: string; answers?: { questionId: string; answer: string }[] },
    ctx: ResetContext,
  ): Promise<Result<ResetFlowView>>;
  setPassword(
    flowId: string,
    input: { newPassword: string; unlock?: boolean },
    ctx: ResetContext,
  ): Promise<Result<{ status: 'passwordReset' }>>;
  unlock(flowId: string, ctx: ResetContext): Promise<Result<{ status: 'unlocked' }>>;
  cancel(flowId: string, ctx: ResetContext): Promise<Result<void>>;
  /** Mails the admins (max 100) when no custom link. */
  contactAdmin(flowId: string, ctx: ResetContext): Promise<Result<{ helpdesk: Helpdesk }>>;
}

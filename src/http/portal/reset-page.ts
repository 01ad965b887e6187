import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static, type TSchema } from 'typebox';
import { errorCatalogue, type ErrorCode } from '../../core/errors.js';
import type { PasswordViolation } from '../../core/password/evaluate-password.js';
import { isMessageKey, type Locale } from '../../i18n/i18n.js';
import { violationMessage } from '../../i18n/violations.js';
import type { Ineligible, ResetContext, ResetFlowView } from '../../services/reset/password-reset-service.js';
import type { HttpContext } from '../context.js';
import { cookieNames, cookieOptions, localeOf, withMkt } from '../request-context.js';
import { sendPage, t } from './layout.js';
import { withQuery } from './page-session.js';
import { readCeremonyResponse } from '../../methods/passkey/passkey.rules.js';
import {
  ineligibleMessage,
  renderChallenge,
  renderContacted,
  renderDone,
  renderIntent,
  renderMethods,
  renderNewPassword,
  renderRestart,
  renderStart,
  renderStop,
  renderUnlock,
  resetPaths,
  type Frame,
} from './reset-views.js';

const field = (maxLength: number) => Type.Optional(Type.String({ maxLength }));
const Csrf = { _csrf: field(512) };
const StartForm = Type.Object({ username: field(256), captcha: field(4096), ...Csrf });
const IntentForm = Type.Object({ intent: field(16), ...Csrf });
const ChallengeForm = Type.Object({ methodId: field(64), phoneNumber: field(64), ...Csrf });
/** At most 5 questions are asked (policy: 3-5); which ones is read from the flow, not from the form. */
const maxQuestions = 5;
const VerifyForm = Type.Object({
  methodId: field(64),
  code: field(32),
  // A passkey's assertion (JSON), filled in by the page's script.
  response: field(12_000),
  ...Object.fromEntries(Array.from({ length: maxQuestions }, (_, i) => [`answer${i + 1}`, field(200)])),
  ...Csrf,
});
const PasswordForm = Type.Object({ newPassword: field(1024), confirmPassword: field(1024), unlock: field(8), ...Csrf });
const CsrfOnly = Type.Object(Csrf);

const ineligibleReasons: readonly Ineligible[] = [
  'SSPR_0009',
  'SSPR_0010',
  'SSPR_0011',
  'SSPR_0012',
  'SSPR_0013',
  'SSPR_0014',
  'SSPR_0029',
  'SSPR_0030',
];
const statusOf = (code: string) => (code in errorCatalogue ? errorCatalogue[code as ErrorCode].status : 400);

/** A refusal as a sentence in the user's language; never the raw code. */
const messageOf = (locale: Locale, code: string): string => {
  const key = `reset.error.${code}`;
  return isMessageKey(key) ? t(locale, key) : t(locale, 'reset.failed');
};

/** "when to try again", in the user's language; UTC is said out loud because the server cannot know the user's zone. */
const formatInstant = (locale: Locale, iso: unknown): string => {
  const date = new Date(typeof iso === 'string' ? iso : Number.NaN);
  if (Number.isNaN(date.getTime())) return locale === 'nl' ? '24 uur' : '24 hours';
  const text = new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(date);
  return `${text} UTC`;
};

/** The user ID's domain, as the API's per-tenant limit counts it (unknown domains share their own buckets). */
const tenantKeyOf = (request: FastifyRequest): string => {
  const username = (request.body as { username?: unknown } | undefined)?.username;
  const text = typeof username === 'string' ? username.trim().toLowerCase() : '';
  return `reset-page:${text.slice(text.lastIndexOf('@') + 1).slice(0, 253)}`;
};

/**
 * The `/passwordreset` wizard (issue 6): server-rendered pages over `services.passwordReset`. The flow
 * id lives only in an HttpOnly, SameSite=Strict cookie (`__Host-` over https), so it never appears in
 * a URL, a Referer or a log line; each page asks the service for the flow's state and shows the step
 * it is in, so reloading or going back always lands on the right page.
 */
export const resetPage = async (app: FastifyInstance, { config, services }: HttpContext) => {
  const reset = services.passwordReset;
  const cookieName = cookieNames(config).reset;
  // The JSON API's limits (password-reset-routes.ts): per address on every step, per tenant on the start,
  // so bots are shed before any expensive work.
  const limited = { rateLimit: { max: config.resetRateLimitPerMinute, timeWindow: 60_000 } };
  // A second limiter on the same request (`app.rateLimit()` would skip it: the per-address one already ran),
  // checked in the handler so the refusal is the start page with a sentence in the user's language.
  const tenantLimiter = app.createRateLimit({
    max: config.resetTenantRateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: tenantKeyOf,
  });
  const formRoute = (body: TSchema) => ({
    schema: { hide: true, body },
    preValidation: app.csrfProtection.bind(app),
    config: limited,
  });

  /** One support code per request, as Entra shows: it goes to the service (audit) and the request log. */
  const contextOf = (request: FastifyRequest, reply: FastifyReply): ResetContext => {
    const supportCode = randomUUID();
    reply.header('x-sspr-support-code', supportCode);
    request.log.info({ supportCode }, 'password reset page');
    return { ipAddress: request.ip, locale: localeOf(request), supportCode };
  };
  const frameOf = (request: FastifyRequest, reply: FastifyReply, ctx: ResetContext, errors: string[] = []): Frame => ({
    request,
    locale: ctx.locale,
    csrf: reply.generateCsrf(),
    supportCode: ctx.supportCode,
    errors,
  });

  const flowIdOf = (request: FastifyRequest): string => request.cookies[cookieName] ?? '';
  const keepFlow = (reply: FastifyReply, flowId: string) =>
    reply.setCookie(cookieName, flowId, { ...cookieOptions(config), sameSite: 'strict', maxAge: 15 * 60 });
  const dropFlow = (reply: FastifyReply) =>
    reply.clearCookie(cookieName, { ...cookieOptions(config), sameSite: 'strict' });

  const restart = (request: FastifyRequest, reply: FastifyReply, ctx: ResetContext) => {
    dropFlow(reply);
    return sendPage(reply, 404, renderRestart(frameOf(request, reply, ctx)));
  };

  /** The page for the step the flow is in. */
  const showStep = (
    request: FastifyRequest,
    reply: FastifyReply,
    ctx: ResetContext,
    view: ResetFlowView,
    status = 200,
    errors: string[] = [],
    methodsOnly = false,
  ) => {
    const frame = frameOf(request, reply, ctx, errors);
    if (view.ineligible)
      return sendPage(
        reply,
        status,
        renderStop({ ...frame, errors: [ineligibleMessage(ctx.locale, view.ineligible), ...errors] }, view.helpdesk),
      );
    if (view.intent === null) return sendPage(reply, status, renderIntent(frame, view));
    if (view.canSetPassword)
      return sendPage(reply, status, view.intent === 'unlock' ? renderUnlock(frame) : renderNewPassword(frame, view));
    if (view.challenge && !methodsOnly) return sendPage(reply, status, renderChallenge(frame, view));
    return sendPage(reply, status, renderMethods(frame, view));
  };

  /** A refusal shown on the step it happened in; FLOW_INVALID always means "start again". */
  const refuse = async (
    request: FastifyRequest,
    reply: FastifyReply,
    ctx: ResetContext,
    refusal: { code: ErrorCode; details?: Record<string, unknown> },
  ) => {
    const { code, details } = refusal;
    if (code === 'FLOW_INVALID') return restart(request, reply, ctx);
    const current = await reset.view(flowIdOf(request), ctx);
    const reason = details?.reason;
    // The on-premises directory is down or misconfigured (SSPR_0030/0029): "can't be reset right now", not a form to retry.
    const directoryDown =
      (code === 'DIRECTORY_UNREACHABLE' || code === 'DIRECTORY_MISCONFIGURED') &&
      (reason === 'SSPR_0029' || reason === 'SSPR_0030');
    if (code === 'SSPR_BLOCKED' || code === 'SSPR_UNAVAILABLE' || directoryDown) {
      const message =
        code === 'SSPR_BLOCKED'
          ? t(ctx.locale, 'reset.error.SSPR_BLOCKED', { retryAt: formatInstant(ctx.locale, details?.retryAt) })
          : typeof reason === 'string' && (ineligibleReasons as readonly string[]).includes(reason)
            ? ineligibleMessage(ctx.locale, reason as Ineligible)
            : messageOf(ctx.locale, code);
      return sendPage(
        reply,
        statusOf(code),
        renderStop(frameOf(request, reply, ctx, [message]), current.ok ? current.value.helpdesk : null),
      );
    }
    if (!current.ok) return restart(request, reply, ctx);
    // Not locked after all (told only once the gates are passed): the same flow goes on to a new password.
    if (code === 'ACCOUNT_NOT_LOCKED')
      return sendPage(
        reply,
        statusOf(code),
        renderNewPassword(frameOf(request, reply, ctx, [messageOf(ctx.locale, code)]), current.value),
      );
    const errors =
      code === 'PASSWORD_POLICY_VIOLATION'
        ? ((details?.violations ?? []) as PasswordViolation[]).map((v) => violationMessage(ctx.locale, v))
        : code === 'DIRECTORY_POLICY_REJECTED' && typeof details?.detail === 'string'
          ? [details.detail]
          : [messageOf(ctx.locale, code)];
    return showStep(request, reply, ctx, current.value, statusOf(code), errors);
  };

  app.get<{ Querystring: { cancelled?: string } }>(
    resetPaths.start,
    { schema: { hide: true } },
    async (request, reply) => {
      const ctx = contextOf(request, reply);
      const notice = request.query.cancelled === '1' ? t(ctx.locale, 'reset.start.cancelled') : undefined;
      return sendPage(reply, 200, renderStart(frameOf(request, reply, ctx), notice ? { notice } : {}));
    },
  );

  app.post<{ Body: Static<typeof StartForm> }>(resetPaths.start, formRoute(StartForm), async (request, reply) => {
    const ctx = contextOf(request, reply);
    const username = request.body.username?.trim() ?? '';
    const again = (code: string, details?: Record<string, unknown>) => {
      const reason = details?.reason;
      const message =
        code === 'SSPR_BLOCKED'
          ? t(ctx.locale, 'reset.error.SSPR_BLOCKED', { retryAt: formatInstant(ctx.locale, details?.retryAt) })
          : typeof reason === 'string' && (ineligibleReasons as readonly string[]).includes(reason)
            ? ineligibleMessage(ctx.locale, reason as Ineligible)
            : messageOf(ctx.locale, code);
      return sendPage(reply, statusOf(code), renderStart(frameOf(request, reply, ctx, [message]), { username }));
    };
    if (!username) {
      return sendPage(
        reply,
        400,
        renderStart(frameOf(request, reply, ctx, [t(ctx.locale, 'reset.start.missing')]), { username }),
      );
    }
    const verdict = await tenantLimiter(request);
    if (!verdict.isAllowed && verdict.isExceeded) return again('RATE_LIMITED');
    const started = await reset.start({ username, captcha: request.body.captcha ?? '' }, ctx);
    if (!started.ok) return again(started.code, started.details);
    keepFlow(reply, started.value.flowId);
    return reply.redirect(withMkt(request, resetPaths.flow), 303);
  });

  for (const [path, methodsOnly] of [
    [resetPaths.flow, false],
    [resetPaths.methods, true],
  ] as const) {
    app.get(path, { schema: { hide: true }, config: limited }, async (request, reply) => {
      const ctx = contextOf(request, reply);
      const view = await reset.view(flowIdOf(request), ctx);
      if (!view.ok) return restart(request, reply, ctx);
      return showStep(request, reply, ctx, view.value, 200, [], methodsOnly);
    });
  }

  /** Runs one step; on success shows the next page by redirect, so a reload never repeats the step. */
  const stepThen = async (
    request: FastifyRequest,
    reply: FastifyReply,
    ctx: ResetContext,
    result: Awaited<ReturnType<typeof reset.view>>,
  ) => {
    if (!result.ok) return refuse(request, reply, ctx, result);
    return reply.redirect(withMkt(request, resetPaths.flow), 303);
  };

  app.post<{ Body: Static<typeof IntentForm> }>(resetPaths.intent, formRoute(IntentForm), async (request, reply) => {
    const ctx = contextOf(request, reply);
    const intent = request.body.intent;
    if (intent !== 'reset' && intent !== 'unlock') return refuse(request, reply, ctx, { code: 'INTENT_REQUIRED' });
    return stepThen(request, reply, ctx, await reset.chooseIntent(flowIdOf(request), intent, ctx));
  });

  app.post<{ Body: Static<typeof ChallengeForm> }>(
    resetPaths.challenge,
    formRoute(ChallengeForm),
    async (request, reply) => {
      const ctx = contextOf(request, reply);
      const phoneNumber = request.body.phoneNumber?.trim();
      const input = { methodId: request.body.methodId ?? '', ...(phoneNumber !== undefined && { phoneNumber }) };
      return stepThen(request, reply, ctx, await reset.challenge(flowIdOf(request), input, ctx));
    },
  );

  app.post<{ Body: Record<string, string | undefined> }>(
    resetPaths.verify,
    formRoute(VerifyForm),
    async (request, reply) => {
      const ctx = contextOf(request, reply);
      const flowId = flowIdOf(request);
      const methodId = request.body.methodId ?? '';
      const current = await reset.view(flowId, ctx);
      if (!current.ok) return restart(request, reply, ctx);
      // The questions asked are the flow's current pick, in the order shown; the form only carries the answers.
      const questions = current.value.challenge?.methodId === methodId ? (current.value.challenge.questions ?? []) : [];
      const code = request.body.code?.trim();
      const response = readCeremonyResponse(request.body.response);
      const input = {
        methodId,
        ...(code !== undefined && code !== '' && { code }),
        ...(response && { response }),
        ...(questions.length > 0 && {
          answers: questions.map((q, i) => ({ questionId: q.id, answer: request.body[`answer${i + 1}`] ?? '' })),
        }),
      };
      return stepThen(request, reply, ctx, await reset.verify(flowId, input, ctx));
    },
  );

  app.post<{ Body: Static<typeof PasswordForm> }>(
    resetPaths.password,
    formRoute(PasswordForm),
    async (request, reply) => {
      const ctx = contextOf(request, reply);
      const flowId = flowIdOf(request);
      const { newPassword = '', confirmPassword = '' } = request.body;
      if (!newPassword || newPassword !== confirmPassword) {
        const current = await reset.view(flowId, ctx);
        if (!current.ok) return restart(request, reply, ctx);
        return showStep(request, reply, ctx, current.value, 400, [
          t(ctx.locale, newPassword ? 'reset.password.mismatch' : 'reset.password.empty'),
        ]);
      }
      const done = await reset.setPassword(
        flowId,
        { newPassword, ...(request.body.unlock === '1' && { unlock: true }) },
        ctx,
      );
      if (!done.ok) return refuse(request, reply, ctx, done);
      dropFlow(reply);
      return sendPage(reply, 200, renderDone(frameOf(request, reply, ctx), 'passwordReset'));
    },
  );

  app.post<{ Body: Static<typeof CsrfOnly> }>(resetPaths.unlock, formRoute(CsrfOnly), async (request, reply) => {
    const ctx = contextOf(request, reply);
    const done = await reset.unlock(flowIdOf(request), ctx);
    if (!done.ok) return refuse(request, reply, ctx, done);
    dropFlow(reply);
    return sendPage(reply, 200, renderDone(frameOf(request, reply, ctx), 'unlocked'));
  });

  app.post<{ Body: Static<typeof CsrfOnly> }>(resetPaths.cancel, formRoute(CsrfOnly), async (request, reply) => {
    const ctx = contextOf(request, reply);
    // Cancelling an unknown or finished flow changes nothing; the user lands on a fresh start either way.
    await reset.cancel(flowIdOf(request), ctx);
    dropFlow(reply);
    return reply.redirect(withQuery(request, resetPaths.start, { cancelled: '1' }), 303);
  });

  app.post<{ Body: Static<typeof CsrfOnly> }>(resetPaths.contactAdmin, formRoute(CsrfOnly), async (request, reply) => {
    const ctx = contextOf(request, reply);
    const contacted = await reset.contactAdmin(flowIdOf(request), ctx);
    if (!contacted.ok) return refuse(request, reply, ctx, contacted);
    return sendPage(reply, 200, renderContacted(frameOf(request, reply, ctx), contacted.value.helpdesk));
  });
};

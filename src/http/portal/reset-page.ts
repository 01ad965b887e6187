import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static, TSchema } from 'typebox';
import type { ResetContext, ResetFlowView } from '../../services/reset/password-reset-service.js';
import type { HttpContext } from '../context.js';
import type { ResetStartLimits } from '../reset-start-limits.js';
import { localeOf } from '../request-context.js';
import { withQuery } from './page-session.js';
import { readCeremonyResponse } from '../../methods/passkey/passkey.rules.js';
import { keepTyped, type FieldError, type Flash, type FormRecovery } from './form-state.js';
import { sendPage, t } from './layout.js';
import {
  blockedMessage,
  captchaMessage,
  refusalFlash,
  refusedBodyFlash,
  startMessage,
  statusOf,
  type Refusal,
} from './reset-refusals.js';
import { ChallengeForm, CsrfOnly, IntentForm, PasswordForm, StartForm, VerifyForm } from './reset-forms.js';
import { resetTabs, typedDomain, type TabState } from './reset-tab.js';
import { domainLook, rememberLook } from './branding-assets.js';
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
  startLook,
  renderStop,
  renderUnlock,
  resetPaths,
  type Frame,
} from './reset-views.js';

/** The user ID's domain, as the API's per-tenant limit counts it (unknown domains share their own buckets). */
const tenantKeyOf = (request: FastifyRequest): string => {
  const username = (request.body as { username?: unknown } | undefined)?.username;
  return `reset-page:${typedDomain(typeof username === 'string' ? username : '')}`;
};

/**
 * The `/passwordreset` wizard (issue 6, issue 14): server-rendered pages over `services.passwordReset`.
 * Every post answers 303 — failed ones too, their message and typed values kept in the tab's sealed
 * cookie (reset-tab.ts) — and every page is a GET that asks the service for the flow's state, so Back,
 * reload and the result page never resubmit a form. Each tab has its own flow.
 */
export const resetPage = async (app: FastifyInstance, context: HttpContext & { startLimits: ResetStartLimits }) => {
  const { config, services, startLimits } = context;
  const reset = services.passwordReset;
  const tabs = resetTabs(config, services.deps.sealer, services.deps.random);
  // As the API: per address on every step; per account and tenant on the start, in the handler (a localised page).
  const limited = { rateLimit: { max: config.resetRateLimitPerMinute, timeWindow: 60_000 } };
  // Page reads change nothing, and Back, reload and second tabs behind one NAT address must not use up the steps'
  // budget (and lock those users out of their own flows): they have their own, higher one against floods.
  const pageReads = { rateLimit: { max: config.resetPageRateLimitPerMinute, timeWindow: 60_000 } };
  const tenantLimiter = app.createRateLimit({
    max: config.resetTenantRateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: tenantKeyOf,
  });

  // Every page of a tab that started a flow — each step, the result, a restart, and an error page of this plugin's
  // routes (a refused CSRF token, a rate limit) — shows the look of the typed domain's tenant. First of the hooks,
  // so the error pages that the rate limit and CSRF check answer with are branded too.
  app.addHook('onRequest', async (request) => {
    rememberLook(request, await domainLook(services, tabs.read(request, tabs.handleOf(request)).domain));
  });

  /** A refused body (too long, too large) shows the step again with the message next to the field. */
  const recoverForm =
    (page: string): FormRecovery =>
    (request, reply, refused) => {
      const handle = tabs.handleFor(request);
      const methodId = (request.body as { methodId?: unknown } | undefined)?.methodId;
      const flash = refusedBodyFlash(localeOf(request), refused, typeof methodId === 'string' ? methodId : '');
      tabs.write(request, reply, handle, { ...tabs.read(request, tabs.handleOf(request)), flash });
      return reply.redirect(tabs.path(request, page, handle), 303);
    };

  const formRoute = (body: TSchema, page: string = resetPaths.flow) => ({
    schema: { hide: true, body },
    preValidation: app.csrfProtection.bind(app),
    config: { ...limited, recoverForm: recoverForm(page), continueTo: page },
  });

  /** One support code per request, as Entra shows: it goes to the service (audit) and the request log. */
  const contextOf = (request: FastifyRequest, reply: FastifyReply): ResetContext => {
    const supportCode = randomUUID();
    reply.header('x-sspr-support-code', supportCode);
    request.log.info({ supportCode }, 'password reset page');
    return { ipAddress: request.ip, locale: localeOf(request), supportCode };
  };
  const frameOf = (
    request: FastifyRequest,
    reply: FastifyReply,
    ctx: ResetContext,
    handle: string,
    flash?: Flash,
    view?: ResetFlowView,
  ): Frame => ({
    request,
    locale: ctx.locale,
    csrf: reply.generateCsrf(),
    supportCode: ctx.supportCode,
    handle,
    errors: flash?.errors ?? [],
    ...(flash?.notice && { notice: flash.notice }),
    ...(flash?.typed && { values: flash.typed }),
    ...(view && {
      account: t(ctx.locale, view.intent === 'unlock' ? 'portal.account.unlock' : 'portal.account.reset', {
        account: view.account,
      }),
    }),
  });

  /** Answers a post: the tab keeps the flash (and the flow), the browser is sent to the page by GET. */
  const redirectTo = (request: FastifyRequest, reply: FastifyReply, handle: string, page: string, state: TabState) => {
    tabs.write(request, reply, handle, state);
    return reply.redirect(tabs.path(request, page, handle), 303);
  };

  /** The page for the step the flow is in (or the one the flash asks for). */
  const showStep = (
    request: FastifyRequest,
    reply: FastifyReply,
    ctx: ResetContext,
    handle: string,
    view: ResetFlowView,
    flash?: Flash,
    methodsOnly = false,
  ) => {
    const frame = frameOf(request, reply, ctx, handle, flash, view);
    const status = flash?.status ?? 200;
    if (view.ineligible)
      return sendPage(
        reply,
        status,
        renderStop({ ...frame, errors: [{ text: ineligibleMessage(ctx.locale, view.ineligible) }] }, view.helpdesk),
      );
    // Blocked for 24 hours: told on the first page, before choosing anything (issue 14); decoys alike (security.md).
    if (view.blockedUntil && flash?.show !== 'contacted')
      return sendPage(
        reply,
        statusOf('SSPR_BLOCKED'),
        renderStop({ ...frame, errors: [{ text: blockedMessage(ctx.locale, view.blockedUntil) }] }, view.helpdesk),
      );
    if (flash?.show === 'stop') return sendPage(reply, status, renderStop(frame, view.helpdesk));
    if (flash?.show === 'contacted') return sendPage(reply, 200, renderContacted(frame, view.helpdesk));
    if (flash?.show === 'password') return sendPage(reply, status, renderNewPassword(frame, view));
    if (view.intent === null) return sendPage(reply, status, renderIntent(frame, view));
    if (view.canSetPassword)
      return sendPage(reply, status, view.intent === 'unlock' ? renderUnlock(frame) : renderNewPassword(frame, view));
    if (view.challenge && !methodsOnly && flash?.show !== 'methods')
      return sendPage(reply, status, renderChallenge(frame, view));
    return sendPage(reply, status, renderMethods(frame, view));
  };

  const restart = (request: FastifyRequest, reply: FastifyReply, ctx: ResetContext, handle: string) => {
    tabs.clear(reply, handle);
    return sendPage(reply, 404, renderRestart(frameOf(request, reply, ctx, handle)));
  };

  app.get<{ Querystring: { cancelled?: string } }>(
    resetPaths.start,
    { schema: { hide: true } },
    async (request, reply) => {
      const ctx = contextOf(request, reply);
      const handle = tabs.handleFor(request);
      const state = tabs.read(request, tabs.handleOf(request));
      const flash: Flash | undefined =
        state.flash ??
        (request.query.cancelled === '1'
          ? { status: 200, errors: [], notice: t(ctx.locale, 'reset.start.cancelled') }
          : undefined);
      if (state.flash) tabs.write(request, reply, handle, { ...state, flash: undefined });
      const frame = { ...frameOf(request, reply, ctx, handle, flash), look: await startLook(services, request, flash) };
      return sendPage(reply, flash?.status ?? 200, renderStart(frame));
    },
  );

  app.post<{ Body: Static<typeof StartForm> }>(
    resetPaths.start,
    formRoute(StartForm, resetPaths.start),
    async (request, reply) => {
      const ctx = contextOf(request, reply);
      const handle = tabs.handleFor(request);
      const username = request.body.username?.trim() ?? '';
      const again = (status: number, error: FieldError) =>
        redirectTo(request, reply, handle, resetPaths.start, {
          flash: { status, errors: [error], typed: keepTyped({ username }) },
        });
      if (!username) return again(400, { field: 'username', text: t(ctx.locale, 'reset.start.missing') });
      if (!(await startLimits(request, request.body.captcha ?? '', tenantLimiter)))
        return again(429, { text: startMessage(ctx.locale, 'RATE_LIMITED') });
      const started = await reset.start({ username, captcha: request.body.captcha ?? '' }, ctx);
      if (!started.ok) {
        // Without JavaScript "wait for the check" would never come true; with it, the check failed and starts again.
        const text =
          started.code === 'CAPTCHA_INVALID'
            ? captchaMessage(ctx.locale, request.body.captcha ?? '', request.body.captchaState ?? '')
            : startMessage(ctx.locale, started.code, started.details);
        return again(statusOf(started.code), { text });
      }
      // This tab's flow; another tab's is under its own handle and stays as it was.
      return redirectTo(request, reply, handle, resetPaths.flow, {
        flowId: started.value.flowId,
        domain: typedDomain(username),
      });
    },
  );

  for (const [path, methodsOnly] of [
    [resetPaths.flow, false],
    [resetPaths.methods, true],
  ] as const) {
    app.get(path, { schema: { hide: true }, config: pageReads }, async (request, reply) => {
      const ctx = contextOf(request, reply);
      const handle = tabs.handleFor(request);
      const state = tabs.read(request, tabs.handleOf(request));
      if (state.done) return reply.redirect(tabs.path(request, resetPaths.done, handle), 303);
      if (!state.flowId) return restart(request, reply, ctx, handle);
      const view = await reset.view(state.flowId, ctx);
      if (!view.ok) return restart(request, reply, ctx, handle);
      // The flash is shown once: a reload shows the step as it is.
      if (state.flash) tabs.write(request, reply, handle, { flowId: state.flowId });
      return showStep(request, reply, ctx, handle, view.value, state.flash, methodsOnly);
    });
  }

  /** The result, by GET: reloading it shows it again for as long as the tab's cookie lives. */
  app.get(resetPaths.done, { schema: { hide: true } }, async (request, reply) => {
    const ctx = contextOf(request, reply);
    const handle = tabs.handleFor(request);
    const { done } = tabs.read(request, tabs.handleOf(request));
    if (!done) return restart(request, reply, ctx, handle);
    return sendPage(reply, 200, renderDone(frameOf(request, reply, ctx, handle), done));
  });

  /** The tab's flow for a post; a tab without one (expired, finished, replaced) is told so on the next page. */
  const flowOf = (request: FastifyRequest) => {
    const handle = tabs.handleFor(request);
    return { handle, flowId: tabs.read(request, tabs.handleOf(request)).flowId ?? '' };
  };

  /** After a step: the next page on success, the same step with its message on a refusal. */
  const after = (
    request: FastifyRequest,
    reply: FastifyReply,
    ctx: ResetContext,
    result: { ok: true } | ({ ok: false } & Refusal),
    extra: { methodId?: string; typed?: Record<string, string>; notice?: string } = {},
  ) => {
    const { handle, flowId } = flowOf(request);
    if (result.ok)
      return redirectTo(request, reply, handle, resetPaths.flow, {
        flowId,
        ...(extra.notice && { flash: { status: 200, errors: [], notice: extra.notice } }),
      });
    const flash = refusalFlash(ctx.locale, result, extra.methodId);
    if (flash.restart) {
      tabs.clear(reply, handle);
      return reply.redirect(tabs.path(request, resetPaths.flow, handle), 303);
    }
    return redirectTo(request, reply, handle, resetPaths.flow, {
      flowId,
      flash: { ...flash, ...(extra.typed && { typed: extra.typed }) },
    });
  };

  app.post<{ Body: Static<typeof IntentForm> }>(resetPaths.intent, formRoute(IntentForm), async (request, reply) => {
    const ctx = contextOf(request, reply);
    const intent = request.body.intent;
    if (intent !== 'reset' && intent !== 'unlock') return after(request, reply, ctx, refused('INTENT_REQUIRED'));
    return after(request, reply, ctx, await reset.chooseIntent(flowOf(request).flowId, intent, ctx));
  });

  app.post<{ Body: Static<typeof ChallengeForm> }>(
    resetPaths.challenge,
    formRoute(ChallengeForm),
    async (request, reply) => {
      const ctx = contextOf(request, reply);
      const { flowId } = flowOf(request);
      const methodId = request.body.methodId ?? '';
      const phoneNumber = request.body.phoneNumber?.trim();
      // A second "Email my code" while the first code lives: the new code replaces it, and the page says so.
      const before = await reset.view(flowId, ctx);
      const resend = before.ok && before.value.challenge?.methodId === methodId;
      const input = { methodId, ...(phoneNumber !== undefined && { phoneNumber }) };
      const result = await reset.challenge(flowId, input, ctx);
      return after(request, reply, ctx, result, {
        methodId,
        ...(phoneNumber && { typed: keepTyped({ [`m-${methodId}-phone`]: phoneNumber }) }),
        ...(resend &&
          before.value.challenge?.questions === undefined && { notice: t(ctx.locale, 'portal.code.resent') }),
      });
    },
  );

  app.post<{ Body: Record<string, string | undefined> }>(
    resetPaths.verify,
    formRoute(VerifyForm),
    async (request, reply) => {
      const ctx = contextOf(request, reply);
      const { flowId } = flowOf(request);
      const methodId = request.body.methodId ?? '';
      const current = await reset.view(flowId, ctx);
      if (!current.ok) return after(request, reply, ctx, current);
      // The questions asked are the flow's current pick, in the order shown; the form only carries the answers.
      const questions = current.value.challenge?.methodId === methodId ? (current.value.challenge.questions ?? []) : [];
      // A code form always sends `code`: an empty one is an input error (not an attempt), told by the service.
      const code = request.body.code;
      const response = readCeremonyResponse(request.body.response);
      const input = {
        methodId,
        ...(code !== undefined && { code }),
        ...(response && { response }),
        ...(questions.length > 0 && {
          answers: questions.map((q, i) => ({ questionId: q.id, answer: request.body[`answer${i + 1}`] ?? '' })),
        }),
      };
      return after(request, reply, ctx, await reset.verify(flowId, input, ctx), { methodId });
    },
  );

  app.post<{ Body: Static<typeof PasswordForm> }>(
    resetPaths.password,
    formRoute(PasswordForm),
    async (request, reply) => {
      const ctx = contextOf(request, reply);
      const { handle, flowId } = flowOf(request);
      const { newPassword = '', confirmPassword = '' } = request.body;
      if (!newPassword || newPassword !== confirmPassword) {
        const error: FieldError = newPassword
          ? { field: 'confirmPassword', text: t(ctx.locale, 'reset.password.mismatch') }
          : { field: 'newPassword', text: t(ctx.locale, 'reset.password.empty') };
        return redirectTo(request, reply, handle, resetPaths.flow, {
          flowId,
          flash: { status: 400, errors: [error], show: 'password' },
        });
      }
      const done = await reset.setPassword(
        flowId,
        { newPassword, ...(request.body.unlock === '1' && { unlock: true }) },
        ctx,
      );
      if (!done.ok) return after(request, reply, ctx, done);
      return redirectTo(request, reply, handle, resetPaths.done, { done: 'passwordReset' });
    },
  );

  app.post<{ Body: Static<typeof CsrfOnly> }>(resetPaths.unlock, formRoute(CsrfOnly), async (request, reply) => {
    const ctx = contextOf(request, reply);
    const { handle, flowId } = flowOf(request);
    const done = await reset.unlock(flowId, ctx);
    if (!done.ok) return after(request, reply, ctx, done);
    return redirectTo(request, reply, handle, resetPaths.done, { done: 'unlocked' });
  });

  app.post<{ Body: Static<typeof CsrfOnly> }>(resetPaths.cancel, formRoute(CsrfOnly), async (request, reply) => {
    const ctx = contextOf(request, reply);
    const { handle, flowId } = flowOf(request);
    // Cancelling an unknown or finished flow changes nothing; the user lands on a fresh start either way.
    await reset.cancel(flowId, ctx);
    tabs.clear(reply, handle);
    return reply.redirect(withQuery(request, resetPaths.start, { f: handle, cancelled: '1' }), 303);
  });

  app.post<{ Body: Static<typeof CsrfOnly> }>(resetPaths.contactAdmin, formRoute(CsrfOnly), async (request, reply) => {
    const ctx = contextOf(request, reply);
    const { handle, flowId } = flowOf(request);
    const contacted = await reset.contactAdmin(flowId, ctx);
    if (!contacted.ok) return after(request, reply, ctx, contacted);
    return redirectTo(request, reply, handle, resetPaths.flow, {
      flowId,
      flash: { status: 200, errors: [], show: 'contacted' },
    });
  });
};

const refused = (code: Refusal['code']): { ok: false } & Refusal => ({ ok: false, code });

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static, type TSchema } from 'typebox';
import { errorCatalogue, type ErrorCode } from '../../core/errors.js';
import { isMessageKey, type Locale } from '../../i18n/i18n.js';
import type { MethodView, NewMethod } from '../../services/security-info/security-info-service.js';
import type { HttpContext } from '../context.js';
import { localeOf, withMkt } from '../request-context.js';
import { sendPage, t } from './layout.js';
import { requirePageSession, withQuery } from './page-session.js';
import {
  codeTypes,
  methodPath,
  renderCodeEntry,
  renderSecurityInfo,
  securityInfoPath,
  type SecurityInfoView,
} from './security-info-views.js';

const field = (maxLength: number) => Type.Optional(Type.String({ maxLength }));
const Csrf = { _csrf: field(512) };
const EmailForm = Type.Object({ address: field(320), ...Csrf });
const PhoneForm = Type.Object({ number: field(64), ...Csrf });
const AppForm = Type.Object({ label: field(64), ...Csrf });
const CodeForm = Type.Object({ code: field(32), ...Csrf });
const StepUpForm = Type.Object({ password: field(1024), ...Csrf });
const CsrfOnly = Type.Object(Csrf);
/** At most 5 questions are registered (policy: 3-5); answers are checked by the service. */
const maxQuestions = 5;
const QuestionsForm = Type.Object({
  ...Object.fromEntries(
    Array.from({ length: maxQuestions }, (_, i) => [
      [`question${i + 1}`, field(64)],
      [`answer${i + 1}`, field(200)],
    ]).flat(),
  ),
  ...Csrf,
});
const MethodParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) });

/** Notices shown after a redirect (post/redirect/get), by a fixed name so the URL cannot inject text. */
const notices = ['verified', 'removed', 'questions', 'stepUp', 'resent', 'confirmed'] as const;
type Notice = (typeof notices)[number];

/** A failure code as a sentence in the user's language; never the raw code or a stack trace. */
export const securityInfoMessage = (locale: Locale, code: string): string => {
  const key = `account.securityInfo.error.${code}`;
  return isMessageKey(key) ? t(locale, key) : t(locale, 'account.securityInfo.failed');
};
const statusOf = (code: string) => (code in errorCatalogue ? errorCatalogue[code as ErrorCode].status : 400);

export const securityInfoPage = async (app: FastifyInstance, context: HttpContext) => {
  const { config, services } = context;
  const requireSession = requirePageSession(context);
  const securityInfo = services.securityInfo;
  // Each POST may send a code or check a password: the same per-address limit as sign-in.
  const limited = { rateLimit: { max: config.signInRateLimitPerMinute, timeWindow: 60_000 } };
  const ctxOf = (request: FastifyRequest) => ({ ipAddress: request.ip, locale: localeOf(request) });

  /** The main page, optionally with a refusal; STEP_UP_REQUIRED brings back the password form. */
  const renderMain = async (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    extra: Partial<SecurityInfoView> = {},
  ) => {
    const active = request.active!;
    const locale = localeOf(request);
    const [listing, policy] = await Promise.all([
      securityInfo.listMethods(active),
      services.ssprPolicy.policyOf(active.user.tenantId),
    ]);
    const offersQuestions = listing.allowedTypes.includes('securityQuestions');
    return sendPage(
      reply,
      status,
      renderSecurityInfo(request, {
        locale,
        csrf: reply.generateCsrf(),
        listing,
        stepUpFresh: securityInfo.stepUpFresh(active),
        questions: offersQuestions ? await securityInfo.securityQuestions(active.user.tenantId, locale) : [],
        questionsToRegister: policy.questionsToRegister,
        ...extra,
      }),
    );
  };

  const refuse = (request: FastifyRequest, reply: FastifyReply, code: string, typed?: SecurityInfoView['typed']) =>
    renderMain(request, reply, statusOf(code), {
      errors: [securityInfoMessage(localeOf(request), code)],
      ...(typed && { typed }),
      ...(code === 'STEP_UP_REQUIRED' && { stepUpFresh: false }),
    });

  const back = (request: FastifyRequest, reply: FastifyReply, notice: Notice) =>
    reply.redirect(withQuery(request, securityInfoPath, { notice }), 303);

  const findMethod = async (request: FastifyRequest, id: string): Promise<MethodView | undefined> =>
    (await securityInfo.listMethods(request.active!)).methods.find((m) => m.id === id);

  app.get<{ Querystring: { notice?: string } }>(
    securityInfoPath,
    { schema: { hide: true }, preHandler: requireSession },
    async (request, reply) => {
      const locale = localeOf(request);
      const notice = notices.find((n) => n === request.query.notice);
      return renderMain(
        request,
        reply,
        200,
        notice ? { notice: t(locale, `account.securityInfo.notice.${notice}`) } : {},
      );
    },
  );

  /** Adds a method whose code is sent to it, then shows the code form (by redirect, so a reload sends nothing). */
  const addAndAskForCode = async (
    request: FastifyRequest,
    reply: FastifyReply,
    input: NewMethod,
    typed: SecurityInfoView['typed'],
  ) => {
    const result = await securityInfo.addMethod(request.active!, input, ctxOf(request));
    if (!result.ok) return refuse(request, reply, result.code, typed);
    return reply.redirect(withMkt(request, methodPath(result.value.method.id, 'verify')), 303);
  };

  const formRoute = (body: TSchema) => ({
    schema: { hide: true, body },
    preValidation: app.csrfProtection.bind(app),
    preHandler: requireSession,
    config: limited,
  });

  app.post<{ Body: Static<typeof EmailForm> }>(
    `${securityInfoPath}/email`,
    formRoute(EmailForm),
    async (request, reply) => {
      const address = request.body.address?.trim() ?? '';
      if (!address) return refuse(request, reply, 'EMAIL_INVALID');
      return addAndAskForCode(request, reply, { type: 'alternateEmail', address }, { address });
    },
  );

  app.post<{ Body: Static<typeof PhoneForm> }>(
    `${securityInfoPath}/phone`,
    formRoute(PhoneForm),
    async (request, reply) => {
      const number = request.body.number?.trim() ?? '';
      if (!number) return refuse(request, reply, 'PHONE_INVALID');
      return addAndAskForCode(request, reply, { type: 'mobilePhone', number }, { number });
    },
  );

  app.post<{ Body: Static<typeof AppForm> }>(`${securityInfoPath}/app`, formRoute(AppForm), async (request, reply) => {
    const label = request.body.label?.trim() ?? '';
    const result = await securityInfo.addMethod(
      request.active!,
      { type: 'authenticatorApp', ...(label && { label }) },
      ctxOf(request),
    );
    if (!result.ok) return refuse(request, reply, result.code, { label });
    const { method, secret, otpauthUri, qrSvg } = result.value;
    // The secret exists only in this response, so this page is rendered, not redirected to.
    const setup = secret && otpauthUri ? { secret, otpauthUri, ...(qrSvg && { qrSvg }) } : undefined;
    return sendPage(
      reply,
      200,
      renderCodeEntry(request, {
        locale: localeOf(request),
        csrf: reply.generateCsrf(),
        method,
        ...(setup && { setup }),
      }),
    );
  });

  app.post<{ Body: Record<string, string | undefined> }>(
    `${securityInfoPath}/questions`,
    formRoute(QuestionsForm),
    async (request, reply) => {
      const locale = localeOf(request);
      const body = request.body;
      const { questionsToRegister } = await services.ssprPolicy.policyOf(request.active!.user.tenantId);
      const numbers = Array.from({ length: Math.min(questionsToRegister, maxQuestions) }, (_, i) => i + 1);
      const questionIds = numbers.map((n) => body[`question${n}`] ?? '');
      const answers = numbers.map((n) => ({ questionId: questionIds[n - 1]!, answer: body[`answer${n}`] ?? '' }));
      // The same question twice, or one left empty, is a form slip: say so before asking the service.
      if (questionIds.some((id) => !id) || new Set(questionIds).size !== questionIds.length) {
        return renderMain(request, reply, 400, {
          errors: [t(locale, 'account.securityInfo.add.questions.pickDifferent', { count: questionsToRegister })],
          typed: { questionIds },
        });
      }
      const result = await securityInfo.addMethod(
        request.active!,
        { type: 'securityQuestions', answers },
        ctxOf(request),
      );
      if (!result.ok) return refuse(request, reply, result.code, { questionIds });
      return back(request, reply, 'questions');
    },
  );

  app.get<{ Params: Static<typeof MethodParams> }>(
    `${securityInfoPath}/methods/:id/verify`,
    { schema: { hide: true, params: MethodParams }, preHandler: requireSession },
    async (request, reply) => {
      const method = await findMethod(request, request.params.id);
      // A code is entered for a pending method, or from a verified app to step up; else back to the overview.
      const wantsCode =
        method && (method.status === 'pending' ? codeTypes.includes(method.type) : method.type === 'authenticatorApp');
      if (!method || !wantsCode) return reply.redirect(withMkt(request, securityInfoPath), 303);
      return sendPage(
        reply,
        200,
        renderCodeEntry(request, { locale: localeOf(request), csrf: reply.generateCsrf(), method }),
      );
    },
  );

  /** A code-form refusal stays on the code form while the method still exists. */
  const refuseOnCodeForm = async (request: FastifyRequest, reply: FastifyReply, id: string, code: string) => {
    const method = code === 'STEP_UP_REQUIRED' ? undefined : await findMethod(request, id);
    if (!method || !codeTypes.includes(method.type)) return refuse(request, reply, code);
    const errors = [securityInfoMessage(localeOf(request), code)];
    return sendPage(
      reply,
      statusOf(code),
      renderCodeEntry(request, { locale: localeOf(request), csrf: reply.generateCsrf(), method, errors }),
    );
  };

  const postOnMethod = (
    action: 'verify' | 'resend' | 'delete',
    body: TSchema,
    handler: (request: FastifyRequest, reply: FastifyReply, id: string) => Promise<unknown>,
  ) =>
    app.post<{ Params: Static<typeof MethodParams> }>(
      `${securityInfoPath}/methods/:id/${action}`,
      { ...formRoute(body), schema: { hide: true, params: MethodParams, body } },
      (request, reply) => handler(request, reply, request.params.id),
    );

  postOnMethod('verify', CodeForm, async (request, reply, id) => {
    const code = String((request.body as Static<typeof CodeForm>).code ?? '').replace(/\s+/g, '');
    if (!code) return refuseOnCodeForm(request, reply, id, 'CODE_INVALID');
    // A code for a method that was already verified is a step-up, not a registration.
    const wasVerified = (await findMethod(request, id))?.status === 'verified';
    const result = await securityInfo.verifyMethod(request.active!, id, code, ctxOf(request));
    if (!result.ok) return refuseOnCodeForm(request, reply, id, result.code);
    return back(request, reply, wasVerified ? 'stepUp' : 'verified');
  });

  postOnMethod('resend', CsrfOnly, async (request, reply, id) => {
    const result = await securityInfo.resendCode(request.active!, id, ctxOf(request));
    if (!result.ok) return refuseOnCodeForm(request, reply, id, result.code);
    // For a verified method this is the first code of a step-up; "a new code" is news only for a pending one.
    const { method } = result.value;
    const notice =
      method.status === 'pending' ? { notice: t(localeOf(request), 'account.securityInfo.notice.resent') } : {};
    return sendPage(
      reply,
      200,
      renderCodeEntry(request, { locale: localeOf(request), csrf: reply.generateCsrf(), method, ...notice }),
    );
  });

  postOnMethod('delete', CsrfOnly, async (request, reply, id) => {
    const result = await securityInfo.removeMethod(request.active!, id, ctxOf(request));
    if (!result.ok) return refuse(request, reply, result.code);
    return back(request, reply, 'removed');
  });

  app.post<{ Body: Static<typeof StepUpForm> }>(
    `${securityInfoPath}/step-up`,
    formRoute(StepUpForm),
    async (request, reply) => {
      const password = request.body.password ?? '';
      if (!password)
        return renderMain(request, reply, 400, {
          errors: [securityInfoMessage(localeOf(request), 'VALIDATION_FAILED')],
          stepUpFresh: false,
        });
      const result = await securityInfo.stepUp(request.active!, password, ctxOf(request));
      if (!result.ok)
        return renderMain(request, reply, statusOf(result.code), {
          errors: [securityInfoMessage(localeOf(request), result.code)],
          stepUpFresh: false,
        });
      return back(request, reply, 'stepUp');
    },
  );
};

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static, type TProperties, type TSchema } from 'typebox';
import { errorCatalogue, type ErrorCode } from '../../core/errors.js';
import type { EnrolmentForm } from '../../core/methods/method-contract.js';
import { isMessageKey, type Locale } from '../../i18n/i18n.js';
import type { MethodView, NewMethod } from '../../services/security-info/security-info-service.js';
import type { HttpContext } from '../context.js';
import { localeOf, withMkt } from '../request-context.js';
import { enrolments, entryOf } from '../../methods/registry.js';
import { translatorFor } from './fragment-context.js';
import { sendPage, t } from './layout.js';
import { requirePageSession, withQuery } from './page-session.js';
import {
  codeTypes,
  methodPath,
  provesWithApp,
  renderCodeEntry,
  renderSecurityInfo,
  securityInfoPath,
  type SecurityInfoView,
} from './security-info-views.js';

const field = (maxLength: number) => Type.Optional(Type.String({ maxLength }));
const Csrf = { _csrf: field(512) };
const CodeForm = Type.Object({ code: field(32), ...Csrf });
const StepUpForm = Type.Object({ password: field(1024), ...Csrf });
const CsrfOnly = Type.Object(Csrf);
const MethodParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) });

/** Notices shown after a redirect (post/redirect/get), by a fixed name so the URL cannot inject text. */
const notices: readonly string[] = [
  ...['verified', 'removed', 'stepUp', 'resent', 'confirmed'],
  // An enrolment saved at once names its own notice (`account.securityInfo.notice.<name>`, in its texts).
  ...enrolments.flatMap(({ form }: { form: EnrolmentForm }) => form.savedNotice ?? []),
];
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
    // The question list is loaded only when an offered add form picks from it.
    const offersQuestions = enrolments.some(
      (e) => (e.form as EnrolmentForm).picksQuestions && listing.allowedTypes.includes(e.kind),
    );
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
        notice ? { notice: translatorFor(locale)(`account.securityInfo.notice.${notice}`) } : {},
      );
    },
  );

  const formRoute = (body: TSchema) => ({
    schema: { hide: true, body },
    preValidation: app.csrfProtection.bind(app),
    preHandler: requireSession,
    config: limited,
  });

  /**
   * One add route per registered enrolment (src/methods/registry.ts), at its form path: the plugin's
   * form reads the fields; what follows depends on how the kind is verified. A code sent to it: the
   * code form, by redirect (a reload sends nothing). An app: its setup page, rendered, since the
   * secret exists only in this response. Neither (a set of answers): saved, back with its notice.
   */
  for (const enrolment of enrolments) {
    const form: EnrolmentForm = enrolment.form;
    const verifiedBy = entryOf(enrolment.kind)?.verifiedBy;
    app.post<{ Body: Record<string, string | undefined> }>(
      `${securityInfoPath}/${enrolment.formPath}`,
      formRoute(Type.Object({ ...(form.fields as TProperties), ...Csrf })),
      async (request, reply) => {
        const active = request.active!;
        const { questionsToRegister } = await services.ssprPolicy.policyOf(active.user.tenantId);
        const reading = form.read(request.body, { questionsToRegister });
        if (!reading.ok) {
          const { refusal, typed } = reading;
          if ('code' in refusal) return refuse(request, reply, refusal.code, typed);
          // A form slip, said in the plugin's words before the service is asked.
          return renderMain(request, reply, 400, {
            errors: [translatorFor(localeOf(request))(refusal.message, refusal.params)],
            ...(typed && { typed }),
          });
        }
        const result = await securityInfo.addMethod(active, reading.input as NewMethod, ctxOf(request));
        if (!result.ok) return refuse(request, reply, result.code, reading.typed);
        const { method, secret, otpauthUri, qrSvg } = result.value;
        if (verifiedBy === 'code') return reply.redirect(withMkt(request, methodPath(method.id, 'verify')), 303);
        if (verifiedBy === 'totp') {
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
        }
        return back(request, reply, form.savedNotice ?? 'verified');
      },
    );
  }

  app.get<{ Params: Static<typeof MethodParams> }>(
    `${securityInfoPath}/methods/:id/verify`,
    { schema: { hide: true, params: MethodParams }, preHandler: requireSession },
    async (request, reply) => {
      const method = await findMethod(request, request.params.id);
      // A code is entered for a pending method, or from a verified app to step up; else back to the overview.
      const wantsCode =
        method && (method.status === 'pending' ? codeTypes.includes(method.type) : provesWithApp(method.type));
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

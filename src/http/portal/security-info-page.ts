import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static, type TObject, type TProperties } from 'typebox';
import type { EnrolmentForm } from '../../core/methods/method-contract.js';
import { isMessageKey, type Locale } from '../../i18n/i18n.js';
import type { MethodView, NewMethod } from '../../services/security-info/security-info-service.js';
import type { HttpContext } from '../context.js';
import { localeOf, withMkt } from '../request-context.js';
import { enrolments, entryOf } from '../../methods/registry.js';
import { translatorFor } from './fragment-context.js';
import { sendPage, t } from './layout.js';
import { requirePageSession, withQuery } from './page-session.js';
import { setFlash, takeFlash, type FormFlash } from './form-flash.js';
import type { FormRecovery } from './form-state.js';
import { addPath, localised, offeredKinds, renderDeleteConfirm } from './security-info-list.js';
import {
  codeTypes,
  methodPath,
  provesWithApp,
  renderAddPage,
  renderCodeEntry,
  renderSecurityInfo,
  securityInfoPath,
} from './security-info-views.js';

const field = (maxLength: number) => Type.Optional(Type.String({ maxLength }));
const Csrf = { _csrf: field(512) };
const Id = Type.Optional(Type.String({ maxLength: 64, pattern: '^[A-Za-z0-9_-]*$' }));
/** A change carries the entry it replaces from the add page to the code form. */
const Replaces = { replaces: Id };
const CodeForm = Type.Object({ code: field(32), ...Csrf, ...Replaces });
const StepUpForm = Type.Object({ password: field(1024), ...Csrf });
const CsrfOnly = Type.Object(Csrf);
const ResendForm = Type.Object({ ...Csrf, ...Replaces });
const AddQuery = Type.Object({ kind: Type.String({ maxLength: 64 }), replaces: Id, mkt: field(16) });
/** `sent=1`: a step-up code was just sent to this verified entry (the resend's redirect). */
const VerifyQuery = Type.Object({ notice: field(32), replaces: Id, sent: field(1), mkt: field(16) });
/** An id read from a body or path the schema refused: used only when it has an id's shape. */
const idOf = (value: unknown) => (typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value) ? value : undefined);
const MethodParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) });

/** Notices shown after a redirect (post/redirect/get), by a fixed name so the URL cannot inject text. */
const notices: readonly string[] = [
  ...['verified', 'removed', 'stepUp', 'resent', 'confirmed', 'changed'],
  // An enrolment saved at once names its own notice (`account.securityInfo.notice.<name>`, in its texts).
  ...enrolments.flatMap(({ form }: { form: EnrolmentForm }) => form.savedNotice ?? []),
];
type Notice = (typeof notices)[number];

/** A failure code as a sentence in the user's language; never the raw code or a stack trace. */
export const securityInfoMessage = (locale: Locale, code: string): string => {
  const key = `account.securityInfo.error.${code}`;
  return isMessageKey(key) ? t(locale, key) : t(locale, 'account.securityInfo.failed');
};

/** Refusals of what was typed in one input of an add form (by the input's id): the message goes at that field. */
const fieldOfCode: Readonly<Record<string, string>> = {
  PHONE_INVALID: 'number',
  PHONE_TYPE_NOT_ALLOWED: 'number',
  EMAIL_INVALID: 'address',
};

/** Refusals the add page cannot fix: the overview asks for the password again or no longer offers the kind. */
const toOverview = new Set<string>(['STEP_UP_REQUIRED', 'QUESTIONS_NOT_FOR_ADMINS', 'METHOD_TYPE_NOT_ALLOWED']);

export const securityInfoPage = async (app: FastifyInstance, context: HttpContext) => {
  const { config, services } = context;
  const requireSession = requirePageSession(context);
  const securityInfo = services.securityInfo;
  // Each POST may send a code or check a password: the same per-address limit as sign-in.
  const limited = { rateLimit: { max: config.signInRateLimitPerMinute, timeWindow: 60_000 } };
  const ctxOf = (request: FastifyRequest) => ({ ipAddress: request.ip, locale: localeOf(request) });

  /** The flash's refusal in the user's words. */
  const errorsOf = (request: FastifyRequest, flash: FormFlash): string[] => {
    const { error } = flash;
    if (!error) return [];
    const locale = localeOf(request);
    if ('code' in error) return [securityInfoMessage(locale, error.code)];
    return [
      isMessageKey(error.message)
        ? translatorFor(locale)(error.message, error.params)
        : t(locale, 'account.securityInfo.failed'),
    ];
  };

  /**
   * Every failed post ends in a redirect (post/redirect/get): the refusal and the typed values (never
   * secrets: each form's `read` keeps only what may be shown) go in the flash, so Back and reload never
   * ask to resubmit.
   */
  const failTo = (request: FastifyRequest, reply: FastifyReply, path: string, flash: FormFlash) => {
    setFlash(reply, config, flash);
    return reply.redirect(localised(request, path), 303);
  };

  const back = (request: FastifyRequest, reply: FastifyReply, notice: Notice) =>
    reply.redirect(withQuery(request, securityInfoPath, { notice }), 303);

  const findMethod = async (request: FastifyRequest, id: string | undefined): Promise<MethodView | undefined> =>
    id ? (await securityInfo.listMethods(request.active!)).methods.find((m) => m.id === id) : undefined;

  /** A user's own entry of `kind` that a change replaces; anything else is ignored. */
  const replaceable = async (request: FastifyRequest, id: string | undefined, kind: string) => {
    const method = await findMethod(request, id);
    return method && method.source === 'user' && method.type === kind ? method : undefined;
  };

  app.get<{ Querystring: { notice?: string } }>(
    securityInfoPath,
    { schema: { hide: true }, preHandler: requireSession },
    async (request, reply) => {
      const active = request.active!;
      const locale = localeOf(request);
      const flash = takeFlash(request, reply, config);
      const notice = notices.find((n) => n === request.query.notice);
      const listing = await securityInfo.listMethods(active);
      const page = renderSecurityInfo(request, {
        locale,
        csrf: reply.generateCsrf(),
        listing,
        // A refused change asks for the password again.
        stepUpFresh:
          securityInfo.stepUpFresh(active) &&
          !(flash.error && 'code' in flash.error && flash.error.code === 'STEP_UP_REQUIRED'),
        errors: errorsOf(request, flash),
        ...(notice && { notice: translatorFor(locale)(`account.securityInfo.notice.${notice}`) }),
      });
      // The page after a redirect is a plain 200; the refusal is in its alert.
      return sendPage(reply, 200, page);
    },
  );

  /** The add page of one kind (the picker's choice, or Change on a row); without a fresh step-up, the overview asks for it. */
  app.get<{ Querystring: Static<typeof AddQuery> }>(
    `${securityInfoPath}/add`,
    { schema: { hide: true, querystring: AddQuery }, preHandler: requireSession },
    async (request, reply) => {
      const active = request.active!;
      const { kind } = request.query;
      const listing = await securityInfo.listMethods(active);
      const replaces = await replaceable(request, request.query.replaces, kind);
      // Offered: what the picker offers, or the kind of the entry being changed.
      const offered = replaces
        ? listing.allowedTypes.includes(replaces.type)
        : offeredKinds(listing).includes(kind as MethodView['type']);
      if (!offered || !securityInfo.stepUpFresh(active)) return reply.redirect(withMkt(request, securityInfoPath), 303);
      const flash = takeFlash(request, reply, config);
      const locale = localeOf(request);
      const { questionsToRegister } = await services.ssprPolicy.policyOf(active.user.tenantId);
      const picksQuestions = enrolments.some((e) => e.kind === kind && (e.form as EnrolmentForm).picksQuestions);
      return sendPage(
        reply,
        200,
        renderAddPage(request, {
          locale,
          csrf: reply.generateCsrf(),
          kind: kind as MethodView['type'],
          ...(replaces && { replaces }),
          questions: picksQuestions ? await securityInfo.securityQuestions(active.user.tenantId, locale) : [],
          questionsToRegister,
          hasSet: listing.methods.some((m) => m.type === kind),
          regions: await securityInfo.phoneRegions(active.user.tenantId),
          errors: errorsOf(request, flash),
          ...(flash.error && 'code' in flash.error && { errorField: fieldOfCode[flash.error.code] }),
          ...(flash.field && { errorField: flash.field }),
          ...(flash.typed && { typed: flash.typed }),
        }),
      );
    },
  );

  /**
   * A body refused before its handler (a field over its limit, as a script or an old browser sends past the
   * input's maxlength, or a body over the size limit): back to the form's page with the message at the field,
   * not a dead-end error page whose link leads to sign-in. Nothing typed comes back (it was too long to keep).
   */
  const recoverTo =
    (body: TObject, pageOf: (request: FastifyRequest) => string): FormRecovery =>
    (request, reply, refused) => {
      const [name] = refused.fields;
      const schema: { maxLength?: number } | undefined = name ? body.properties[name] : undefined;
      const max = schema?.maxLength;
      const error =
        name && max ? { message: 'portal.field.tooLong', params: { max } } : { message: 'portal.form.tooLarge' };
      return failTo(request, reply, pageOf(request), { error, ...(name && max && { field: name }) });
    };

  const formRoute = (body: TObject, pageOf: (request: FastifyRequest) => string) => ({
    schema: { hide: true, body },
    preValidation: app.csrfProtection.bind(app),
    preHandler: requireSession,
    config: { ...limited, recoverForm: recoverTo(body, pageOf) },
  });

  /**
   * One add route per registered enrolment (src/methods/registry.ts), at its form path: the plugin's
   * form reads the fields; what follows depends on how the kind is verified. A code sent to it: the
   * code form, by redirect (a reload sends nothing). An app: its setup page, rendered, since the
   * secret exists only in this response. Neither (a set of answers): saved, back with its notice.
   * A refusal goes back to the kind's add page with the typed values.
   */
  for (const enrolment of enrolments) {
    const form: EnrolmentForm = enrolment.form;
    const verifiedBy = entryOf(enrolment.kind)?.verifiedBy;
    app.post<{ Body: Record<string, string | undefined> }>(
      `${securityInfoPath}/${enrolment.formPath}`,
      formRoute(Type.Object({ ...(form.fields as TProperties), ...Csrf, ...Replaces }), (request) =>
        addPath(enrolment.kind, idOf((request.body as { replaces?: unknown } | undefined)?.replaces)),
      ),
      async (request, reply) => {
        const active = request.active!;
        const replaces = (await replaceable(request, request.body.replaces, enrolment.kind))?.id;
        const addPage = addPath(enrolment.kind, replaces);
        const { questionsToRegister } = await services.ssprPolicy.policyOf(active.user.tenantId);
        const reading = form.read(request.body, { questionsToRegister });
        if (!reading.ok) {
          const { refusal, typed } = reading;
          const to = 'code' in refusal && toOverview.has(refusal.code) ? securityInfoPath : addPage;
          return failTo(request, reply, to, { error: refusal, ...(typed && { typed }) });
        }
        const result = await securityInfo.addMethod(active, reading.input as NewMethod, ctxOf(request));
        if (!result.ok)
          return failTo(request, reply, toOverview.has(result.code) ? securityInfoPath : addPage, {
            error: { code: result.code },
            typed: reading.typed,
          });
        const { method, secret, otpauthUri, qrSvg } = result.value;
        if (verifiedBy === 'code')
          return reply.redirect(withQuery(request, methodPath(method.id, 'verify'), replaces ? { replaces } : {}), 303);
        if (verifiedBy === 'totp') {
          const setup = secret && otpauthUri ? { secret, otpauthUri, ...(qrSvg && { qrSvg }) } : undefined;
          return sendPage(
            reply,
            200,
            renderCodeEntry(request, {
              locale: localeOf(request),
              csrf: reply.generateCsrf(),
              method,
              ...(replaces && { replaces }),
              ...(setup && { setup }),
            }),
          );
        }
        // Saved at once (a set replaced whole): a change needs nothing more.
        return back(request, reply, replaces ? 'changed' : (form.savedNotice ?? 'verified'));
      },
    );
  }

  app.get<{ Params: Static<typeof MethodParams>; Querystring: Static<typeof VerifyQuery> }>(
    `${securityInfoPath}/methods/:id/verify`,
    { schema: { hide: true, params: MethodParams, querystring: VerifyQuery }, preHandler: requireSession },
    async (request, reply) => {
      const method = await findMethod(request, request.params.id);
      // A code is entered for a pending method, or for a verified one to step up (mailed or from the app).
      const wantsCode = method && codeTypes.includes(method.type);
      if (!method || !wantsCode) return reply.redirect(withMkt(request, securityInfoPath), 303);
      // A verified entry that is sent its codes has a code to enter only right after one was sent for a step-up. Back
      // to the code form it was verified on would say "we sent a code" with nothing sent: the overview instead.
      if (method.status === 'verified' && !provesWithApp(method.type) && request.query.sent !== '1')
        return reply.redirect(withMkt(request, securityInfoPath), 303);
      const flash = takeFlash(request, reply, config);
      const locale = localeOf(request);
      const replaces = (await replaceable(request, request.query.replaces, method.type))?.id;
      return sendPage(
        reply,
        200,
        renderCodeEntry(request, {
          locale,
          csrf: reply.generateCsrf(),
          method,
          errors: errorsOf(request, flash),
          ...(flash.field === 'code' && { codeRefused: true }),
          ...(replaces && { replaces }),
          ...(request.query.notice === 'resent' && { notice: t(locale, 'account.securityInfo.notice.resent') }),
        }),
      );
    },
  );

  /** Refusals of the code typed (besides a typing slip): the input is marked as the cause. */
  const codeRefusals = new Set(['CODE_INVALID', 'CODE_EXPIRED']);

  /** A code-form refusal goes back to the code form while the method still exists. */
  const refuseOnCodeForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    code: string,
    replaces?: string,
    details?: Record<string, unknown>,
    /** A refused verify is about the code typed; a refused resend is not. */
    aboutCode = false,
  ) => {
    const method = code === 'STEP_UP_REQUIRED' ? undefined : await findMethod(request, id);
    if (!method || !codeTypes.includes(method.type))
      return failTo(request, reply, securityInfoPath, { error: { code } });
    // A typing slip (nothing, or letters) says so, as in the reset wizard; it cost no attempt.
    const typo = code === 'VALIDATION_FAILED' && details?.field === 'code';
    const error = typo
      ? { message: details.reason === 'empty' ? 'portal.code.empty' : 'portal.code.notDigits' }
      : { code };
    // Only a refusal of what was typed marks the input; a limit or a block is not the code's fault.
    const ofTypedCode = aboutCode && (typo || codeRefusals.has(code));
    // A refused step-up code comes back to the step-up's code form (which needs its marker).
    const query = new URLSearchParams({
      ...(replaces && { replaces }),
      ...(method.status === 'verified' && { sent: '1' }),
    }).toString();
    return failTo(request, reply, `${methodPath(id, 'verify')}${query ? `?${query}` : ''}`, {
      error,
      ...(ofTypedCode && { field: 'code' }),
    });
  };

  const postOnMethod = (
    action: 'verify' | 'resend' | 'delete',
    body: TObject,
    handler: (request: FastifyRequest, reply: FastifyReply, id: string) => Promise<unknown>,
  ) =>
    app.post<{ Params: Static<typeof MethodParams> }>(
      `${securityInfoPath}/methods/:id/${action}`,
      {
        // A refused verify or resend goes back to the code form, still replacing what it replaced; a refused delete
        // (its form has nothing to type) to the overview, whose page shows the message.
        ...formRoute(body, (request) => {
          const id = idOf((request.params as { id?: unknown } | undefined)?.id);
          if (!id || action === 'delete') return securityInfoPath;
          const replaces = idOf((request.body as { replaces?: unknown } | undefined)?.replaces);
          return `${methodPath(id, 'verify')}${replaces ? `?replaces=${replaces}` : ''}`;
        }),
        schema: { hide: true, params: MethodParams, body },
      },
      (request, reply) => handler(request, reply, request.params.id),
    );

  postOnMethod('verify', CodeForm, async (request, reply, id) => {
    const body = request.body as Static<typeof CodeForm>;
    const code = String(body.code ?? '').replace(/\s+/g, '');
    const method = await findMethod(request, id);
    const replaces = method ? (await replaceable(request, body.replaces, method.type))?.id : undefined;
    // A code for a method that was already verified is a step-up, not a registration.
    const wasVerified = method?.status === 'verified';
    const result = await securityInfo.verifyMethod(request.active!, id, code, ctxOf(request));
    if (!result.ok) return refuseOnCodeForm(request, reply, id, result.code, replaces, result.details, true);
    // A change: the new entry is verified, so the one it replaces goes (unless verifying already replaced it).
    if (replaces && replaces !== id && !wasVerified) {
      const removed = await securityInfo.removeMethod(request.active!, replaces, ctxOf(request));
      if (!removed.ok && removed.code !== 'METHOD_NOT_FOUND')
        return failTo(request, reply, securityInfoPath, { error: { code: removed.code } });
      return back(request, reply, 'changed');
    }
    return back(request, reply, wasVerified ? 'stepUp' : replaces ? 'changed' : 'verified');
  });

  postOnMethod('resend', ResendForm, async (request, reply, id) => {
    const replaces = (request.body as Static<typeof ResendForm>).replaces;
    const result = await securityInfo.resendCode(request.active!, id, ctxOf(request));
    if (!result.ok) return refuseOnCodeForm(request, reply, id, result.code, replaces);
    // For a verified method this is the first code of a step-up; "a new code" is news only for a pending one.
    const { method } = result.value;
    const query = {
      ...(method.status === 'pending' ? { notice: 'resent' } : { sent: '1' }),
      ...(replaces && { replaces }),
    };
    return reply.redirect(withQuery(request, methodPath(method.id, 'verify'), query), 303);
  });

  /** "Are you sure?": a page of its own, so the confirmation needs no JavaScript. */
  app.get<{ Params: Static<typeof MethodParams> }>(
    `${securityInfoPath}/methods/:id/delete`,
    { schema: { hide: true, params: MethodParams }, preHandler: requireSession },
    async (request, reply) => {
      const method = await findMethod(request, request.params.id);
      if (!method || method.source !== 'user') return reply.redirect(withMkt(request, securityInfoPath), 303);
      return sendPage(reply, 200, renderDeleteConfirm(request, localeOf(request), reply.generateCsrf(), method));
    },
  );

  postOnMethod('delete', CsrfOnly, async (request, reply, id) => {
    const result = await securityInfo.removeMethod(request.active!, id, ctxOf(request));
    if (!result.ok) return failTo(request, reply, securityInfoPath, { error: { code: result.code } });
    return back(request, reply, 'removed');
  });

  app.post<{ Body: Static<typeof StepUpForm> }>(
    `${securityInfoPath}/step-up`,
    formRoute(StepUpForm, () => securityInfoPath),
    async (request, reply) => {
      const password = request.body.password ?? '';
      if (!password) return failTo(request, reply, securityInfoPath, { error: { code: 'VALIDATION_FAILED' } });
      const result = await securityInfo.stepUp(request.active!, password, ctxOf(request));
      if (!result.ok) return failTo(request, reply, securityInfoPath, { error: { code: result.code } });
      return back(request, reply, 'stepUp');
    },
  );
};

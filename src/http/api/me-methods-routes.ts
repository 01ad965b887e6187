import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { enrolments, type NewMethod } from '../../methods/registry.js';
import type { HttpContext } from '../context.js';
import { sendProblem } from '../problem.js';
import { localeOf } from '../request-context.js';
import { requireApiSession } from './require-session.js';
import { problemResponses } from './schemas.js';

/** One variant per registered enrolment: each method's own schema fragment. */
const NewMethodBody = Type.Union(enrolments.map((enrolment) => enrolment.schema));

const CodeBody = Type.Object({ code: Type.String({ minLength: 1, maxLength: 16 }) }, { additionalProperties: false });
const PasswordBody = Type.Object(
  { password: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);
const MethodParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

const MethodView = Type.Object({
  id: Type.String(),
  type: Type.String(),
  display: Type.String(),
  status: Type.String(),
  source: Type.String(),
  createdAt: Type.String(),
  verifiedAt: Type.Union([Type.String(), Type.Null()]),
});

export const Registration = Type.Object({
  inScope: Type.Boolean(),
  methodsRequired: Type.Integer(),
  registeredCount: Type.Integer(),
  needsRegistration: Type.Boolean(),
  needsReconfirmation: Type.Boolean(),
  reconfirmDueAt: Type.Union([Type.String(), Type.Null()]),
});

const MethodList = Type.Object({
  methods: Type.Array(MethodView),
  registration: Registration,
  allowedTypes: Type.Array(Type.String()),
});
const Added = Type.Object({
  method: MethodView,
  secret: Type.Optional(Type.String()),
  otpauthUri: Type.Optional(Type.String()),
  qrSvg: Type.Optional(Type.String()),
});
const Questions = Type.Object({
  questions: Type.Array(Type.Object({ id: Type.String(), text: Type.String(), custom: Type.Boolean() })),
});

/** The signed-in user's security info (issue 4): list, add, verify, resend, remove, step-up, reconfirm. */
export const meMethodsRoutes = async (app: FastifyInstance, context: HttpContext) => {
  const { config, services } = context;
  const requireSession = requireApiSession(context);
  const ctxOf = (request: FastifyRequest) => ({ ipAddress: request.ip, locale: localeOf(request) });
  // Code guesses and sends are throttled per client on top of the per-code attempt limit and the send caps.
  const limited = { rateLimit: { max: config.signInRateLimitPerMinute, timeWindow: 60_000 } };
  const tags = ['me: security info'];

  app.get(
    '/api/v1/me/methods',
    {
      preHandler: requireSession,
      schema: {
        tags,
        summary: 'My security info (masked) and registration status',
        response: { 200: MethodList, ...problemResponses(401) },
      },
    },
    async (request) => services.securityInfo.listMethods(request.active!),
  );

  app.get(
    '/api/v1/me/methods/security-questions',
    {
      preHandler: requireSession,
      schema: {
        tags,
        summary: "Security questions: predefined (in my language) and the tenant's custom ones",
        response: { 200: Questions, ...problemResponses(401) },
      },
    },
    async (request) => ({
      questions: await services.securityInfo.securityQuestions(request.active!.user.tenantId, localeOf(request)),
    }),
  );

  app.post<{ Body: NewMethod }>(
    '/api/v1/me/methods',
    {
      preHandler: requireSession,
      config: limited,
      schema: {
        tags,
        summary: 'Add security info (needs a sign-in or step-up within 10 minutes)',
        body: NewMethodBody,
        response: { 201: Added, ...problemResponses(400, 401, 403, 409, 429, 503) },
      },
    },
    async (request, reply) => {
      const result = await services.securityInfo.addMethod(request.active!, request.body, ctxOf(request));
      if (!result.ok) return sendProblem(reply, result.code, result.details ?? {});
      return reply.code(201).send(result.value);
    },
  );

  app.post<{ Params: Static<typeof MethodParams>; Body: Static<typeof CodeBody> }>(
    '/api/v1/me/methods/:id/verify',
    {
      preHandler: requireSession,
      config: limited,
      schema: {
        tags,
        summary: 'Verify a new entry with its code, or step up with a code from a verified one',
        params: MethodParams,
        body: CodeBody,
        response: { 200: Type.Object({ method: MethodView }), ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (request, reply) => {
      const result = await services.securityInfo.verifyMethod(
        request.active!,
        request.params.id,
        request.body.code,
        ctxOf(request),
      );
      return result.ok ? result.value : sendProblem(reply, result.code, result.details ?? {});
    },
  );

  app.post<{ Params: Static<typeof MethodParams> }>(
    '/api/v1/me/methods/:id/resend',
    {
      preHandler: requireSession,
      config: limited,
      schema: {
        tags,
        summary: 'Send a new code (to the stored address or number only)',
        params: MethodParams,
        response: { 200: Type.Object({ method: MethodView }), ...problemResponses(400, 401, 404, 429, 503) },
      },
    },
    async (request, reply) => {
      const result = await services.securityInfo.resendCode(request.active!, request.params.id, ctxOf(request));
      return result.ok ? result.value : sendProblem(reply, result.code, result.details ?? {});
    },
  );

  app.delete<{ Params: Static<typeof MethodParams> }>(
    '/api/v1/me/methods/:id',
    {
      preHandler: requireSession,
      schema: {
        tags,
        summary: 'Delete security info (needs a sign-in or step-up within 10 minutes)',
        params: MethodParams,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await services.securityInfo.removeMethod(request.active!, request.params.id, ctxOf(request));
      return result.ok ? reply.code(204).send() : sendProblem(reply, result.code, result.details ?? {});
    },
  );

  app.post<{ Body: Static<typeof PasswordBody> }>(
    '/api/v1/me/step-up',
    {
      preHandler: requireSession,
      config: limited,
      schema: {
        tags,
        summary: 'Re-enter my password to change security info for the next 10 minutes',
        body: PasswordBody,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 409, 423, 502, 503) },
      },
    },
    async (request, reply) => {
      const result = await services.securityInfo.stepUp(request.active!, request.body.password, ctxOf(request));
      return result.ok ? reply.code(204).send() : sendProblem(reply, result.code, result.details ?? {});
    },
  );

  app.post(
    '/api/v1/me/security-info/confirm',
    {
      preHandler: requireSession,
      schema: {
        tags,
        summary: '"Looks good": my security info is still right (reconfirmation)',
        response: { 204: Type.Null(), ...problemResponses(401) },
      },
    },
    async (request, reply) => {
      await services.securityInfo.confirmSecurityInfo(request.active!, ctxOf(request));
      return reply.code(204).send();
    },
  );
};

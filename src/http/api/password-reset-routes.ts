/**
 * The password-reset JSON API (issue 6): start with a solved proof-of-work CAPTCHA, then one route
 * per step of the flow. The flow id is a bearer secret: it goes in the `X-SSPR-Flow` header with `current` in
 * the path (`/api/v1/passwordreset/current/…`), so it stays out of every URL. The id in the path
 * (`/api/v1/passwordreset/{flowId}/…`) still works but is deprecated (issue #13 item 7): such answers carry
 * `Deprecation: true`. Logs carry the route pattern, never the id.
 * Per-IP limits on every route and a per-tenant limit on starts shed bots before any expensive work.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { SsprError } from '../../core/errors.js';
import type { Result } from '../../core/result.js';
import type { ResetContext } from '../../services/reset/password-reset-types.js';
import type { HttpContext } from '../context.js';
import type { ResetStartLimits } from '../reset-start-limits.js';
import { sendProblem } from '../problem.js';
import { localeOf } from '../request-context.js';
import { problemResponses } from './schemas.js';

const StartBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 256 }), captcha: Type.String({ minLength: 1, maxLength: 4096 }) },
  { additionalProperties: false },
);
const IntentBody = Type.Object(
  { intent: Type.Union([Type.Literal('reset'), Type.Literal('unlock')]) },
  { additionalProperties: false },
);
const ChallengeBody = Type.Object(
  {
    methodId: Type.String({ minLength: 1, maxLength: 100 }),
    phoneNumber: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);
const VerifyBody = Type.Object(
  {
    methodId: Type.String({ minLength: 1, maxLength: 100 }),
    code: Type.Optional(Type.String({ maxLength: 32 })),
    answers: Type.Optional(
      Type.Array(
        Type.Object(
          { questionId: Type.String({ maxLength: 64 }), answer: Type.String({ maxLength: 200 }) },
          { additionalProperties: false },
        ),
        { maxItems: 5 },
      ),
    ),
    // A passkey's assertion as the browser library returns it (WebAuthn JSON), checked by the service.
    response: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: false },
);
const PasswordBody = Type.Object(
  { newPassword: Type.String({ minLength: 1, maxLength: 1024 }), unlock: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
const FlowParams = Type.Object({ flowId: Type.String({ maxLength: 64 }) });

const Helpdesk = Type.Union([
  Type.Object({ kind: Type.Literal('url'), url: Type.String() }),
  Type.Object({ kind: Type.Literal('email'), email: Type.String() }),
  Type.Object({ kind: Type.Literal('notifyAdmins') }),
]);
const FlowView = Type.Object({
  status: Type.String(),
  intent: Type.Union([Type.Literal('reset'), Type.Literal('unlock'), Type.Null()]),
  canUnlock: Type.Boolean(),
  gatesRequired: Type.Integer(),
  gatesPassed: Type.Integer(),
  requiredMethods: Type.Array(Type.String()),
  methods: Type.Array(
    Type.Object({ id: Type.String(), type: Type.String(), display: Type.String(), passed: Type.Boolean() }),
  ),
  challenge: Type.Union([
    Type.Null(),
    Type.Object({
      methodId: Type.String(),
      expiresAt: Type.String(),
      questions: Type.Optional(Type.Array(Type.Object({ id: Type.String(), text: Type.String() }))),
      awaitingCall: Type.Optional(Type.Boolean()),
      // A passkey gate: WebAuthn request options for the browser (its challenge is bound to this flow).
      ceremony: Type.Optional(Type.Object({}, { additionalProperties: true })),
    }),
  ]),
  canSetPassword: Type.Boolean(),
  expiresAt: Type.String(),
  ineligible: Type.Optional(Type.String()),
  blockedUntil: Type.Optional(Type.String()),
  helpdesk: Helpdesk,
  tenantName: Type.Union([Type.String(), Type.Null()]),
  passwordRules: Type.Optional(Type.Unknown()),
});
const Captcha = Type.Object({
  algorithm: Type.String(),
  challenge: Type.String(),
  maxnumber: Type.Integer(),
  salt: Type.String(),
  signature: Type.String(),
});

const tags = ['passwordreset'];
const flowProblems = problemResponses(400, 403, 404, 409, 429, 502, 503);

/** `current` means: the flow id is in the X-SSPR-Flow header. */
const flowIdOf = (request: FastifyRequest<{ Params: Static<typeof FlowParams> }>): string => {
  if (request.params.flowId !== 'current') return request.params.flowId;
  const header = request.headers['x-sspr-flow'];
  return typeof header === 'string' ? header : '';
};

/** The user ID's domain: what the per-tenant limit counts (unknown domains share their own buckets). */
const tenantKeyOf = (request: FastifyRequest): string => {
  const username = (request.body as { username?: unknown } | undefined)?.username;
  const text = typeof username === 'string' ? username.trim().toLowerCase() : '';
  return `tenant:${text.slice(text.lastIndexOf('@') + 1).slice(0, 253)}`;
};

export const passwordResetRoutes = async (
  app: FastifyInstance,
  context: HttpContext & { startLimits: ResetStartLimits },
) => {
  const { config, services, startLimits } = context;
  const reset = services.passwordReset;
  const perIp = { rateLimit: { max: config.resetRateLimitPerMinute, timeWindow: 60_000 } };
  // Reads (the flow's state, a CAPTCHA challenge) are counted apart, higher: the portal's start page fetches a
  // challenge on every load, and a client re-reads the state after each step; neither changes anything.
  const perIpReads = { rateLimit: { max: config.resetPageRateLimitPerMinute, timeWindow: 60_000 } };
  // A second limiter on the same request: `app.rateLimit()` would skip (the per-IP one already ran), so check it here.
  const tenantLimiter = app.createRateLimit({
    max: config.resetTenantRateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: tenantKeyOf,
  });
  // Per user ID, then per tenant for unfamiliar browsers; unsolved CAPTCHAs count nowhere (reset-start-limits.ts).
  const perTenant = async (request: FastifyRequest<{ Body: Static<typeof StartBody> }>) => {
    if (!(await startLimits(request, request.body.captcha, tenantLimiter))) throw new SsprError('RATE_LIMITED');
  };

  /** A support code per request, as Entra shows on every page: it ties what the user saw to the audit log. */
  const contextOf = (
    request: FastifyRequest,
    reply: { header(name: string, value: string): unknown },
  ): ResetContext => {
    const supportCode = randomUUID();
    reply.header('x-sspr-support-code', supportCode);
    return { ipAddress: request.ip, locale: localeOf(request), supportCode };
  };

  // The path form still works for existing clients; the header tells them to move (RFC 9745).
  app.addHook('onSend', async (request, reply) => {
    const flowId = (request.params as { flowId?: unknown } | undefined)?.flowId;
    if (typeof flowId === 'string' && flowId !== 'current') reply.header('deprecation', 'true');
  });

  const answer = <T>(reply: Parameters<typeof sendProblem>[0], result: Result<T>) =>
    result.ok ? reply.send(result.value ?? { status: 'ok' }) : sendProblem(reply, result.code, result.details ?? {});

  app.get(
    '/api/v1/captcha',
    {
      schema: {
        tags,
        summary: 'A proof-of-work challenge (ALTCHA format) for starting a password reset',
        response: { 200: Captcha, ...problemResponses(429) },
      },
      config: perIpReads,
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return reset.issueCaptcha();
    },
  );

  app.post<{ Body: Static<typeof StartBody> }>(
    '/api/v1/passwordreset',
    {
      schema: {
        tags,
        summary: 'Start a password reset or unlock flow',
        body: StartBody,
        response: { 200: Type.Object({ flowId: Type.String() }), ...problemResponses(400, 429, 502, 503) },
      },
      config: perIp,
      preHandler: perTenant,
    },
    async (request, reply) =>
      answer(reply.header('cache-control', 'no-store'), await reset.start(request.body, contextOf(request, reply))),
  );

  {
    const base = '/api/v1/passwordreset/:flowId';
    app.get<{ Params: Static<typeof FlowParams> }>(
      base,
      {
        schema: {
          tags,
          summary: 'The flow: intent, gates, methods',
          params: FlowParams,
          response: { 200: FlowView, ...flowProblems },
        },
        config: perIpReads,
      },
      async (request, reply) => answer(reply, await reset.view(flowIdOf(request), contextOf(request, reply))),
    );

    app.delete<{ Params: Static<typeof FlowParams> }>(
      base,
      {
        schema: {
          tags,
          summary: 'Cancel the flow',
          params: FlowParams,
          response: { 204: Type.Null(), ...flowProblems },
        },
        config: perIp,
      },
      async (request, reply) => {
        const result = await reset.cancel(flowIdOf(request), contextOf(request, reply));
        return result.ok ? reply.code(204).send() : sendProblem(reply, result.code, result.details ?? {});
      },
    );

    app.post<{ Params: Static<typeof FlowParams>; Body: Static<typeof IntentBody> }>(
      `${base}/intent`,
      {
        schema: {
          tags,
          summary: 'Choose: reset the password or unlock the account',
          params: FlowParams,
          body: IntentBody,
          response: { 200: FlowView, ...flowProblems },
        },
        config: perIp,
      },
      async (request, reply) =>
        answer(reply, await reset.chooseIntent(flowIdOf(request), request.body.intent, contextOf(request, reply))),
    );

    app.post<{ Params: Static<typeof FlowParams>; Body: Static<typeof ChallengeBody> }>(
      `${base}/challenge`,
      {
        schema: {
          tags,
          summary: 'Send a code, place a call or pick questions for one method',
          params: FlowParams,
          body: ChallengeBody,
          response: { 200: FlowView, ...flowProblems },
        },
        config: perIp,
      },
      async (request, reply) =>
        answer(reply, await reset.challenge(flowIdOf(request), request.body, contextOf(request, reply))),
    );

    app.post<{ Params: Static<typeof FlowParams>; Body: Static<typeof VerifyBody> }>(
      `${base}/verify`,
      {
        schema: {
          tags,
          summary: 'Pass a gate: a code, answers, or a confirmed call',
          params: FlowParams,
          body: VerifyBody,
          response: { 200: FlowView, ...flowProblems },
        },
        config: perIp,
      },
      async (request, reply) =>
        answer(reply, await reset.verify(flowIdOf(request), request.body, contextOf(request, reply))),
    );

    app.post<{ Params: Static<typeof FlowParams>; Body: Static<typeof PasswordBody> }>(
      `${base}/password`,
      {
        schema: {
          tags,
          summary: 'Set the new password (gates passed)',
          params: FlowParams,
          body: PasswordBody,
          response: { 200: Type.Object({ status: Type.Literal('passwordReset') }), ...flowProblems },
        },
        config: perIp,
      },
      async (request, reply) =>
        answer(reply, await reset.setPassword(flowIdOf(request), request.body, contextOf(request, reply))),
    );

    app.post<{ Params: Static<typeof FlowParams> }>(
      `${base}/unlock`,
      {
        schema: {
          tags,
          summary: 'Unlock the account without changing the password',
          params: FlowParams,
          response: { 200: Type.Object({ status: Type.Literal('unlocked') }), ...flowProblems },
        },
        config: perIp,
      },
      async (request, reply) => answer(reply, await reset.unlock(flowIdOf(request), contextOf(request, reply))),
    );

    app.post<{ Params: Static<typeof FlowParams> }>(
      `${base}/contact`,
      {
        schema: {
          tags,
          summary: 'Contact an administrator (or get the helpdesk link)',
          params: FlowParams,
          response: { 200: Type.Object({ helpdesk: Helpdesk }), ...flowProblems },
        },
        config: perIp,
      },
      async (request, reply) => answer(reply, await reset.contactAdmin(flowIdOf(request), contextOf(request, reply))),
    );
  }
};

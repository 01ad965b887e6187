/**
 * Strong recovery's API (issue #17 items 2–4): an administrator's Temporary Access Pass for a user, the
 * helpdesk's caller verification, and the signed-in user's recovery codes. Passes and codes appear only in
 * the body of the answer that made them (never in a URL, never again).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { roleGroups } from '../../core/roles/role-groups.js';
import { tapRules } from '../../core/recovery/temporary-access-pass.js';
import type { HttpContext } from '../context.js';
import { sendProblem } from '../problem.js';
import { localeOf } from '../request-context.js';
import { requireApiSession } from './require-session.js';
import { problemResponses } from './schemas.js';

const NewPass = Type.Object(
  {
    lifetimeMinutes: Type.Optional(
      Type.Integer({
        description: `Minutes the pass is valid: ${tapRules.minLifetimeMinutes}–${tapRules.maxLifetimeMinutes} (default ${tapRules.defaultLifetimeMinutes}); out of range is TAP_LIFETIME_INVALID`,
      }),
    ),
    oneTime: Type.Optional(Type.Boolean({ description: 'Usable for one sign-in only (default false)' })),
  },
  { additionalProperties: false },
);
const SendCode = Type.Object({ methodId: Type.String({ maxLength: 64 }) }, { additionalProperties: false });
const CheckCode = Type.Object(
  { methodId: Type.String({ maxLength: 64 }), code: Type.String({ maxLength: 32 }) },
  { additionalProperties: false },
);
type UpnParams = { upn: string };

export const recoveryRoutes = async (app: FastifyInstance, context: HttpContext) => {
  const { temporaryAccessPass, callerVerification, recoveryCodes } = context.services;
  const guard = (allowed: readonly string[]) => requireApiSession(context, allowed);
  const admin = (request: FastifyRequest) => request.admin!;
  const tags = ['admin: users'];
  const passPath = '/api/v1/admin/users/:upn/temporary-access-pass';
  const callerPath = '/api/v1/admin/users/:upn/caller-verification';

  app.post<{ Params: UpnParams; Body: Static<typeof NewPass> }>(
    passPath,
    {
      preHandler: guard(roleGroups.issueTemporaryAccessPass),
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        tags,
        summary: 'Issue a Temporary Access Pass (replaces any earlier one); the pass is returned once',
        body: NewPass,
        response: problemResponses(400, 401, 403, 404),
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await temporaryAccessPass.issue(admin(request), request.params.upn, request.body, localeOf(request))),
  );

  app.get<{ Params: UpnParams }>(
    passPath,
    {
      preHandler: guard(roleGroups.issueTemporaryAccessPass),
      schema: {
        tags,
        summary: 'Whether the user holds a pass, and its state (never its value)',
        response: problemResponses(401, 403, 404),
      },
    },
    async (request) => temporaryAccessPass.status(admin(request), request.params.upn),
  );

  app.delete<{ Params: UpnParams }>(
    passPath,
    {
      preHandler: guard(roleGroups.issueTemporaryAccessPass),
      schema: {
        tags,
        summary: 'Revoke the pass (and end the sessions it opened)',
        response: problemResponses(401, 403, 404),
      },
    },
    async (request, reply) => {
      await temporaryAccessPass.revoke(admin(request), request.params.upn);
      return reply.code(204).send();
    },
  );

  app.get<{ Params: UpnParams }>(
    callerPath,
    {
      preHandler: guard(roleGroups.resetPasswords),
      schema: {
        tags,
        summary: 'The methods a caller can be verified with, and the last verification',
        response: problemResponses(401, 403, 404),
      },
    },
    async (request) => callerVerification.overview(admin(request), request.params.upn),
  );

  app.post<{ Params: UpnParams; Body: Static<typeof SendCode> }>(
    `${callerPath}/code`,
    {
      preHandler: guard(roleGroups.resetPasswords),
      schema: {
        tags,
        summary: "Send a one-time code to one of the user's registered methods",
        body: SendCode,
        response: problemResponses(400, 401, 403, 404, 429, 503),
      },
    },
    async (request) =>
      callerVerification.sendCode(admin(request), request.params.upn, request.body.methodId, localeOf(request)),
  );

  app.post<{ Params: UpnParams; Body: Static<typeof CheckCode> }>(
    callerPath,
    {
      preHandler: guard(roleGroups.resetPasswords),
      schema: {
        tags,
        summary: 'Check the code the caller read out (sent, or from their authenticator app)',
        body: CheckCode,
        response: problemResponses(400, 401, 403, 404, 429),
      },
    },
    async (request) => callerVerification.check(admin(request), request.params.upn, request.body),
  );

  const requireSession = requireApiSession(context);
  app.get(
    '/api/v1/me/recovery-codes',
    {
      preHandler: requireSession,
      schema: {
        tags: ['me'],
        summary: 'How many recovery codes are left (never the codes)',
        response: problemResponses(401),
      },
    },
    async (request) => recoveryCodes.status(request.active!),
  );

  app.post(
    '/api/v1/me/recovery-codes',
    {
      preHandler: requireSession,
      schema: {
        tags: ['me'],
        summary: 'Make ten new recovery codes (the old set stops working); returned once',
        response: problemResponses(400, 401, 403),
      },
    },
    async (request, reply) => {
      const made = await recoveryCodes.generate(request.active!, { locale: localeOf(request), ipAddress: request.ip });
      if (!made.ok) return sendProblem(reply, made.code);
      return reply.code(201).send(made.value);
    },
  );
};

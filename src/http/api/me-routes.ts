import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { HttpContext } from '../context.js';
import { sendProblem } from '../problem.js';
import { localeOf } from '../request-context.js';
import { requireApiSession } from './require-session.js';
import { problemResponses } from './schemas.js';

const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 1024 }),
    newPassword: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

const Changed = Type.Object({ status: Type.Literal('changed'), revokedSessions: Type.Integer() });

const Me = Type.Object({
  upn: Type.String(),
  displayName: Type.String(),
  source: Type.String(),
  roles: Type.Array(Type.String()),
  passwordLastSetAt: Type.Union([Type.String(), Type.Null()]),
  /** After an admin reset: every other route answers PASSWORD_CHANGE_REQUIRED until the password is changed. */
  mustChangePassword: Type.Boolean(),
});

export const meRoutes = async (app: FastifyInstance, context: HttpContext) => {
  const { config, services, metrics } = context;
  const requireSession = requireApiSession(context);

  app.get(
    '/api/v1/me',
    {
      schema: { tags: ['me'], summary: 'The signed-in user', response: { 200: Me, ...problemResponses(401) } },
      preHandler: requireSession,
    },
    async (request) => {
      const { user } = request.active!;
      return {
        upn: user.upn,
        displayName: user.displayName,
        source: user.source,
        roles: user.roles,
        passwordLastSetAt: user.passwordLastSetAt,
        mustChangePassword: user.mustChangePassword === true,
      };
    },
  );

  app.post<{ Body: Static<typeof ChangePasswordBody> }>(
    '/api/v1/me/password',
    {
      schema: {
        tags: ['me'],
        summary: 'Change my password (self-service); revokes my other sessions',
        body: ChangePasswordBody,
        response: { 200: Changed, ...problemResponses(400, 401, 403, 409, 423, 429, 502, 503) },
      },
      preHandler: requireSession,
      config: { rateLimit: { max: config.signInRateLimitPerMinute, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const result = await services.passwordChange.changePassword({
        active: request.active!,
        currentPassword: request.body.currentPassword,
        newPassword: request.body.newPassword,
        ipAddress: request.ip,
        locale: localeOf(request),
      });
      metrics.passwordChanges.inc({ outcome: result.ok ? 'success' : result.code });
      if (!result.ok) return sendProblem(reply, result.code, result.details ?? {});
      return { status: 'changed' as const, revokedSessions: result.value.revokedSessions };
    },
  );
};

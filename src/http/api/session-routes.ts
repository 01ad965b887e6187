import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { HttpContext } from '../context.js';
import { sendProblem } from '../problem.js';
import { clearSessionCookie, cookieNames, setSessionCookie } from '../request-context.js';
import { problemResponses } from './schemas.js';

const SignInBody = Type.Object(
  {
    username: Type.String({
      minLength: 1,
      maxLength: 256,
      description: 'The user principal name, e.g. adele.vance@contoso.example',
    }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

const SignedIn = Type.Object({
  user: Type.Object({ upn: Type.String(), displayName: Type.String() }),
  /** Whether to show the registration interrupt (skippable, shown at every sign-in until done). */
  registration: Type.Object({ needsRegistration: Type.Boolean(), needsReconfirmation: Type.Boolean() }),
  /** After an admin reset, or when the directory demands it (passthrough/federated): change the password first (`POST /api/v1/me/password`); other routes answer PASSWORD_CHANGE_REQUIRED. */
  mustChangePassword: Type.Boolean(),
});

export const sessionRoutes = async (app: FastifyInstance, { config, services, metrics }: HttpContext) => {
  app.post<{ Body: Static<typeof SignInBody> }>(
    '/api/v1/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in; sets the session cookie',
        body: SignInBody,
        response: { 200: SignedIn, ...problemResponses(400, 401, 403, 423, 429) },
      },
      config: { rateLimit: { max: config.signInRateLimitPerMinute, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const result = await services.signIn.signIn({
        username: request.body.username,
        password: request.body.password,
        ipAddress: request.ip,
        userAgent: request.headers['user-agent'],
        previousCookie: request.cookies[cookieNames(config).session],
      });
      metrics.signIns.inc({ outcome: result.ok ? 'success' : result.code });
      if (!result.ok) return sendProblem(reply, result.code, result.details ?? {});
      setSessionCookie(reply, config, result.value.cookie);
      const { needsRegistration, needsReconfirmation } = await services.securityInfo.registrationStatus(
        result.value.user,
      );
      const { user } = result.value;
      return {
        user: { upn: user.upn, displayName: user.displayName },
        registration: { needsRegistration, needsReconfirmation },
        mustChangePassword: user.mustChangePassword === true,
      };
    },
  );

  app.delete(
    '/api/v1/session',
    { schema: { tags: ['session'], summary: 'Sign out', response: { 204: Type.Null() } } },
    async (request, reply) => {
      await services.sessions.close(request.cookies[cookieNames(config).session]);
      clearSessionCookie(reply, config);
      return reply.code(204).send();
    },
  );
};

import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { HttpContext } from '../context.js';
import type { SignInBudget } from '../sign-in-budget.js';
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

const TapSignInBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 256, description: 'The user principal name' }),
    // The portal form's limit: a pass is 16 characters, typed with or without its spaces and dashes.
    pass: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'The Temporary Access Pass an administrator issued',
    }),
  },
  { additionalProperties: false },
);

const TapSignedIn = Type.Object({
  user: Type.Object({ upn: Type.String(), displayName: Type.String() }),
  /** The session may only register security info (`/api/v1/me/methods`); other routes answer FORBIDDEN. */
  scope: Type.Literal('securityInfo'),
});

export const sessionRoutes = async (
  app: FastifyInstance,
  { config, services, metrics, budget }: HttpContext & { budget: SignInBudget },
) => {
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
      // The per-account verify budget, after the per-address limit and before any hash (sign-in-budget.ts).
      preHandler: (request, reply) => budget.spend(request, reply),
    },
    async (request, reply) => {
      const result = await services.signIn.signIn({
        username: request.body.username,
        password: request.body.password,
        ipAddress: request.ip,
        userAgent: request.headers['user-agent'],
        previousCookie: request.cookies[cookieNames(config).session],
        familiarBrowser: budget.isFamiliar(request, request.body.username),
      });
      metrics.signIns.inc({ outcome: result.ok ? 'success' : result.code });
      if (!result.ok) return sendProblem(reply, result.code, result.details ?? {});
      setSessionCookie(reply, config, result.value.cookie);
      budget.remember(reply, request.body.username);
      const { user, registration } = result.value;
      const { needsRegistration, needsReconfirmation } = registration;
      return {
        user: { upn: user.upn, displayName: user.displayName },
        registration: { needsRegistration, needsReconfirmation },
        mustChangePassword: user.mustChangePassword === true,
      };
    },
  );

  // The portal's /signin/temporary-access-pass as JSON (issue 17): the same service, the same per-address limit as a
  // password, every refusal of the pass or the account as the portal gives it (TAP_INVALID for all of unknown user,
  // wrong, expired, used or revoked pass).
  app.post<{ Body: Static<typeof TapSignInBody> }>(
    '/api/v1/session/temporary-access-pass',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in with a Temporary Access Pass; sets a session cookie good only for registering security info',
        body: TapSignInBody,
        response: { 200: TapSignedIn, ...problemResponses(400, 401, 403, 423, 429) },
      },
      config: { rateLimit: { max: config.signInRateLimitPerMinute, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const result = await services.temporaryAccessPass.signIn({
        username: request.body.username.trim(),
        pass: request.body.pass,
        ipAddress: request.ip,
        userAgent: request.headers['user-agent'],
        previousCookie: request.cookies[cookieNames(config).session],
      });
      metrics.signIns.inc({ outcome: result.ok ? 'success' : result.code });
      if (!result.ok) return sendProblem(reply, result.code, result.details ?? {});
      setSessionCookie(reply, config, result.value.cookie);
      const { user } = result.value;
      return { user: { upn: user.upn, displayName: user.displayName }, scope: 'securityInfo' as const };
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

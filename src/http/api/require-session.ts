import type { FastifyReply, FastifyRequest } from 'fastify';
import { principalOfSession } from '../../services/admin/admin-principal.js';
import type { HttpContext } from '../context.js';
import { sendProblem } from '../problem.js';
import { cookieNames } from '../request-context.js';
import { apiAllowedInLimitedSession, isLimitedSession } from '../limited-session.js';

/** The credential of an `Authorization` header: a Bearer token, or null for any other scheme. */
const bearerOf = (request: FastifyRequest): string | null | undefined => {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  return /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(header.trim())?.[1] ?? null;
};

/** What a session whose user must change the password may still call. */
const passwordChangeRoutes = new Set(['/api/v1/me/password', '/api/v1/me']);

/**
 * preHandler for API routes: a live session, and when `roles` is given, one of those admin roles.
 *
 * Admin routes (`roles` given) also accept `Authorization: Bearer <API token>` and then act as the
 * token: its tenant and its roles, never a session. A presented credential that fails is a 401 —
 * there is no fall-back to the cookie. Routes without `roles` ignore the header, so a token never
 * works on a user's own routes. `sessionOnly` routes (token management) refuse tokens outright, so a
 * leaked token cannot mint its own successors. Request-level tenant and actor: `request.admin`.
 */
export const requireApiSession =
  ({ config, services }: HttpContext, roles?: readonly string[], options: { sessionOnly?: boolean } = {}) =>
  async (request: FastifyRequest, reply: FastifyReply) => {
    const bearer = roles ? bearerOf(request) : undefined;
    if (bearer !== undefined) {
      if (options.sessionOnly)
        return sendProblem(reply, 'FORBIDDEN', {
          detail: 'API tokens cannot manage API tokens; sign in as a Global Administrator.',
        });
      const principal = bearer === null ? undefined : await services.apiTokens.authenticate(bearer);
      if (!principal) {
        reply.header('www-authenticate', 'Bearer error="invalid_token"');
        return sendProblem(reply, 'UNAUTHENTICATED');
      }
      request.admin = principal;
    } else {
      request.active = await services.sessions.resolve(request.cookies[cookieNames(config).session]);
      if (!request.active) return sendProblem(reply, 'UNAUTHENTICATED');
      // A Temporary Access Pass session may only register security info: no admin route, no password change.
      if (isLimitedSession(request.active.session)) {
        if (roles || !apiAllowedInLimitedSession(request.routeOptions.url ?? ''))
          return sendProblem(reply, 'FORBIDDEN', { detail: 'This session may only register security info.' });
        return;
      }
      // After an admin reset the session is good for one thing only: changing the password (Entra's forced change).
      if (request.active.user.mustChangePassword && !passwordChangeRoutes.has(request.routeOptions.url ?? ''))
        return sendProblem(reply, 'PASSWORD_CHANGE_REQUIRED');
      if (roles) request.admin = principalOfSession(request.active);
    }
    if (roles && !request.admin!.roles.some((role) => roles.includes(role)))
      return sendProblem(reply, 'FORBIDDEN', { requiredRoles: roles });
  };

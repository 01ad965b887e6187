import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { roleGroups } from '../../core/roles/role-groups.js';
import type { HttpContext } from '../context.js';
import { localeOf } from '../request-context.js';
import { requireApiSession } from './require-session.js';
import { problemResponses } from './schemas.js';

type UpnParams = { upn: string };
type MethodParams = { upn: string; id: string };

/**
 * The helpdesk's actions on a user (issue #14 item 5), beside `admin-user-routes.ts`: unlock, the registered
 * authentication methods (masked) and deleting one, require re-registration. The guard admits the role group; the
 * service decides whose account a role reaches (Entra's table) and refuses one's own.
 */
export const adminHelpdeskRoutes = async (app: FastifyInstance, context: HttpContext) => {
  const { helpdesk } = context.services;
  const guard = (allowed: readonly string[]) => requireApiSession(context, allowed);
  const admin = (request: FastifyRequest) => request.admin!;
  const tags = ['admin: users'];

  app.get<{ Params: UpnParams }>(
    '/api/v1/admin/users/:upn/lockout',
    {
      preHandler: guard(roleGroups.readUsers),
      schema: {
        tags,
        summary:
          "Whether smart lockout holds the account (`lockedUntil`) and, for an on-premises user, the directory's lock",
        response: problemResponses(400, 401, 403, 404),
      },
    },
    async (request) => helpdesk.lockoutStatus(admin(request), request.params.upn),
  );

  app.post<{ Params: UpnParams }>(
    '/api/v1/admin/users/:upn/unlock',
    {
      preHandler: guard(roleGroups.resetPasswords),
      schema: {
        tags,
        summary:
          "Unlock an account: clears smart lockout and, for an on-premises user with writeback, the directory's lock",
        response: problemResponses(400, 401, 403, 404, 503),
      },
    },
    async (request) => helpdesk.unlock(admin(request), request.params.upn, localeOf(request)),
  );

  app.get<{ Params: UpnParams }>(
    '/api/v1/admin/users/:upn/authentication-methods',
    {
      preHandler: guard(roleGroups.readUsers),
      schema: {
        tags,
        summary: "A user's registered authentication methods, masked (never values, answers or secrets)",
        response: problemResponses(400, 401, 403, 404),
      },
    },
    async (request) => helpdesk.methods(admin(request), request.params.upn),
  );

  app.delete<{ Params: MethodParams }>(
    '/api/v1/admin/users/:upn/authentication-methods/:id',
    {
      preHandler: guard(roleGroups.manageAuthenticationMethods),
      schema: {
        tags,
        summary: 'Delete one authentication method (an id from the list); the removed address or number is told',
        params: Type.Object({ upn: Type.String({ maxLength: 113 }), id: Type.String({ maxLength: 64 }) }),
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await helpdesk.deleteMethod(admin(request), request.params.upn, request.params.id, localeOf(request));
      return reply.code(204).send();
    },
  );

  app.post<{ Params: UpnParams }>(
    '/api/v1/admin/users/:upn/require-reregistration',
    {
      preHandler: guard(roleGroups.manageAuthenticationMethods),
      schema: {
        tags,
        summary:
          'Require re-registration: removes what the user registered themselves and sends them to register at the next sign-in',
        response: problemResponses(400, 401, 403, 404),
      },
    },
    async (request) => helpdesk.requireReregistration(admin(request), request.params.upn, localeOf(request)),
  );
};

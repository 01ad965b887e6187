import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HttpContext } from '../context.js';
import { sendProblem } from '../problem.js';
import { cookieNames } from '../request-context.js';

/** preHandler for API routes: a live session, and when `roles` is given, one of those admin roles. */
export const requireApiSession = ({ config, services }: HttpContext, roles?: readonly string[]) =>
  async (request: FastifyRequest, reply: FastifyReply) => {
    request.active = await services.sessions.resolve(request.cookies[cookieNames(config).session]);
    if (!request.active) return sendProblem(reply, 'UNAUTHENTICATED');
    if (roles && !request.active.user.roles.some((role) => roles.includes(role))) return sendProblem(reply, 'FORBIDDEN', { requiredRoles: roles });
  };

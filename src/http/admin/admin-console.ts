import type { FastifyInstance } from 'fastify';
import type { HttpContext } from '../context.js';
import { agentPages } from './agent-pages.js';
import { groupsPages } from './groups-pages.js';
import { licensesPage } from './licenses-page.js';
import { passwordResetRoutes } from './password-reset-routes.js';
import { usersPages } from './users-pages.js';

/** The admin console at /admin: server-rendered pages over the same services as the admin API. */
export const adminConsole = async (app: FastifyInstance, context: HttpContext) => {
  await app.register(passwordResetRoutes, context);
  await app.register(agentPages, context);
  await app.register(usersPages, context);
  await app.register(groupsPages, context);
  await app.register(licensesPage, context);
};

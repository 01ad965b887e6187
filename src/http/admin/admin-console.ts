import type { FastifyInstance } from 'fastify';
import type { HttpContext } from '../context.js';
import { withMkt } from '../request-context.js';
import { may } from './access.js';
import { renderConsole, requireConsole } from './console-page.js';
import type { ConsoleSection, SectionContext } from './section.js';
import { consoleSections, mayEnterConsole, visibleSections } from './sections.js';

/** What a section's routes are given: the HTTP context plus its frame and its access check. */
const sectionContext = (context: HttpContext, section: ConsoleSection): SectionContext => ({
  ...context,
  render: (view) => renderConsole(view, visibleSections(view.request.active?.user.roles ?? []), section.id),
  guard: (area, mode = 'read') => requireConsole(context, area ? (roles) => may(roles, area, mode) : mayEnterConsole),
});

/** The admin console at /admin: server-rendered pages over the same services as the admin API. */
export const adminConsole = async (app: FastifyInstance, context: HttpContext) => {
  app.get(
    '/admin',
    { schema: { hide: true }, preHandler: requireConsole(context, mayEnterConsole) },
    async (request, reply) => {
      // requireConsole let the user in, so some section is visible.
      const [first] = visibleSections(request.active!.user.roles);
      return reply.redirect(withMkt(request, first!.path), 303);
    },
  );
  for (const section of consoleSections) await app.register(section.routes, sectionContext(context, section));
};

import type { FastifyInstance } from 'fastify';
import { sendPage } from '../portal/layout.js';
import { localeOf, withMkt } from '../request-context.js';
import { may } from './access.js';
import { agentPages } from './agent-pages.js';
import { brandingPanel } from './branding-panel.js';
import { bladeTabPath, passwordResetPath } from './blade-tab.js';
import { bladePages, bladeTabs, renderBladeTab } from './blade-tabs.js';
import { sendNotFound } from './console-page.js';
import { passwordExpiryRoutes } from './password-expiry-tab.js';
import { policyTabRoutes } from './password-reset-routes.js';
import { smsBudgetRoutes } from './sms-budget-tab.js';
import type { ConsoleSection, SectionContext } from './section.js';

const passwordResetPages = async (app: FastifyInstance, context: SectionContext) => {
  // The blade itself opens the first tab the user may read.
  app.get(passwordResetPath, { schema: { hide: true }, preHandler: context.guard() }, async (request, reply) => {
    const tab = bladeTabs.find((candidate) => may(request.active!.user.roles, candidate.area, 'read'));
    if (!tab) return sendNotFound(request, reply);
    return reply.redirect(withMkt(request, bladeTabPath(tab)), 303);
  });

  for (const tab of bladePages)
    app.get(
      bladeTabPath(tab),
      { schema: { hide: true }, preHandler: context.guard(tab.area) },
      async (request, reply) => {
        const body = await tab.content(request, context);
        if (!body) return sendNotFound(request, reply);
        return sendPage(reply, 200, renderBladeTab(context, request, localeOf(request), tab, body));
      },
    );

  await policyTabRoutes(app, context);
  await passwordExpiryRoutes(app, context);
  await smsBudgetRoutes(app, context);
  await agentPages(app, context);
  await brandingPanel(context).routes(app);
};

/** Password reset: Entra's blade, the SSPR policy's tabs, the on-premises integration and its agents. */
export const passwordResetSection: ConsoleSection = {
  id: 'passwordReset',
  label: 'admin.nav.passwordReset',
  path: passwordResetPath,
  areas: ['policy', 'onPremises', 'monitoring'],
  routes: passwordResetPages,
};

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { isSsprError, type ErrorCode } from '../../core/errors.js';
import { html } from '../../core/html.js';
import { sendPage, t } from '../portal/layout.js';
import { localeOf, withMkt } from '../request-context.js';
import { enrollForm, renderEnrolled } from './agents-panel.js';
import { actorOf, redirectSaved, sendNotFound, tenantOf } from './console-page.js';
import { FormBody } from './form-controls.js';
import { shownOnce } from './shown-once.js';
import type { SectionContext } from './section.js';

export const onPremisesTabPath = '/admin/password-reset/on-premises-integration';
export const agentActions = {
  enroll: `${onPremisesTabPath}/agents`,
  revoke: `${onPremisesTabPath}/agents/revoke`,
  rotateKeys: `${onPremisesTabPath}/agents/rotate-keys`,
} as const;

/** The agent forms' targets, keeping the page's ?mkt=. */
export const actionsFor = (request: FastifyRequest) => ({
  enroll: withMkt(request, agentActions.enroll),
  revoke: withMkt(request, agentActions.revoke),
  rotateKeys: withMkt(request, agentActions.rotateKeys),
});

/**
 * The console's agent forms on the On-premises integration tab (issue 7): enrol, revoke, rotate keys. Each is a
 * CSRF-protected POST for those who may edit directory connections in the admin API (`directories` write: Entra's
 * Global / Hybrid Identity Administrators), not every writer of the tab: an agent's token reaches the directory, so
 * an Authentication Policy Administrator (403 on /api/v1/admin/agents) gets 403 here too. Enrolling answers 303 to
 * a result page that shows the token once (`shown-once.ts`: in the sealed flash, never in a URL, never stored), so a
 * reload enrols no second agent; the command to run is built from the configured public URL, never from the Host
 * header.
 */
export const agentPages = async (app: FastifyInstance, context: SectionContext) => {
  const { services, config } = context;
  const guard = {
    schema: { hide: true, body: FormBody },
    preValidation: app.csrfProtection.bind(app),
    preHandler: context.guard('directories', 'write'),
  };
  type Post = FastifyRequest<{ Body: Static<typeof FormBody> }>;
  const once = shownOnce(context);
  const enrolledPath = (agentId: string) => `${agentActions.enroll}/${agentId}/enrolled`;

  // The answer to "Enrol": the token once, then only that it was shown (a reload enrols nothing).
  app.get<{ Params: { agentId: string } }>(
    enrolledPath(':agentId'),
    { schema: { hide: true }, preHandler: context.guard('directories', 'write') },
    async (request, reply) => {
      const { agentId } = request.params;
      const agent = (await services.agents.list(tenantOf(request))).find((a) => a.agentId === agentId);
      if (!agent) return sendNotFound(request, reply);
      const locale = localeOf(request);
      const back = withMkt(request, onPremisesTabPath);
      return once.page(request, reply, {
        title: t(locale, 'admin.onPremises.agents.enrolled.title'),
        path: enrolledPath(agent.agentId),
        shown: ({ secret }) => renderEnrolled(locale, { ...agent, token: secret }, config.publicUrl, back),
        gone: html`<p>${t(locale, 'admin.onPremises.agents.enrolled.shownOnce', { name: agent.name })}</p>
<p><a href="${back}">${t(locale, 'admin.onPremises.agents.enrolled.back')}</a></p>`,
      });
    },
  );

  app.post<{ Body: Static<typeof FormBody> }>(agentActions.enroll, guard, async (request, reply) => {
    const locale = localeOf(request);
    const name = typeof request.body.agentName === 'string' ? request.body.agentName : '';
    /** The form again, with the name as typed and why nothing was enrolled. */
    const enrollAgain = (status: number, error: string, code?: ErrorCode) => {
      const forms = { actions: actionsFor(request), csrf: reply.generateCsrf(), name, errors: [error] };
      const reference = code ? html`<p class="meta">${t(locale, 'portal.error.reference', { code })}</p>` : '';
      const body = html`${enrollForm(locale, forms)}${reference}<p><a href="${withMkt(request, onPremisesTabPath)}">${t(locale, 'admin.onPremises.agents.enrolled.back')}</a></p>`;
      const title = t(locale, 'admin.onPremises.agents.enroll');
      // Answered at the post's address, which has no GET: the language switch leads to the tab with the same form.
      return sendPage(reply, status, context.render({ request, locale, title, body, selfPath: onPremisesTabPath }));
    };
    // The claim before the agent: a store that cannot write it stops the post before an agent was enrolled.
    const notIssued = {
      refused: (code: ErrorCode) => enrollAgain(503, t(locale, 'admin.shownOnce.notIssued'), code),
    };
    return once.issue(request, reply, notIssued, async () => {
      let enrolled;
      try {
        enrolled = await services.agents.enroll(tenantOf(request), name, actorOf(request));
      } catch (error) {
        if (!isSsprError(error) || error.code !== 'NAME_INVALID') throw error;
        return enrollAgain(400, t(locale, 'admin.onPremises.agents.name.invalid'));
      }
      return { page: enrolledPath(enrolled.agentId), secret: enrolled.token };
    });
  });

  /** Revoke and rotate name an agent of the admin's own tenant; any other id is a not-found page. */
  const onAgent = (verb: 'revoke' | 'rotateKeys', saved: string) => async (request: Post, reply: FastifyReply) => {
    const agentId = request.body.agentId;
    if (typeof agentId !== 'string') return sendNotFound(request, reply);
    try {
      await services.agents[verb](tenantOf(request), agentId, actorOf(request));
    } catch (error) {
      if (isSsprError(error) && error.code === 'AGENT_NOT_FOUND') return sendNotFound(request, reply);
      throw error;
    }
    return redirectSaved(request, reply, onPremisesTabPath, saved);
  };
  app.post<{ Body: Static<typeof FormBody> }>(agentActions.revoke, guard, onAgent('revoke', 'revoked'));
  app.post<{ Body: Static<typeof FormBody> }>(agentActions.rotateKeys, guard, onAgent('rotateKeys', 'rotated'));
};

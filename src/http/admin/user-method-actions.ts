/**
 * Delete one authentication method and require re-registration, from the user page (issue #14 item 5). Each is a
 * confirmation page reached by a link (GET, so it works without JavaScript and Back never resubmits) whose form
 * posts and redirects to the user page. The confirmation pages are shown only to a viewer the action allows; the
 * POST is checked again by the service, whatever the page showed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { html, type SafeHtml } from '../../core/html.js';
import { unbrokenMask } from '../../core/methods/masking.js';
import type { MessageKey } from '../../i18n/i18n.js';
import { principalOfSession } from '../../services/admin/admin-principal.js';
import { sendPage, t } from '../portal/layout.js';
import { localeOf, withMkt } from '../request-context.js';
import { consoleLink, sendForbidden, sendNotFound } from './console-page.js';
import type { SectionContext } from './section.js';
import { actThenRedirect, mayAct, pathUser, userPagePath, type UserParams } from './user-actions.js';

const Body = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 512 })) });
/** Method ids are UUIDs or fixed names ("security-questions", "admin-mobilePhone"). */
const methodIdPattern = /^[A-Za-z0-9-]{1,64}$/;

export const deletePath = (userId: string, methodId: string) =>
  `/admin/users/${userId}/authentication-methods/${methodId}/delete`;
export const reregisterPath = (userId: string) => `/admin/users/${userId}/require-reregistration`;

type MethodParams = { Params: { userId: string; methodId: string } };

const confirmPage = (
  request: FastifyRequest,
  reply: FastifyReply,
  context: SectionContext,
  page: { title: MessageKey; question: string; submit: MessageKey; action: string; userId: string },
) => {
  const locale = localeOf(request);
  const body: SafeHtml = html`<p>${page.question}</p>
<form method="post" action="${withMkt(request, page.action)}"><input type="hidden" name="_csrf" value="${reply.generateCsrf()}">
<button type="submit">${t(locale, page.submit)}</button></form>
<p><a href="${withMkt(request, userPagePath(page.userId))}">${t(locale, 'helpdeskActions.cancel')}</a></p>`;
  reply.header('cache-control', 'no-store');
  return sendPage(
    reply,
    200,
    context.render({ request, locale, title: t(locale, page.title), body, selfPath: page.action }),
  );
};

export const methodActionRoutes = async (app: FastifyInstance, context: SectionContext) => {
  const { services } = context;
  const form = {
    schema: { hide: true, body: Body },
    preValidation: app.csrfProtection.bind(app),
    preHandler: context.guard('users'),
  };
  const page = { schema: { hide: true }, preHandler: context.guard('users') };

  app.get<MethodParams>(
    '/admin/users/:userId/authentication-methods/:methodId/delete',
    page,
    async (request, reply) => {
      const user = await pathUser(request, context);
      if (!user || !methodIdPattern.test(request.params.methodId)) return sendNotFound(request, reply);
      if (!mayAct(request, 'manageAuthenticationMethods', user)) return sendForbidden(request, reply);
      const locale = localeOf(request);
      const { methods } = await services.helpdesk.methods(principalOfSession(request.active!), user.upn);
      const method = methods.find((m) => m.id === request.params.methodId);
      if (!method)
        return reply.redirect(consoleLink(request, userPagePath(user.userId), { error: 'METHOD_NOT_FOUND' }), 303);
      return confirmPage(request, reply, context, {
        title: 'helpdeskActions.delete.title',
        question: t(locale, 'helpdeskActions.delete.confirm', {
          method: t(locale, `account.securityInfo.type.${method.type}`),
          display: unbrokenMask(method.display),
          upn: user.upn,
        }),
        submit: 'helpdeskActions.delete.submit',
        action: deletePath(user.userId, method.id),
        userId: user.userId,
      });
    },
  );

  app.post<MethodParams>(
    '/admin/users/:userId/authentication-methods/:methodId/delete',
    form,
    async (request, reply) => {
      const user = await pathUser(request, context);
      if (!user || !methodIdPattern.test(request.params.methodId)) return sendNotFound(request, reply);
      return actThenRedirect(request, reply, async (principal) => {
        await services.helpdesk.deleteMethod(principal, user.upn, request.params.methodId, localeOf(request));
        return 'methodDeleted';
      });
    },
  );

  app.get<UserParams>('/admin/users/:userId/require-reregistration', page, async (request, reply) => {
    const user = await pathUser(request, context);
    if (!user) return sendNotFound(request, reply);
    if (!mayAct(request, 'manageAuthenticationMethods', user)) return sendForbidden(request, reply);
    const locale = localeOf(request);
    const { methods } = await services.helpdesk.methods(principalOfSession(request.active!), user.upn);
    return confirmPage(request, reply, context, {
      title: 'helpdeskActions.reregister.title',
      question: t(locale, 'helpdeskActions.reregister.confirm', {
        upn: user.upn,
        count: methods.filter((m) => m.source === 'user').length,
      }),
      submit: 'helpdeskActions.reregister.submit',
      action: reregisterPath(user.userId),
      userId: user.userId,
    });
  });

  app.post<UserParams>('/admin/users/:userId/require-reregistration', form, async (request, reply) => {
    const user = await pathUser(request, context);
    if (!user) return sendNotFound(request, reply);
    return actThenRedirect(request, reply, async (principal) => {
      await services.helpdesk.requireReregistration(principal, user.upn, localeOf(request));
      return 'reregistrationRequired';
    });
  });
};

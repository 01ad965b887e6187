import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Locale } from '../../i18n/i18n.js';
import type { MethodList, RegistrationStatus } from '../../services/security-info/security-info-service.js';
import type { HttpContext } from '../context.js';
import { html } from '../../core/html.js';
import { localeOf, withMkt } from '../request-context.js';
import { layout, sendPage, t } from './layout.js';
import { requirePageSession, withQuery } from './page-session.js';
import { methodList, registrationSummary, securityInfoPath } from './security-info-views.js';

export const interruptPath = `${securityInfoPath}/interrupt`;

/** Whether a sign-in should stop at the interrupt before the account page (reference §1.4). */
export const needsInterrupt = (status: RegistrationStatus) => status.needsRegistration || status.needsReconfirmation;

const CsrfOnly = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 512 })) });

/**
 * Entra's "Don't lose access to your account!" page. Missing methods come first; a user whose
 * info is complete but old is asked to confirm it ("Looks good"). "Skip for now" records
 * nothing, so the page comes back at every sign-in until the user registers, as in Entra.
 */
const renderInterrupt = (request: FastifyRequest, locale: Locale, csrf: string, listing: MethodList) => {
  const { registration } = listing;
  const reconfirm = !registration.needsRegistration && registration.needsReconfirmation;
  return layout({
    locale,
    request,
    title: t(locale, 'interrupt.title'),
    selfPath: interruptPath,
    body: html`<p>${t(locale, 'interrupt.intro')}</p>
${
  reconfirm
    ? html`<p>${t(locale, 'interrupt.reconfirm')}</p>
${methodList(request, locale, listing.methods)}
<form method="post" action="${withMkt(request, `${interruptPath}/confirm`)}"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit">${t(locale, 'interrupt.looksGood')}</button></form>
<p><a href="${withMkt(request, securityInfoPath)}">${t(locale, 'interrupt.change')}</a></p>`
    : html`${registrationSummary(locale, listing)}
<p>${t(locale, 'interrupt.missing')}</p>
${listing.methods.length > 0 ? methodList(request, locale, listing.methods) : ''}
<p><a class="button" href="${withMkt(request, securityInfoPath)}">${t(locale, 'interrupt.register')}</a></p>`
}
<form method="post" action="${withMkt(request, `${interruptPath}/skip`)}"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit" class="secondary" aria-describedby="skip-hint">${t(locale, 'interrupt.skip')}</button></form>
<p class="meta" id="skip-hint">${t(locale, 'interrupt.skipHint')}</p>`,
  });
};

export const securityInfoInterrupt = async (app: FastifyInstance, context: HttpContext) => {
  const { services } = context;
  const requireSession = requirePageSession(context);
  const formRoute = {
    schema: { hide: true, body: CsrfOnly },
    preValidation: app.csrfProtection.bind(app),
    preHandler: requireSession,
  };

  app.get(interruptPath, { schema: { hide: true }, preHandler: requireSession }, async (request, reply) => {
    const listing = await services.securityInfo.listMethods(request.active!);
    // Nothing to ask (registered meanwhile, or opened by hand): straight on to the account.
    if (!needsInterrupt(listing.registration)) return reply.redirect(withMkt(request, '/account'), 303);
    return sendPage(reply, 200, renderInterrupt(request, localeOf(request), reply.generateCsrf(), listing));
  });

  app.post(`${interruptPath}/skip`, formRoute, async (request, reply) =>
    reply.redirect(withMkt(request, '/account'), 303),
  );

  app.post(`${interruptPath}/confirm`, formRoute, async (request, reply) => {
    await services.securityInfo.confirmSecurityInfo(request.active!, {
      ipAddress: request.ip,
      locale: localeOf(request),
    });
    return reply.redirect(withQuery(request, securityInfoPath, { notice: 'confirmed' }), 303);
  });
};

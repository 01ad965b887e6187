/**
 * Recovery codes on the security-info pages (issue #17 item 3): how many are left, and a form that makes ten
 * new ones (after a step-up: the password in the same form when the last one is older than 10 minutes). The
 * codes are shown once, on the answer to that POST — never in a URL or on a later page.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { html } from '../../core/html.js';
import type { Locale } from '../../i18n/i18n.js';
import type { RecoveryCodeOverview } from '../../services/recovery/recovery-code-service.js';
import type { HttpContext } from '../context.js';
import { isLimitedSession } from '../limited-session.js';
import { localeOf, withMkt } from '../request-context.js';
import { alertBox, layout, sendPage, t } from './layout.js';
import { requirePageSession } from './page-session.js';
import { securityInfoMessage } from './security-info-page.js';

export const recoveryCodesPath = '/account/security-info/recovery-codes';

const GenerateForm = Type.Object({
  password: Type.Optional(Type.String({ maxLength: 1024 })),
  _csrf: Type.Optional(Type.String({ maxLength: 512 })),
});

interface View {
  locale: Locale;
  csrf: string;
  status: RecoveryCodeOverview;
  stepUpFresh: boolean;
  codes?: string[];
  errors?: string[];
}

const render = (request: FastifyRequest, view: View) => {
  const { locale, status } = view;
  const summary =
    status.remaining > 0 && status.createdAt
      ? t(locale, 'recoveryCodes.remaining', {
          remaining: status.remaining,
          createdAt: status.createdAt.slice(0, 16).replace('T', ' '),
        })
      : t(locale, 'recoveryCodes.none');
  const shown = view.codes
    ? html`${alertBox([t(locale, 'recoveryCodes.shownOnce')], 'success')}
<ol class="codes" aria-label="${t(locale, 'recoveryCodes.listLabel')}">${view.codes.map((code) => html`<li><code>${code}</code></li>`)}</ol>`
    : '';
  const form = status.offered
    ? html`<form method="post" action="${withMkt(request, recoveryCodesPath)}" novalidate>
<input type="hidden" name="_csrf" value="${view.csrf}">
${
  view.stepUpFresh
    ? ''
    : html`<label for="password">${t(locale, 'account.securityInfo.stepUp.password')}<span class="hint" id="password-hint">${t(locale, 'account.securityInfo.stepUp.title')}</span></label>
<input type="password" id="password" name="password" autocomplete="current-password" required aria-describedby="password-hint">`
}
<p class="hint" id="replace-hint">${t(locale, 'recoveryCodes.replaceWarning')}</p>
<button type="submit" aria-describedby="replace-hint">${t(locale, 'recoveryCodes.generate')}</button>
</form>`
    : html`<p>${t(locale, 'recoveryCodes.notOffered')}</p>`;
  return layout({
    locale,
    request,
    title: t(locale, 'recoveryCodes.title'),
    body: html`${alertBox(view.errors ?? [])}${shown}
<p>${t(locale, 'recoveryCodes.intro')}</p>
<p>${summary}</p>
${form}
<p><a href="${withMkt(request, '/account/security-info')}">${t(locale, 'recoveryCodes.back')}</a></p>`,
  });
};

/**
 * What strong recovery adds to the security-info page (one line there): the link to this page, and for a session
 * opened with a Temporary Access Pass, the word that it can do nothing else.
 */
export const recoveryFragments = (request: FastifyRequest, locale: Locale) =>
  html`${request.active && isLimitedSession(request.active.session) ? alertBox([t(locale, 'tap.limited')], 'success') : ''}
<p><a href="${withMkt(request, recoveryCodesPath)}">${t(locale, 'recoveryCodes.link')}</a></p>`;

export const recoveryCodesPage = async (app: FastifyInstance, context: HttpContext) => {
  const { services, config } = context;
  const requireSession = requirePageSession(context);

  app.get(recoveryCodesPath, { schema: { hide: true }, preHandler: requireSession }, async (request, reply) => {
    const active = request.active!;
    return sendPage(
      reply,
      200,
      render(request, {
        locale: localeOf(request),
        csrf: reply.generateCsrf(),
        status: await services.recoveryCodes.status(active),
        stepUpFresh: services.securityInfo.stepUpFresh(active),
      }),
    );
  });

  app.post<{ Body: Static<typeof GenerateForm> }>(
    recoveryCodesPath,
    {
      schema: { hide: true, body: GenerateForm },
      preValidation: app.csrfProtection.bind(app),
      preHandler: requireSession,
      // A password may be checked here: the sign-in limit applies.
      config: { rateLimit: { max: config.signInRateLimitPerMinute, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const locale = localeOf(request);
      const ctx = { locale, ipAddress: request.ip };
      let active = request.active!;
      const refuse = async (status: number, code: string) =>
        sendPage(
          reply,
          status,
          render(request, {
            locale,
            csrf: reply.generateCsrf(),
            status: await services.recoveryCodes.status(active),
            stepUpFresh: services.securityInfo.stepUpFresh(active),
            errors: [securityInfoMessage(locale, code)],
          }),
        );
      if (!services.securityInfo.stepUpFresh(active)) {
        const password = request.body.password ?? '';
        if (!password) return refuse(400, 'VALIDATION_FAILED');
        const stepped = await services.securityInfo.stepUp(active, password, ctx);
        if (!stepped.ok) return refuse(403, stepped.code);
        active = { ...active, session: { ...active.session, steppedUpAt: services.deps.clock.now().toISOString() } };
      }
      const made = await services.recoveryCodes.generate(active, ctx);
      if (!made.ok) return refuse(made.code === 'STEP_UP_REQUIRED' ? 403 : 400, made.code);
      // The codes exist from here on and this answer is their only showing: nothing more is read from the store,
      // so a store failing now cannot turn it into an error page. The new set is what the summary describes.
      const { codes, createdAt } = made.value;
      return sendPage(
        reply,
        201,
        render(request, {
          locale,
          csrf: reply.generateCsrf(),
          status: { remaining: codes.length, createdAt, offered: true },
          stepUpFresh: true,
          codes,
        }),
      );
    },
  );
};

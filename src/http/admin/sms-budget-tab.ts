/**
 * The Password reset blade's "SMS budget" tab (checklist §11 row 9): whether the SMS budget breaker is open, since
 * and until when, and this hour's SMS and voice sends against the tenant's budget; a writer of the policy closes an
 * open breaker here. The same audited service as GET /api/v1/admin/sms-breaker and POST …/close. Below it the budget,
 * the send caps and SMS notices (`sms-settings-form.ts`), saved through PATCH /api/v1/admin/security-info-settings'
 * service method: a refused value comes back with 400 at its field, with what was typed (as the other tabs).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { html } from '../../core/html.js';
import { errorSummary, type FieldError } from '../portal/form-state.js';
import { alertBox, sendPage, t } from '../portal/layout.js';
import { localeOf, withMkt } from '../request-context.js';
import { consoleAreas, may } from './access.js';
import { bladeTabPath, type BladeTab } from './blade-tab.js';
import { renderBladeTab } from './blade-tabs.js';
import { actorOf, queryOf, redirectSaved, rolesAllowed, tenantOf } from './console-page.js';
import { FormBody, type FormState } from './form-controls.js';
import { readSettingsPost, settingsForm, settingsState } from './sms-settings-form.js';
import type { SectionContext } from './section.js';

export const smsBudgetTab: BladeTab = { slug: 'sms-budget', title: 'admin.tab.smsBudget', area: 'policy' };

const path = bladeTabPath(smsBudgetTab);
const closePath = `${path}/close`;
const settingsPath = `${path}/settings`;
const minute = (instant: string | null) => (instant ? instant.slice(0, 16).replace('T', ' ') : '');

export const smsBudgetRoutes = async (app: FastifyInstance, context: SectionContext) => {
  const { services } = context;

  /** `refused`: a settings post shown again, what was typed and each field's problem. */
  const render = async (
    request: FastifyRequest,
    csrf: string | undefined,
    refused?: { typed: FormState; errors: FieldError[] },
  ) => {
    const locale = localeOf(request);
    const state = await services.securityInfoAdmin.breaker(tenantOf(request));
    const saved = await services.securityInfoAdmin.settings(tenantOf(request));
    // Just closed: the saved message is the one status line (as other tabs after a save), not it and "closed" too.
    // Opened again since: the open status alone, no "was closed".
    const justClosed = queryOf(request).saved === 'closed' && !state.open;
    const status = state.open
      ? html`<p class="status" role="status">${t(locale, 'admin.smsBudget.open', { openedAt: minute(state.openedAt), closesAt: minute(state.closesAt) })}</p>`
      : justClosed
        ? alertBox([t(locale, 'admin.smsBudget.wasClosed')], 'success')
        : html`<p role="status">${t(locale, 'admin.smsBudget.closed')}</p>`;
    const closeForm =
      state.open && csrf
        ? html`<form method="post" action="${withMkt(request, closePath)}"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit">${t(locale, 'admin.smsBudget.close')}</button></form>`
        : '';
    const form = settingsForm(locale, {
      action: withMkt(request, settingsPath),
      ...(csrf && { csrf }),
      readOnlyNote: t(locale, 'admin.readOnly', { roles: rolesAllowed(locale, consoleAreas[smsBudgetTab.area].write) }),
      saved,
      state: refused?.typed ?? settingsState(saved),
      errors: refused?.errors ?? [],
    });
    const settingsSaved = queryOf(request).saved === '1' ? alertBox([t(locale, 'admin.saved')], 'success') : '';
    return renderBladeTab(
      context,
      request,
      locale,
      smsBudgetTab,
      html`${errorSummary(refused?.errors ?? [])}${settingsSaved}<p>${t(locale, 'admin.smsBudget.intro')}</p>${status}<p>${t(locale, 'admin.smsBudget.sent', { sent: state.sentThisHour, budget: state.hourlyBudget })}</p>${closeForm}${form}`,
    );
  };

  app.get(path, { schema: { hide: true }, preHandler: context.guard(smsBudgetTab.area) }, async (request, reply) => {
    const writable = may(request.active!.user.roles, smsBudgetTab.area, 'write');
    return sendPage(reply, 200, await render(request, writable ? reply.generateCsrf() : undefined));
  });

  app.post<{ Body: Static<typeof FormBody> }>(
    closePath,
    {
      schema: { hide: true, body: FormBody },
      preValidation: app.csrfProtection.bind(app),
      preHandler: context.guard(smsBudgetTab.area, 'write'),
    },
    async (request, reply) => {
      await services.securityInfoAdmin.closeBreaker(tenantOf(request), actorOf(request));
      return redirectSaved(request, reply, path, 'closed');
    },
  );

  app.post<{ Body: Static<typeof FormBody> }>(
    settingsPath,
    {
      schema: { hide: true, body: FormBody },
      preValidation: app.csrfProtection.bind(app),
      preHandler: context.guard(smsBudgetTab.area, 'write'),
    },
    async (request, reply) => {
      const { typed, changes, errors } = readSettingsPost(localeOf(request), request.body);
      // Nothing is saved unless every field passes; the service checks again (the API's refusal, not a second rule).
      if (errors.length > 0)
        return sendPage(reply, 400, await render(request, reply.generateCsrf(), { typed, errors }));
      await services.securityInfoAdmin.updateSettings(tenantOf(request), changes, actorOf(request));
      return redirectSaved(request, reply, path);
    },
  );
};

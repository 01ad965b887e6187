import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { isSsprError } from '../../core/errors.js';
import { html } from '../../core/html.js';
import { alertBox, sendPage, t } from '../portal/layout.js';
import { localeOf, withMkt } from '../request-context.js';
import { consoleAreas, may } from './access.js';
import { passwordResetPath } from './blade-tab.js';
import { renderBladeTab } from './blade-tabs.js';
import { actionsFor } from './agent-pages.js';
import { renderAgentsPanel } from './agents-panel.js';
import { brandingPanel } from './branding-panel.js';
import { refusalOf } from './console-errors.js';
import { actorOf, queryOf, redirectSaved, rolesAllowed, sendNotFound, tenantOf } from './console-page.js';
import { FormBody, policyForm, wholeNumber, type FormState } from './form-controls.js';
import { renderOnPremisesStatus } from './on-premises-panel.js';
import { formStateOf, policyTabs, type PolicyTab } from './policy-tabs.js';
import type { SyncSection } from './sync-panel.js';
import type { SectionContext } from './section.js';

const base = passwordResetPath;
const onPremisesSlug = 'on-premises-integration';
const thresholdPath = `${base}/${onPremisesSlug}/deletion-threshold`;

/** The blade's form tabs (the SSPR policy, `policy-tabs.ts`) and the On-premises integration tab's own forms. */
export const policyTabRoutes = async (app: FastifyInstance, context: SectionContext) => {
  const { services } = context;

  interface TabView {
    state: FormState;
    csrf?: string;
    errors?: string[];
    saved?: boolean;
    refusedThreshold?: { connectionId: string; value: string };
  }
  // The agents below the writeback switches, with the admin API's roles (`directories`, as /api/v1/admin/agents):
  // the list for its readers, the forms for its writers; other readers of the tab see no agent section at all.
  const agentsSection = async (request: FastifyRequest, csrf: string | undefined) => {
    const roles = request.active!.user.roles;
    if (!may(roles, 'directories', 'read')) return '';
    const saved = queryOf(request).saved;
    const forms = csrf && may(roles, 'directories', 'write') ? { actions: actionsFor(request), csrf } : undefined;
    return renderAgentsPanel(
      localeOf(request),
      await services.agents.list(tenantOf(request)),
      forms,
      typeof saved === 'string' ? saved : undefined,
    );
  };
  const onPremisesStatus = async (request: FastifyRequest, view: TabView) => {
    const tenantId = tenantOf(request);
    const connections = await services.directories.list(tenantId);
    const states = new Map(
      await Promise.all(
        connections.map(
          async (c) => [c.connectionId, await services.directorySync.state(tenantId, c.connectionId)] as const,
        ),
      ),
    );
    // The threshold is the connection's, so only those who may edit connections get its form (not every tab writer).
    const thresholdWriter = view.csrf !== undefined && may(request.active!.user.roles, 'directories', 'write');
    const sync: SyncSection = {
      states,
      // The admin's own UPN domain is one of the tenant's verified domains: the `--tenant` of the command shown.
      domain: request.active!.user.upn.split('@')[1] ?? '',
      saved: queryOf(request).saved === 'threshold',
      ...(thresholdWriter && {
        form: {
          action: withMkt(request, thresholdPath),
          csrf: view.csrf!,
          ...(view.refusedThreshold && { refused: view.refusedThreshold }),
        },
      }),
    };
    const test = view.csrf
      ? { action: withMkt(request, `${base}/${onPremisesSlug}/test`), csrf: view.csrf }
      : undefined;
    return renderOnPremisesStatus(localeOf(request), connections, test, await services.agents.list(tenantId), sync);
  };
  const branding = brandingPanel(context);
  const renderTab = async (request: FastifyRequest, reply: FastifyReply, tab: PolicyTab, view: TabView) => {
    const locale = localeOf(request);
    const groups = tab.fields.includes('selectedGroup') ? await services.adminViews.listGroups(tenantOf(request)) : [];
    const form = policyForm({
      action: withMkt(request, `${base}/${tab.slug}`),
      ...(view.csrf && { csrf: view.csrf }),
      body: tab.render({ locale, state: view.state, groups }),
      submit: t(locale, 'admin.save'),
      readOnlyNote: t(locale, 'admin.readOnly', { roles: rolesAllowed(locale, consoleAreas[tab.area].write) }),
    });
    // The on-premises tab shows the directory connection, its last test and its sync instead of a fixed line.
    const status =
      tab.slug === onPremisesSlug
        ? await onPremisesStatus(request, view)
        : tab.status
          ? html`<p class="status">${t(locale, tab.status)}</p>`
          : '';
    const agents = tab.slug === onPremisesSlug ? await agentsSection(request, view.csrf) : '';
    // Company branding lives on the Customization tab, below the policy's own form.
    const extra = tab.slug === 'customization' ? await branding.render(request, reply, view.csrf) : '';
    return renderBladeTab(
      context,
      request,
      locale,
      tab,
      html`${status}${alertBox(view.errors ?? [])}${view.saved ? alertBox([t(locale, 'admin.saved')], 'success') : ''}${form}${agents}${extra}`,
    );
  };

  for (const tab of policyTabs) {
    const path = `${base}/${tab.slug}`;
    app.get(path, { schema: { hide: true }, preHandler: context.guard(tab.area) }, async (request, reply) => {
      const policy = await services.ssprPolicy.describe(tenantOf(request));
      const writable = may(request.active!.user.roles, tab.area, 'write');
      return sendPage(
        reply,
        200,
        await renderTab(request, reply, tab, {
          state: formStateOf(policy),
          ...(writable && { csrf: reply.generateCsrf() }),
          saved: queryOf(request).saved === '1',
        }),
      );
    });

    app.post<{ Body: Static<typeof FormBody> }>(
      path,
      {
        schema: { hide: true, body: FormBody },
        preValidation: app.csrfProtection.bind(app),
        preHandler: context.guard(tab.area, 'write'),
      },
      async (request, reply) => {
        const tenantId = tenantOf(request);
        const submitted: FormState = {};
        for (const name of tab.fields) {
          const value = request.body[name];
          if (value !== undefined) submitted[name] = value;
          else if (tab.multi?.includes(name)) submitted[name] = [];
        }
        const state = { ...formStateOf(await services.ssprPolicy.describe(tenantId)), ...submitted };
        try {
          await services.ssprPolicy.update(tenantId, tab.changes(state), actorOf(request));
        } catch (error) {
          const refusal = refusalOf(localeOf(request), error);
          if (!refusal) throw error;
          return sendPage(
            reply,
            refusal.status,
            await renderTab(request, reply, tab, { state, csrf: reply.generateCsrf(), errors: refusal.messages }),
          );
        }
        return redirectSaved(request, reply, path);
      },
    );
  }

  // Test connection: binds as the service account; the outcome is stored and shown as Entra's status line.
  app.post<{ Body: Static<typeof FormBody> }>(
    `${base}/${onPremisesSlug}/test`,
    {
      schema: { hide: true, body: FormBody },
      preValidation: app.csrfProtection.bind(app),
      preHandler: context.guard('onPremises', 'write'),
    },
    async (request, reply) => {
      const connectionId = request.body.connectionId;
      if (typeof connectionId !== 'string') return sendNotFound(request, reply);
      const known = (await services.directories.list(tenantOf(request))).some((c) => c.connectionId === connectionId);
      if (!known) return sendNotFound(request, reply);
      await services.directories.test(tenantOf(request), connectionId);
      return reply.redirect(withMkt(request, `${base}/${onPremisesSlug}`), 303);
    },
  );

  // The deletion threshold: the same audited service method as PATCH /api/v1/admin/directories/{id}.
  app.post<{ Body: Static<typeof FormBody> }>(
    thresholdPath,
    {
      schema: { hide: true, body: FormBody },
      preValidation: app.csrfProtection.bind(app),
      preHandler: context.guard('directories', 'write'),
    },
    async (request, reply) => {
      const tenantId = tenantOf(request);
      const { connectionId, deletionThreshold } = request.body;
      if (typeof connectionId !== 'string') return sendNotFound(request, reply);
      // Another tenant's (or a made-up) id is not found, whatever the value: it has no form here to show an error in.
      const known = (await services.directories.list(tenantId)).some((c) => c.connectionId === connectionId);
      if (!known) return sendNotFound(request, reply);
      const typed = typeof deletionThreshold === 'string' ? deletionThreshold : '';
      try {
        await services.directories.setDeletionThreshold(tenantId, connectionId, wholeNumber(typed), actorOf(request));
      } catch (error) {
        // A connection removed meanwhile is gone; anything but a refused value is the error handler's.
        if (isSsprError(error) && error.code === 'DIRECTORY_CONNECTION_NOT_FOUND') return sendNotFound(request, reply);
        if (!isSsprError(error) || error.code !== 'VALIDATION_FAILED') throw error;
        const tab = policyTabs.find((candidate) => candidate.slug === onPremisesSlug)!;
        const state = formStateOf(await services.ssprPolicy.describe(tenantId));
        return sendPage(
          reply,
          400,
          await renderTab(request, reply, tab, {
            state,
            csrf: reply.generateCsrf(),
            refusedThreshold: { connectionId, value: typed.slice(0, 16) },
          }),
        );
      }
      return redirectSaved(request, reply, `${base}/${onPremisesSlug}`, 'threshold');
    },
  );
};

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { skuCatalogue } from '../../core/licensing/sku-catalogue.js';
import { html } from '../../core/html.js';
import { alertBox, sendPage, t } from '../portal/layout.js';
import { localeOf, withMkt } from '../request-context.js';
import { may } from './access.js';
import { refusalOf } from './console-errors.js';
import { actorOf, queryOf, redirectSaved, tenantOf } from './console-page.js';
import { field, FormBody, select, text, wholeNumber, type FormState } from './form-controls.js';
import { userLink } from './users-pages.js';
import type { ConsoleSection, SectionContext } from './section.js';
import { scrollRegion } from './scroll-region.js';

const path = '/admin/licenses';
type Form = 'subscription' | 'assignment';

export const licensesPage = async (app: FastifyInstance, context: SectionContext) => {
  const { services } = context;

  interface View {
    csrf?: string;
    errors?: { form: Form; messages: string[] };
    state?: FormState;
    saved?: string;
  }
  const render = async (request: FastifyRequest, reply: FastifyReply, status: number, view: View) => {
    const locale = localeOf(request);
    const tenantId = tenantOf(request);
    const subscriptions = await services.adminViews.licenses(tenantId);
    const state = view.state ?? {};
    const errorsFor = (form: Form) => alertBox(view.errors?.form === form ? view.errors.messages : []);
    const skuOptions = skuCatalogue.filter((s) => s.assignable).map((s) => ({ value: s.id, label: s.displayName }));
    const forms = view.csrf
      ? html`<h2 id="set">${t(locale, 'admin.licenses.set')}</h2>${errorsFor('subscription')}
<form method="post" action="${withMkt(request, `${path}/subscriptions`)}" novalidate><input type="hidden" name="_csrf" value="${view.csrf}">
${select('sku', t(locale, 'admin.license.product'), text(state, 'sku'), skuOptions)}
${field('seats', t(locale, 'admin.licenses.seatsInput'), text(state, 'seats'), { type: 'number', inputmode: 'numeric' })}
<button type="submit">${t(locale, 'admin.licenses.setSubmit')}</button></form>
<h2 id="assign">${t(locale, 'admin.licenses.assign')}</h2>${errorsFor('assignment')}
<form method="post" action="${withMkt(request, `${path}/group-assignments`)}" novalidate><input type="hidden" name="_csrf" value="${view.csrf}">
${select(
  'assignSku',
  t(locale, 'admin.license.product'),
  text(state, 'assignSku'),
  subscriptions.map((s) => ({ value: s.sku, label: s.displayName })),
)}
${select(
  'group',
  t(locale, 'admin.licenses.group'),
  text(state, 'group'),
  (await services.adminViews.listGroups(tenantId)).map((g) => ({ value: g.name, label: g.name })),
)}
<button type="submit">${t(locale, 'admin.licenses.assignSubmit')}</button></form>`
      : '';
    const errorRows = subscriptions.flatMap((s) => s.errors.map((e) => ({ ...e, product: s.displayName })));
    const body = html`${view.saved === 'subscription' || view.saved === 'assignment' ? alertBox([t(locale, `admin.licenses.saved.${view.saved}`)], 'success') : ''}
<h2>${t(locale, 'admin.licenses.subscriptions')}</h2>
${
  subscriptions.length === 0
    ? html`<p>${t(locale, 'admin.licenses.none')}</p>`
    : html`${scrollRegion(t(locale, 'admin.licenses.subscriptions'))}<table>
<thead><tr><th scope="col">${t(locale, 'admin.license.product')}</th><th scope="col">${t(locale, 'admin.licenses.seats')}</th><th scope="col">${t(locale, 'admin.licenses.used')}</th><th scope="col">${t(locale, 'admin.licenses.free')}</th></tr></thead>
<tbody>${subscriptions.map((s) => html`<tr><td>${s.displayName}<br><span class="meta">${s.sku}</span></td><td>${s.seats}</td><td>${s.used}</td><td>${s.free}</td></tr>`)}</tbody>
</table></div>`
}
<h2>${t(locale, 'admin.licenses.errors')}</h2>
${
  errorRows.length === 0
    ? html`<p>${t(locale, 'admin.licenses.noErrors')}</p>`
    : html`${scrollRegion(t(locale, 'admin.licenses.errors'))}<table>
<thead><tr><th scope="col">${t(locale, 'admin.licenses.user')}</th><th scope="col">${t(locale, 'admin.license.product')}</th><th scope="col">${t(locale, 'admin.license.state')}</th></tr></thead>
<tbody>${errorRows.map((e) => html`<tr><td>${may(request.active!.user.roles, 'users', 'read') ? html`<a href="${userLink(request, e.userId)}">${e.upn}</a>` : e.upn}</td><td>${e.product}</td><td>${t(locale, `admin.licenseState.${e.state}`)}</td></tr>`)}</tbody>
</table></div>`
}
${forms}`;
    // A refusal is answered at the form's post address, which has no GET: the language switch leads to the page.
    const title = t(locale, 'admin.nav.licenses');
    return sendPage(reply, status, context.render({ request, locale, title, body, selfPath: path }));
  };

  app.get(path, { schema: { hide: true }, preHandler: context.guard('licenses') }, async (request, reply) => {
    const saved = queryOf(request).saved;
    return render(request, reply, 200, {
      ...(may(request.active!.user.roles, 'licenses', 'write') && { csrf: reply.generateCsrf() }),
      ...(typeof saved === 'string' && { saved }),
    });
  });

  /** Runs a licence change; a refusal re-renders the page with the message next to its form. */
  const change =
    (form: Form, work: (request: FastifyRequest<{ Body: Static<typeof FormBody> }>) => Promise<unknown>) =>
    async (request: FastifyRequest<{ Body: Static<typeof FormBody> }>, reply: FastifyReply) => {
      try {
        await work(request);
      } catch (error) {
        const refusal = refusalOf(localeOf(request), error);
        if (!refusal) throw error;
        return render(request, reply, refusal.status, {
          csrf: reply.generateCsrf(),
          errors: { form, messages: refusal.messages },
          state: request.body,
        });
      }
      return redirectSaved(request, reply, path, form);
    };

  const writeOptions = {
    schema: { hide: true, body: FormBody },
    preValidation: app.csrfProtection.bind(app),
    preHandler: context.guard('licenses', 'write'),
  };

  app.post<{ Body: Static<typeof FormBody> }>(
    `${path}/subscriptions`,
    writeOptions,
    change('subscription', (request) =>
      services.licensing.setSubscription(
        tenantOf(request),
        text(request.body, 'sku'),
        wholeNumber(text(request.body, 'seats')),
        'put',
        actorOf(request),
      ),
    ),
  );

  app.post<{ Body: Static<typeof FormBody> }>(
    `${path}/group-assignments`,
    writeOptions,
    change('assignment', (request) =>
      services.licensing.assignToGroup(
        tenantOf(request),
        text(request.body, 'group'),
        text(request.body, 'assignSku'),
        false,
        actorOf(request),
      ),
    ),
  );
};

/** Licenses: subscriptions, seats and group-based assignment. */
export const licensesSection: ConsoleSection = {
  id: 'licenses',
  label: 'admin.nav.licenses',
  path: '/admin/licenses',
  areas: ['licenses'],
  routes: licensesPage,
};

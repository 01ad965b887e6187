/**
 * "New user" (Entra's Users blade, issue 14 item 5): `/admin/users/new`, for the admin API's `writeUsers` roles
 * (Global and User Administrators). The fields and checks of `POST /api/v1/admin/users`; the password is a
 * temporary one made by the service, never logged, and changed by the user at the first sign-in. A created user is
 * answered with 303 to `/admin/users/{userId}/created`, which shows the password once (`shown-once.ts`): a reload
 * creates nothing. A refusal goes back to the form (post/redirect/get) with each message next to its field and
 * what was typed. Registered as a user panel that shows nothing on a user's page: panels are where
 * `/admin/users/…` routes are added (`user-panels.ts`).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { checkCountry, checkEmail, checkName, checkPhone, checkUpn } from '../../core/directory/identifiers.js';
import { html } from '../../core/html.js';
import { inRoleGroup } from '../../core/roles/role-groups.js';
import { principalOfSession } from '../../services/admin/admin-principal.js';
import { errorSummary, fieldAria, fieldMessage, keepTyped, type FieldError } from '../portal/form-state.js';
import { sendPage, t } from '../portal/layout.js';
import { localeOf, withMkt } from '../request-context.js';
import { codeMessage, consoleFlash, refusalMessage } from './console-flash.js';
import { consoleLink, sendForbidden, sendNotFound, tenantOf, uuidPattern } from './console-page.js';
import { FormBody, text } from './form-controls.js';
import { shownOnce } from './shown-once.js';
import type { UserPanel } from './user-panels.js';

export const newUserPath = '/admin/users/new';
const createdPath = (userId: string) => `/admin/users/${userId}/created`;

/** The API's NewUser fields with their limits; all but the UPN are optional. */
const fields = [
  { name: 'upn', max: 113, hint: 'admin.newUser.upn.hint', type: 'email' },
  { name: 'displayName', max: 256 },
  { name: 'givenName', max: 64 },
  { name: 'surname', max: 64 },
  { name: 'usageLocation', max: 2, hint: 'admin.newUser.usageLocation.hint' },
  { name: 'mobilePhone', max: 32, hint: 'admin.newUser.phone.hint', type: 'tel' },
  { name: 'officePhone', max: 32, hint: 'admin.newUser.phone.hint', type: 'tel' },
  { name: 'alternateEmail', max: 320, type: 'email' },
] as const;
type FieldName = (typeof fields)[number]['name'];

/** Each field's own check, so every problem is named next to its field (the service checks again). */
const checks: Record<FieldName, (value: string) => { ok: boolean; code?: string }> = {
  upn: checkUpn,
  displayName: (v) => checkName(v, 'the display name', 256),
  givenName: (v) => checkName(v, 'the given name', 64),
  surname: (v) => checkName(v, 'the surname', 64),
  usageLocation: checkCountry,
  mobilePhone: checkPhone,
  officePhone: checkPhone,
  alternateEmail: checkEmail,
};

export const newUserPanel: UserPanel = {
  id: 'new-user',
  render: async () => '',
  async routes(app, context) {
    const flash = consoleFlash(context);
    const mayCreate = (request: FastifyRequest) => inRoleGroup(request.active!.user.roles, 'writeUsers');
    const once = shownOnce(context);

    app.get(newUserPath, { schema: { hide: true }, preHandler: context.guard('users') }, async (request, reply) => {
      if (!mayCreate(request)) return sendForbidden(request, reply);
      const locale = localeOf(request);
      const shown = flash.take(request, reply, newUserPath);
      const errors: FieldError[] = shown?.errors ?? [];
      const inputs = fields.map((f) => {
        const hint = 'hint' in f ? t(locale, f.hint) : undefined;
        const optional =
          f.name === 'upn' ? '' : html` <span class="meta">(${t(locale, 'admin.newUser.optional')})</span>`;
        return html`<label for="${f.name}">${t(locale, `admin.newUser.${f.name}`)}${optional}${hint ? html`<span class="hint" id="${f.name}-hint">${hint}</span>` : ''}</label>
<input type="${'type' in f ? f.type : 'text'}" id="${f.name}" name="${f.name}" maxlength="${f.max}" value="${shown?.typed?.[f.name] ?? ''}" autocomplete="off"${f.name === 'upn' ? html` required` : ''}${fieldAria(errors, f.name, hint ? [`${f.name}-hint`] : [])}>${fieldMessage(errors, f.name)}`;
      });
      return sendPage(
        reply,
        shown?.status ?? 200,
        context.render({
          request,
          locale,
          title: t(locale, 'admin.newUser.title'),
          selfPath: newUserPath,
          body: html`<p><a href="${withMkt(request, '/admin/users')}">${t(locale, 'admin.users.all')}</a></p>${errorSummary(errors)}
<p>${t(locale, 'admin.newUser.intro')}</p>
<form method="post" action="${withMkt(request, newUserPath)}" novalidate><input type="hidden" name="_csrf" value="${reply.generateCsrf()}">${inputs}
<button type="submit">${t(locale, 'admin.newUser.submit')}</button></form>`,
        }),
      );
    });

    // The answer to a created user: the password once, then only that it was shown (a reload creates nothing).
    app.get<{ Params: { userId: string } }>(
      '/admin/users/:userId/created',
      { schema: { hide: true }, preHandler: context.guard('users') },
      async (request, reply) => {
        if (!mayCreate(request)) return sendForbidden(request, reply);
        const { userId } = request.params;
        const user = uuidPattern.test(userId)
          ? await context.services.adminViews.userDetail(tenantOf(request), userId)
          : undefined;
        if (!user) return sendNotFound(request, reply);
        const locale = localeOf(request);
        const userPage = consoleLink(request, `/admin/users/${user.userId}`);
        const open = html`<p><a href="${userPage}">${t(locale, 'admin.newUser.open')}</a></p>`;
        return once.page(request, reply, {
          title: t(locale, 'admin.newUser.title'),
          path: createdPath(user.userId),
          shown: ({ secret }) =>
            html`<div class="alert success" role="status"><p>${t(locale, 'admin.newUser.done', { upn: user.upn })}</p>
<p>${t(locale, 'admin.newUser.password')}</p><p><code class="secret" id="temporary-password">${secret}</code></p>
<p>${t(locale, 'admin.newUser.forced')}</p></div>
${open}`,
          gone: html`<p>${t(locale, 'admin.newUser.shownOnce', { upn: user.upn })}</p>
<p><a href="${userPage}#panel-reset">${t(locale, 'admin.user.reset.submit')}</a></p>
${open}`,
        });
      },
    );

    app.post<{ Body: Static<typeof FormBody> }>(
      newUserPath,
      {
        schema: { hide: true, body: FormBody },
        preValidation: app.csrfProtection.bind(app),
        preHandler: context.guard('users'),
      },
      async (request: FastifyRequest<{ Body: Static<typeof FormBody> }>, reply: FastifyReply) => {
        if (!mayCreate(request)) return sendForbidden(request, reply);
        const locale = localeOf(request);
        const typed = Object.fromEntries(fields.map((f) => [f.name, text(request.body, f.name).trim()])) as Record<
          FieldName,
          string
        >;
        const refuse = (errors: FieldError[], status = 400) =>
          flash.redirect(
            reply,
            newUserPath,
            { status, errors, typed: keepTyped(typed) },
            consoleLink(request, newUserPath),
          );
        const problems = fields.flatMap((f): FieldError[] => {
          if (typed[f.name] === '' && f.name !== 'upn') return [];
          const checked = checks[f.name](typed[f.name]);
          if (checked.ok) return [];
          return [
            {
              field: f.name,
              text: codeMessage(locale, checked.code ?? '') ?? t(locale, 'admin.error.VALIDATION_FAILED'),
            },
          ];
        });
        if (problems.length > 0) return refuse(problems);
        const input = Object.fromEntries(Object.entries(typed).filter(([, v]) => v !== ''));
        // The claim before the user: a store that cannot write it stops the post before anyone was created, and the
        // form comes back (503) with what was typed.
        const notIssued = { refused: () => refuse([{ text: t(locale, 'admin.shownOnce.notIssued') }], 503) };
        return once.issue(request, reply, notIssued, async () => {
          let created;
          try {
            created = await context.services.newUsers.create(principalOfSession(request.active!), {
              ...input,
              upn: typed.upn,
            });
          } catch (error) {
            const message = refusalMessage(locale, error);
            if (!message) throw error;
            // Every field passed its own check, so what is left is the UPN's: taken, or not one of this tenant's domains.
            return refuse([{ field: 'upn', text: message }]);
          }
          return { page: createdPath(created.user.userId), secret: created.temporaryPassword };
        });
      },
    );
  },
};

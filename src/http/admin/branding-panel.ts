/**
 * Company branding on the Password reset blade's Customization tab (issue 14 item 5), below the policy form: the
 * display name, accent colour and sign-in page text in one form, the logo in its own (a file needs multipart) and
 * a button to remove it. The same audited service as `/api/v1/admin/branding`, with the tab's roles (the policy's).
 * Post/redirect/get, failures too: the refusal and what was typed travel in the sealed flash cookie.
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { brandingLimits, logoPath } from '../../core/branding/branding.js';
import { isSsprError } from '../../core/errors.js';
import { html, type SafeHtml } from '../../core/html.js';
import { isMessageKey, type Locale } from '../../i18n/i18n.js';
import { errorSummary, fieldAria, fieldMessage, keepTyped, pageFlash, type FieldError } from '../portal/form-state.js';
import { alertBox, t } from '../portal/layout.js';
import { localeOf, withMkt } from '../request-context.js';
import { consoleAreas, may } from './access.js';
import { passwordResetPath } from './blade-tab.js';
import { actorOf, consoleLink, queryOf, rolesAllowed, tenantOf } from './console-page.js';
import { FormBody, text } from './form-controls.js';
import type { SectionContext } from './section.js';

const tabPath = `${passwordResetPath}/customization`;
const paths = { texts: `${tabPath}/branding`, logo: `${tabPath}/logo`, removeLogo: `${tabPath}/logo/remove` };
const flashPage = 'customization-branding';
const textFields = ['displayName', 'accentColour', 'signInText'] as const;

/** A refusal in the admin's words, tied to the field it is about. */
const refusalText = (locale: Locale, error: unknown): string | undefined => {
  const key = isSsprError(error) ? `admin.error.${error.code}` : '';
  return isMessageKey(key) ? t(locale, key) : undefined;
};
const fieldOfCode = (code: string) =>
  code.startsWith('BRANDING_COLOUR')
    ? 'accentColour'
    : code.startsWith('BRANDING_TEXT')
      ? 'signInText'
      : code.startsWith('BRANDING_LOGO')
        ? 'logo'
        : 'displayName';

export const brandingPanel = (context: SectionContext) => {
  // Read on use: sections are registered before services exist in some harnesses (sections.test.ts).
  const flash = {
    take: (...args: Parameters<ReturnType<typeof pageFlash>['take']>) =>
      pageFlash(context.config, context.services.deps.sealer).take(...args),
    redirect: (...args: Parameters<ReturnType<typeof pageFlash>['redirect']>) =>
      pageFlash(context.config, context.services.deps.sealer).redirect(...args),
  };

  /** The section for the tab's GET; `csrf` only for writers (one token per page, the tab's). */
  const render = async (request: FastifyRequest, reply: FastifyReply, csrf: string | undefined): Promise<SafeHtml> => {
    const locale = localeOf(request);
    const tenantId = tenantOf(request);
    const branding = await context.services.branding.show(tenantId);
    const shown = flash.take(request, reply, flashPage);
    const errors: FieldError[] = shown?.errors ?? [];
    const value = (name: (typeof textFields)[number]) => shown?.typed?.[name] ?? branding[name] ?? '';
    const saved = queryOf(request).saved;
    const notice =
      saved === 'branding'
        ? 'admin.branding.saved'
        : saved === 'logo'
          ? 'admin.branding.logo.saved'
          : saved === 'logo-removed'
            ? 'admin.branding.logo.removed'
            : undefined;
    const input = (name: 'displayName' | 'accentColour', max: number) =>
      html`<label for="${name}">${t(locale, `admin.branding.${name === 'displayName' ? 'displayName' : 'accent'}`)}<span class="hint" id="${name}-hint">${t(locale, `admin.branding.${name === 'displayName' ? 'displayName' : 'accent'}.hint`)}</span></label>
<input type="text" id="${name}" name="${name}" value="${value(name)}" maxlength="${max}" autocomplete="off"${fieldAria(errors, name, [`${name}-hint`])}>${fieldMessage(errors, name)}`;
    const textsBody = html`${input('displayName', brandingLimits.displayName)}${input('accentColour', 7)}
<label for="signInText">${t(locale, 'admin.branding.signInText')}<span class="hint" id="signInText-hint">${t(locale, 'admin.branding.signInText.hint')}</span></label>
<textarea id="signInText" name="signInText" rows="4" maxlength="${brandingLimits.signInText}"${fieldAria(errors, 'signInText', ['signInText-hint'])}>${value('signInText')}</textarea>${fieldMessage(errors, 'signInText')}`;
    const current = branding.logo
      ? html`<p>${t(locale, 'admin.branding.logo.current')}:</p><p><img class="logo-preview" src="${logoPath(tenantId, branding.logo.version)}" alt="${t(locale, 'admin.branding.logo.current')}" height="48"></p>`
      : html`<p>${t(locale, 'admin.branding.logo.none')}</p>`;
    const heading = html`<h3 id="branding">${t(locale, 'admin.branding.title')}</h3><p>${t(locale, 'admin.branding.intro')}</p>`;
    if (!csrf)
      return html`${heading}<p class="meta">${t(locale, 'admin.readOnly', { roles: rolesAllowed(locale, consoleAreas.policy.write) })}</p><form><fieldset class="bare" disabled>${textsBody}</fieldset></form><h4>${t(locale, 'admin.branding.logo')}</h4>${current}`;
    return html`${heading}${errorSummary(errors)}${notice ? alertBox([t(locale, notice)], 'success') : ''}
<form method="post" action="${withMkt(request, paths.texts)}" novalidate><input type="hidden" name="_csrf" value="${csrf}">${textsBody}<button type="submit">${t(locale, 'admin.branding.save')}</button></form>
<h4>${t(locale, 'admin.branding.logo')}</h4>${current}
<form method="post" action="${withMkt(request, paths.logo)}" enctype="multipart/form-data" novalidate><input type="hidden" name="_csrf" value="${csrf}">
<label for="logo">${t(locale, 'admin.branding.logo.file')}<span class="hint" id="logo-hint">${t(locale, 'admin.branding.logo.hint')}</span></label>
<input type="file" id="logo" name="logo" accept="image/png,image/jpeg"${fieldAria(errors, 'logo', ['logo-hint'])}>${fieldMessage(errors, 'logo')}
<button type="submit">${t(locale, 'admin.branding.logo.upload')}</button></form>
${branding.logo ? html`<form method="post" action="${withMkt(request, paths.removeLogo)}"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit" class="secondary">${t(locale, 'admin.branding.logo.remove')}</button></form>` : ''}`;
  };

  const back = (request: FastifyRequest, reply: FastifyReply, saved: string) =>
    reply.redirect(`${consoleLink(request, tabPath, { saved })}#branding`, 303);
  const refuse = (request: FastifyRequest, reply: FastifyReply, error: unknown, typed: Record<string, string>) => {
    const message = refusalText(localeOf(request), error);
    if (!message || !isSsprError(error)) throw error;
    const errors = [{ field: fieldOfCode(error.code), text: message }];
    return flash.redirect(
      reply,
      flashPage,
      { status: 400, errors, typed: keepTyped(typed) },
      `${consoleLink(request, tabPath)}#branding`,
    );
  };

  const routes = async (app: FastifyInstance) => {
    const guard = { preValidation: app.csrfProtection.bind(app), preHandler: context.guard('policy', 'write') };
    app.post<{ Body: Static<typeof FormBody> }>(
      paths.texts,
      { schema: { hide: true, body: FormBody }, ...guard },
      async (request, reply) => {
        const typed = Object.fromEntries(textFields.map((name) => [name, text(request.body, name)]));
        try {
          await context.services.branding.update(tenantOf(request), typed, actorOf(request));
        } catch (error) {
          return refuse(request, reply, error, typed);
        }
        return back(request, reply, 'branding');
      },
    );
    // The logo form is the console's only multipart form (a file needs one). @fastify/multipart parses it in a
    // scope of its own, so no other route accepts multipart; at most one file and a few fields, held in memory.
    // The file limit is bigger than a logo may be, so an oversized one is refused in words
    // (BRANDING_LOGO_TOO_LARGE), not by the parser.
    await app.register(async (scoped) => {
      await scoped.register(fastifyMultipart, {
        attachFieldsToBody: 'keyValues',
        limits: { fileSize: 4 * brandingLimits.logoBytes, files: 1, fields: 4, parts: 5, fieldSize: 1024 },
      });
      scoped.post(paths.logo, { schema: { hide: true }, ...guard }, async (request, reply) => {
        const file = (request.body as { logo?: unknown } | undefined)?.logo;
        if (!Buffer.isBuffer(file) || file.length === 0) {
          const errors = [{ field: 'logo', text: t(localeOf(request), 'admin.branding.logo.missing') }];
          return flash.redirect(reply, flashPage, { status: 400, errors }, `${consoleLink(request, tabPath)}#branding`);
        }
        try {
          await context.services.branding.setLogo(tenantOf(request), new Uint8Array(file), actorOf(request));
        } catch (error) {
          return refuse(request, reply, error, {});
        }
        return back(request, reply, 'logo');
      });
    });
    app.post(paths.removeLogo, { schema: { hide: true, body: FormBody }, ...guard }, async (request, reply) => {
      await context.services.branding.removeLogo(tenantOf(request), actorOf(request));
      return back(request, reply, 'logo-removed');
    });
  };

  return { render, routes, mayWrite: (roles: readonly string[]) => may(roles, 'policy', 'write') };
};

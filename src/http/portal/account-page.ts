import type { User } from '../../core/model.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { isMessageKey, type Locale } from '../../i18n/i18n.js';
import { violationMessage } from '../../i18n/violations.js';
import type { ActiveSession } from '../../services/identity/session-service.js';
import { mayEnterConsole } from '../admin/sections.js';
import type { HttpContext } from '../context.js';
import { html } from '../../core/html.js';
import { localeOf, withMkt } from '../request-context.js';
import { signsInAtDirectory } from '../../services/directory/directory-password.js';
import { requirePageSession as requireSession } from './page-session.js';
import { inputLimits } from '../../core/input-limits.js';
import { errorSummary, fieldAria, fieldMessage, pageFlash, type FieldError, type FormRecovery } from './form-state.js';
import { alertBox, layout, sendPage, t } from './layout.js';
import { lookOfUser, type PortalLook } from './branding-assets.js';
import { passwordRules } from './password-rules.js';
import type { PasswordProtectionSettings } from '../../core/password/protection-settings.js';

const ChangeForm = Type.Object({
  currentPassword: Type.Optional(Type.String({ maxLength: inputLimits.password })),
  newPassword: Type.Optional(Type.String({ maxLength: inputLimits.password })),
  confirmPassword: Type.Optional(Type.String({ maxLength: inputLimits.password })),
  _csrf: Type.Optional(Type.String({ maxLength: inputLimits.csrf })),
});

interface AccountView {
  locale: Locale;
  csrf: string;
  active: ActiveSession;
  settings: PasswordProtectionSettings;
  /** A forced change because the password expired (issue #16), not an administrator's reset. */
  expired?: boolean;
  errors?: FieldError[];
  success?: string;
  status?: number;
  look?: PortalLook;
}

const renderAccount = (request: FastifyRequest, view: AccountView) => {
  const { locale, active } = view;
  // After an admin reset (Entra's forced change) the page is the sign-in interrupt: the change form and nothing else.
  // A passthrough/federated user's flag comes from the directory (reset with must-change, or expired), not from here.
  const forced = active.user.mustChangePassword === true;
  return layout({
    locale,
    request,
    title: t(locale, 'account.title'),
    ...(view.look && { look: view.look }),
    body: html`<p>${t(locale, 'account.signedInAs', { name: active.user.displayName, upn: active.user.upn })}</p>
${!forced && mayEnterConsole(active.user.roles) ? html`<p><a href="${withMkt(request, '/admin')}">${t(locale, 'admin.link')}</a></p>` : ''}
<form method="post" action="${withMkt(request, '/signout')}"><input type="hidden" name="_csrf" value="${view.csrf}"><button type="submit" class="link">${t(locale, 'account.signout')}</button></form>
${forced ? '' : html`<p><a href="${withMkt(request, '/account/security-info')}">${t(locale, 'account.securityInfo.link')}</a><span class="hint">${t(locale, 'account.securityInfo.linkHint')}</span></p>`}
<h2>${t(locale, 'account.change.title')}</h2>
${forced ? html`<p class="status" role="status">${t(locale, view.expired ? 'expiry.expired.notice' : signsInAtDirectory(active.user) ? 'account.forceChange.directoryNotice' : 'account.forceChange.notice')}</p>` : ''}
${errorSummary(view.errors ?? [])}${view.success ? alertBox([view.success], 'success') : ''}
${passwordRules(locale, view.settings)}
<form method="post" action="${withMkt(request, '/account/password')}" novalidate>
<input type="hidden" name="_csrf" value="${view.csrf}">
<label for="currentPassword">${t(locale, 'account.change.current')}</label>
<input type="password" id="currentPassword" name="currentPassword" autocomplete="current-password" maxlength="${inputLimits.password}" required${fieldAria(view.errors, 'currentPassword')}>
${fieldMessage(view.errors, 'currentPassword')}
<label for="newPassword">${t(locale, 'account.change.new')}</label>
<input type="password" id="newPassword" name="newPassword" autocomplete="new-password" maxlength="${inputLimits.password}" required${fieldAria(view.errors, 'newPassword', ['policy'])}>
${fieldMessage(view.errors, 'newPassword')}
<label for="confirmPassword">${t(locale, 'account.change.confirm')}</label>
<input type="password" id="confirmPassword" name="confirmPassword" autocomplete="new-password" maxlength="${inputLimits.password}" required${fieldAria(view.errors, 'confirmPassword')}>
${fieldMessage(view.errors, 'confirmPassword')}
<button type="submit">${t(locale, 'account.change.submit')}</button>
</form>
<script src="/static/password-feedback.js" defer></script>`,
  });
};

export const accountPage = async (app: FastifyInstance, { config, services }: HttpContext) => {
  const requirePageSession = requireSession({ config, services });
  const flash = pageFlash(config, services.deps.sealer);
  /** A refused body (a password over its limit, a body too large): the form again, the message at the field. */
  const recoverForm: FormRecovery = (request, reply, refused) => {
    const locale = localeOf(request);
    const errors: FieldError[] = refused.fields.length
      ? refused.fields.map((name) => ({
          field: name,
          text: t(locale, 'portal.field.tooLong', { max: inputLimits.password }),
        }))
      : [{ text: t(locale, 'portal.form.tooLarge') }];
    return flash.redirect(reply, '/account', { status: refused.status, errors }, withMkt(request, '/account'));
  };
  const expiredChange = async (user: User) =>
    user.mustChangePassword === true && services.passwordExpiry.hasExpired(user);

  app.get('/account', { schema: { hide: true }, preHandler: requirePageSession }, async (request, reply) => {
    const shown = flash.take(request, reply, '/account');
    return sendPage(
      reply,
      shown?.status ?? 200,
      renderAccount(request, {
        locale: localeOf(request),
        csrf: reply.generateCsrf(),
        active: request.active!,
        settings: await services.passwordProtection.settingsOf(request.active!.user.tenantId),
        ...(shown && { errors: shown.errors }),
        ...(shown?.notice && { success: shown.notice }),
        expired: await expiredChange(request.active!.user),
        look: await lookOfUser(services, request.active!.user.upn),
      }),
    );
  });

  app.post<{ Body: Static<typeof ChangeForm> }>(
    '/account/password',
    {
      schema: { hide: true, body: ChangeForm },
      preValidation: app.csrfProtection.bind(app),
      preHandler: requirePageSession,
      config: {
        rateLimit: { max: config.signInRateLimitPerMinute, timeWindow: 60_000 },
        recoverForm,
        continueTo: '/account',
      },
    },
    async (request, reply) => {
      const locale = localeOf(request);
      const active = request.active!;
      // Post/redirect/get, failures too (issue 14): passwords are never put back, only the messages.
      const render = (status: number, extra: { errors?: FieldError[]; success?: string }) =>
        flash.redirect(
          reply,
          '/account',
          { status, errors: extra.errors ?? [], ...(extra.success && { notice: extra.success }) },
          withMkt(request, '/account'),
        );
      const { currentPassword = '', newPassword = '', confirmPassword = '' } = request.body;
      if (!currentPassword || !newPassword)
        return render(400, {
          errors: [
            {
              field: currentPassword ? 'newPassword' : 'currentPassword',
              text: t(locale, 'account.change.error.VALIDATION_FAILED'),
            },
          ],
        });
      if (newPassword !== confirmPassword)
        return render(400, { errors: [{ field: 'confirmPassword', text: t(locale, 'account.change.mismatch') }] });
      const result = await services.passwordChange.changePassword({
        active,
        currentPassword,
        newPassword,
        ipAddress: request.ip,
        locale,
      });
      if (result.ok) {
        // The store cleared the forced change with the new password; this request's copy of the user follows.
        active.user.mustChangePassword = false;
        return render(200, { success: t(locale, 'account.change.done') });
      }
      if (result.code === 'PASSWORD_POLICY_VIOLATION') {
        return render(400, {
          errors: (result.details?.violations ?? []).map((v) => ({
            field: 'newPassword',
            text: violationMessage(locale, v),
          })),
        });
      }
      if (result.code === 'DIRECTORY_POLICY_REJECTED' && typeof result.details?.detail === 'string')
        return render(400, { errors: [{ field: 'newPassword', text: result.details.detail }] });
      const key = `account.change.error.${result.code}`;
      const directoryStatus =
        result.code === 'DIRECTORY_UNREACHABLE' || result.code === 'ON_PREMISES_SUCCESS_CLOUD_FAILURE'
          ? 503
          : result.code === 'DIRECTORY_MISCONFIGURED'
            ? 502
            : undefined;
      const status =
        directoryStatus ??
        (result.code === 'ACCOUNT_LOCKED' ? 423 : result.code === 'PASSWORD_NOT_MANAGED_HERE' ? 409 : 403);
      const text = isMessageKey(key) ? t(locale, key) : t(locale, 'account.change.failed');
      return render(status, {
        errors: [{ ...(result.code === 'INVALID_CURRENT_PASSWORD' && { field: 'currentPassword' }), text }],
      });
    },
  );
};

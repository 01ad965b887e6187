/**
 * The Password reset blade's "Password expiration" tab (issue #16): per domain "passwords never expire" or a
 * validity period and notification window, and the reminder settings. One form per domain and one for reminders,
 * each posting to its own address; the same audited service as PATCH /api/v1/admin/password-expiry.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { html } from '../../core/html.js';
import type { PasswordExpiryService, PasswordExpiryView } from '../../services/password/password-expiry-service.js';
import { countPasswordExpiry } from '../../services/reports/password-expiry-counts.js';
import { alertBox, sendPage, t } from '../portal/layout.js';
import { localeOf, withMkt } from '../request-context.js';
import { consoleAreas, may } from './access.js';
import { bladeTabPath, type BladeTab } from './blade-tab.js';
import { renderBladeTab } from './blade-tabs.js';
import { refusalOf } from './console-errors.js';
import { actorOf, queryOf, redirectSaved, rolesAllowed, tenantOf } from './console-page.js';
import { field, FormBody, policyForm, radios, text, wholeNumber, yesNo, type FormState } from './form-controls.js';
import type { SectionContext } from './section.js';

export const passwordExpiryTab: BladeTab = {
  slug: 'password-expiry',
  title: 'admin.tab.passwordExpiry',
  area: 'passwordExpiry',
};

const path = bladeTabPath(passwordExpiryTab);
/** Text inputs carry a limit: a whole number needs no more digits, five reminder days (1–30) fit with room to spare. */
const numberMax = 9;
const reminderDaysMax = 64;
const remindersPath = `${path}/reminders`;

interface TabView {
  csrf?: string;
  errors?: string[];
  /** What was typed into the refused form, keyed by the form's domain (or `reminders`). */
  typed?: { form: string; state: FormState };
}

const domainState = (d: PasswordExpiryView['domains'][number]): FormState => ({
  domain: d.domain,
  expires: d.validityDays === null ? 'never' : 'days',
  days: d.validityDays === null ? '' : String(d.validityDays),
  notifyDays: String(d.notifyDays),
});

const remindersState = (r: PasswordExpiryView['reminders']): FormState => ({
  reminderDays: r.reminderDays.join(', '),
  sms: r.smsReminders ? 'yes' : 'no',
  dailyCap: String(r.dailyReminderCap),
});

export const passwordExpiryRoutes = async (app: FastifyInstance, context: SectionContext) => {
  // Read on use: the section list is registered before services exist in some harnesses (sections.test.ts).
  const { services } = context;
  const area = passwordExpiryTab.area;

  const render = async (request: FastifyRequest, view: TabView) => {
    const locale = localeOf(request);
    const shown = await services.passwordExpiry.show(tenantOf(request));
    const counts = await countPasswordExpiry(services.deps, tenantOf(request));
    const readOnlyNote = t(locale, 'admin.readOnly', { roles: rolesAllowed(locale, consoleAreas[area].write) });
    const stateOf = (form: string, fallback: FormState) => (view.typed?.form === form ? view.typed.state : fallback);
    const domainForms = shown.domains.map((d, i) => {
      const state = stateOf(d.domain, domainState(d));
      const id = `d${i}`;
      return html`<h3>${d.domain}</h3>${policyForm({
        action: withMkt(request, path),
        ...(view.csrf && { csrf: view.csrf }),
        submit: t(locale, 'admin.save'),
        readOnlyNote,
        body: html`<input type="hidden" name="domain" value="${d.domain}">${radios(
          `${id}-expires`,
          t(locale, 'admin.expiry.domain'),
          text(state, 'expires'),
          [
            { value: 'never', label: t(locale, 'admin.expiry.never') },
            { value: 'days', label: t(locale, 'admin.expiry.days') },
          ],
        )}${field(`${id}-days`, t(locale, 'admin.expiry.days'), text(state, 'days'), { inputmode: 'numeric', maxlength: numberMax })}${field(
          `${id}-notifyDays`,
          t(locale, 'admin.expiry.notifyDays'),
          text(state, 'notifyDays'),
          { inputmode: 'numeric', maxlength: numberMax },
        )}`,
      })}`;
    });
    const reminders = stateOf('reminders', remindersState(shown.reminders));
    const remindersForm = policyForm({
      action: withMkt(request, remindersPath),
      ...(view.csrf && { csrf: view.csrf }),
      submit: t(locale, 'admin.save'),
      readOnlyNote,
      body: html`${field('reminderDays', t(locale, 'admin.expiry.reminderDays'), text(reminders, 'reminderDays'), { maxlength: reminderDaysMax })}${yesNo(
        locale,
        'sms',
        t(locale, 'admin.expiry.sms'),
        text(reminders, 'sms'),
      )}${field('dailyCap', t(locale, 'admin.expiry.dailyCap'), text(reminders, 'dailyCap'), { inputmode: 'numeric', maxlength: numberMax })}`,
    });
    const saved = queryOf(request).saved === '1';
    return renderBladeTab(
      context,
      request,
      locale,
      passwordExpiryTab,
      html`<p>${t(locale, 'admin.expiry.intro')}</p><p class="expiry-counts">${t(locale, 'admin.expiry.counts', { expiring: counts.expiring, expired: counts.expired })}</p>${shown.warnings.length > 0 ? html`<p class="status" role="status">${t(locale, 'admin.expiry.nistWarning')}</p>` : ''}${alertBox(view.errors ?? [])}${saved ? alertBox([t(locale, 'admin.saved')], 'success') : ''}${domainForms}<h3>${t(locale, 'admin.tab.passwordExpiry')}</h3>${remindersForm}`,
    );
  };

  app.get(path, { schema: { hide: true }, preHandler: context.guard(area) }, async (request, reply) => {
    const writable = may(request.active!.user.roles, area, 'write');
    return sendPage(reply, 200, await render(request, writable ? { csrf: reply.generateCsrf() } : {}));
  });

  /** Saves a change, or shows the form again with what was typed and why it was refused, in the page's language. */
  const save = async (
    request: FastifyRequest,
    reply: FastifyReply,
    typed: { form: string; state: FormState },
    change: Parameters<PasswordExpiryService['update']>[1],
  ) => {
    try {
      await services.passwordExpiry.update(tenantOf(request), change, actorOf(request));
    } catch (error) {
      const refusal = refusalOf(localeOf(request), error);
      if (!refusal) throw error;
      return sendPage(
        reply,
        refusal.status,
        await render(request, { csrf: reply.generateCsrf(), errors: refusal.messages, typed }),
      );
    }
    return redirectSaved(request, reply, path);
  };

  const postOptions = {
    schema: { hide: true, body: FormBody },
    preValidation: app.csrfProtection.bind(app),
    preHandler: context.guard(area, 'write'),
  };

  app.post<{ Body: Static<typeof FormBody> }>(path, postOptions, async (request, reply) => {
    const body = request.body as FormState;
    const domain = text(body, 'domain');
    // Field names carry the form's index so every label on the page is unique; read them back by suffix.
    const pick = (suffix: string) => text(body, Object.keys(body).find((k) => k.endsWith(`-${suffix}`)) ?? '');
    const state = { domain, expires: pick('expires'), days: pick('days'), notifyDays: pick('notifyDays') };
    return save(
      request,
      reply,
      { form: domain, state },
      {
        domain,
        validityDays: state.expires === 'never' ? null : wholeNumber(state.days),
        notifyDays: wholeNumber(state.notifyDays),
      },
    );
  });

  app.post<{ Body: Static<typeof FormBody> }>(remindersPath, postOptions, async (request, reply) => {
    const body = request.body as FormState;
    const state = {
      reminderDays: text(body, 'reminderDays'),
      sms: text(body, 'sms'),
      dailyCap: text(body, 'dailyCap'),
    };
    return save(
      request,
      reply,
      { form: 'reminders', state },
      {
        reminderDays: state.reminderDays.split(',').map((d) => wholeNumber(d)),
        smsReminders: state.sms === 'yes',
        dailyReminderCap: wholeNumber(state.dailyCap),
      },
    );
  });
};

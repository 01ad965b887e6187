import type { FastifyRequest } from 'fastify';
import type { PasswordProtectionSettings } from '../../core/password/protection-settings.js';
import { isMessageKey, type Locale } from '../../i18n/i18n.js';
import type { Helpdesk, Ineligible, ResetFlowView } from '../../services/reset/password-reset-service.js';
import { html, type SafeHtml } from '../../core/html.js';
import { inputLimits } from '../../core/input-limits.js';
import { unbrokenMask } from '../../core/methods/masking.js';
import { withMkt } from '../request-context.js';
import { entryOf, methodOf, methodTypes } from '../../methods/registry.js';
import { fragmentContext } from './fragment-context.js';
import { errorSummary, fieldAria, fieldMessage, type FieldError } from './form-state.js';
import { alertBox, layout, t } from './layout.js';
import { withQuery } from './page-session.js';
import { passwordRules } from './password-rules.js';
import { lookOfHint, signInText, type PortalLook } from './branding-assets.js';
import type { Services } from '../../services/services.js';

/**
 * The wizard's addresses. The flow itself is never named in a URL: it travels in a cookie; the URL
 * carries only the tab's handle (`?f=`, see reset-tab.ts).
 */
export const resetPaths = {
  start: '/passwordreset',
  flow: '/passwordreset/flow',
  done: '/passwordreset/done',
  methods: '/passwordreset/methods',
  intent: '/passwordreset/intent',
  challenge: '/passwordreset/challenge',
  verify: '/passwordreset/verify',
  password: '/passwordreset/password',
  unlock: '/passwordreset/unlock',
  cancel: '/passwordreset/cancel',
  contactAdmin: '/passwordreset/contact-admin',
} as const;

export interface Frame {
  request: FastifyRequest;
  locale: Locale;
  csrf: string;
  supportCode: string;
  /** This tab's handle: every link and form action of the page carries it. */
  handle: string;
  errors?: FieldError[];
  notice?: string;
  /** Values typed before a refused post, by input id (never passwords or codes). */
  values?: Record<string, string>;
  /** "Resetting the password of j***@contoso.example": the flow's user ID, masked (decoys alike). */
  account?: string;
  /** The tenant's branding when the page knows the tenant (a `whr` hint, a typed user ID's domain). */
  look?: PortalLook;
}

/** A wizard path for this tab, `?mkt=` kept. */
export const tabPath = (frame: Frame, path: string) => withQuery(frame.request, path, { f: frame.handle });

const csrfField = (csrf: string) => html`<input type="hidden" name="_csrf" value="${csrf}">`;

/**
 * Every wizard page: the same title (as Entra), the page's own step heading, and the support code at
 * the bottom so a helpdesk can find the request in the logs and audit trail.
 */
const page = (frame: Frame, heading: string, body: SafeHtml, selfPath: string = resetPaths.flow) =>
  layout({
    locale: frame.locale,
    request: frame.request,
    title: t(frame.locale, 'reset.title'),
    ...(frame.look && { look: frame.look }),
    // The language switch keeps the tab's handle, so the same flow continues in the other language.
    selfPath: `${selfPath}?f=${frame.handle}`,
    body: html`<h2>${heading}</h2>
${frame.account ? html`<p class="account">${frame.account}</p>` : ''}
${errorSummary(frame.errors ?? [])}${frame.notice ? alertBox([frame.notice], 'success') : ''}
${body}
<p class="meta support">${t(frame.locale, 'reset.supportCode')}: <span class="support-code">${frame.supportCode}</span></p>`,
  });

const cancelForm = (frame: Frame) =>
  html`<form method="post" action="${tabPath(frame, resetPaths.cancel)}" class="cancel">${csrfField(frame.csrf)}<button type="submit" class="secondary">${t(frame.locale, 'reset.cancel')}</button></form>`;

/** The start page's branding: from a `whr` hint or the domain of the user ID typed before a refused post. */
export const startLook = (
  services: Pick<Services, 'branding'>,
  request: FastifyRequest,
  flash?: { typed?: Record<string, string> },
) => lookOfHint(services, request, flash?.typed?.username);

export const renderStart = (frame: Frame) => {
  const { locale, request } = frame;
  return page(
    frame,
    t(locale, 'reset.start.heading'),
    html`<p id="start-intro">${t(locale, 'reset.start.intro')}</p>${signInText(frame.look)}
<form method="post" action="${tabPath(frame, resetPaths.start)}" id="reset-start" novalidate>
${csrfField(frame.csrf)}
<label for="username">${t(locale, 'reset.start.username')}<span class="hint" id="username-hint">${t(locale, 'reset.start.username.hint')}</span></label>
<input type="email" id="username" name="username" autocomplete="username" inputmode="email" maxlength="${inputLimits.userId}" required${fieldAria(frame.errors, 'username', ['username-hint'])} value="${frame.values?.username ?? ''}"${frame.errors?.length ? '' : html` autofocus`}>
${fieldMessage(frame.errors, 'username')}
<fieldset>
<legend>${t(locale, 'reset.captcha.legend')}</legend>
<input type="hidden" name="captcha" id="captcha" value="">
<input type="hidden" name="captchaState" id="captcha-state" value="">
<p id="captcha-status" role="status" hidden data-working="${t(locale, 'reset.captcha.working')}" data-done="${t(locale, 'reset.captcha.done')}" data-failed="${t(locale, 'reset.captcha.failed')}" data-unsupported="${t(locale, 'reset.captcha.unsupported')}" data-expired="${t(locale, 'portal.captcha.expired')}">${t(locale, 'reset.captcha.waiting')}</p>
<noscript><p class="status">${t(locale, 'reset.captcha.noscript')}</p></noscript>
</fieldset>
<div class="choices"><button type="submit" id="reset-next">${t(locale, 'reset.next')}</button><a class="cancel-link" href="${withMkt(request, '/signin')}">${t(locale, 'reset.cancel')}</a></div>
</form>
<script src="/static/reset-captcha.js" defer></script>`,
    resetPaths.start,
  );
};

export const renderIntent = (frame: Frame, view: ResetFlowView) => {
  const { locale } = frame;
  const option = (intent: 'reset' | 'unlock', checked: boolean) => html`<div class="choice">
<input type="radio" id="intent-${intent}" name="intent" value="${intent}" aria-describedby="intent-${intent}-hint"${checked ? html` checked` : ''}>
<label for="intent-${intent}">${t(locale, `reset.intent.${intent}`)}</label></div>
<p class="hint" id="intent-${intent}-hint">${t(locale, `reset.intent.${intent}.hint`)}</p>`;
  return page(
    frame,
    t(locale, 'reset.intent.heading'),
    html`<form method="post" action="${tabPath(frame, resetPaths.intent)}" novalidate>
${csrfField(frame.csrf)}
<fieldset class="bare"><legend class="vh">${t(locale, 'reset.intent.heading')}</legend>
${option('reset', true)}
${view.canUnlock ? option('unlock', false) : ''}
</fieldset>
<button type="submit">${t(locale, 'reset.next')}</button>
</form>
${cancelForm(frame)}`,
  );
};

/** "Verification step 1 of 2": the gate being proven now. */
const stepOf = (locale: Locale, view: ResetFlowView) =>
  t(locale, 'reset.verify.step', {
    step: Math.min(view.gatesPassed + 1, view.gatesRequired),
    total: view.gatesRequired,
  });

/** One small form per method: works without JavaScript and needs no "selected method" state. */
const methodCard = (frame: Frame, method: ResetFlowView['methods'][number]) => {
  const { locale } = frame;
  const id = `m-${method.id}`;
  // Fields the method asks before anything is sent (the whole phone number), from its plugin.
  const views = methodOf(method.type)?.plugin.views;
  return html`<li><form method="post" action="${tabPath(frame, resetPaths.challenge)}" novalidate aria-labelledby="${id}-name">
${csrfField(frame.csrf)}<input type="hidden" name="methodId" value="${method.id}">
<h3 class="kind" id="${id}-name">${t(locale, `reset.method.${method.type}`)}</h3>
<span class="meta" id="${id}-explain">${t(locale, `reset.method.${method.type}.explain`, { display: unbrokenMask(method.display) })}</span>
${views?.resetCard ? views.resetCard({ ...fragment(frame, resetPaths.challenge, method.id), display: method.display }) : ''}
<button type="submit">${t(locale, `reset.action.${method.type}`)}</button>
</form></li>`;
};

export const renderMethods = (frame: Frame, view: ResetFlowView) => {
  const { locale } = frame;
  const open = view.methods.filter((m) => !m.passed);
  // Which method must be one of the steps (requireStrongMethod), said before a weaker last choice is refused.
  const required = view.requiredMethods
    .map((type) => `reset.verify.required.${type}`)
    .filter(isMessageKey)
    .map((key) => html`<p class="status" role="status">${t(locale, key)}</p>`);
  return page(
    frame,
    stepOf(locale, view),
    html`<p>${t(locale, 'reset.verify.choose')}</p>
${required}
${open.length ? html`<ul class="methods">${open.map((m) => methodCard(frame, m))}</ul>` : html`<p>${t(locale, 'reset.verify.none')}</p>${helpdeskOffer(frame, view.helpdesk)}`}
${cancelForm(frame)}`,
    resetPaths.methods,
  );
};

/**
 * Entra offers "Try again" and "Contact your administrator" after 10 seconds without a code. Without
 * JavaScript a page cannot change after 10 s, so the offer is always there, with a note saying when to use it.
 * A step that sends nothing (questions, an authenticator's code) has nothing to wait for: it offers another
 * method instead of "Didn't get anything?".
 */
export const helpdeskOffer = (frame: Frame, helpdesk: Helpdesk, waiting: false | 'sent' | 'answered' = false) => {
  const { locale } = frame;
  const contact =
    helpdesk.kind === 'url'
      ? html`<a href="${helpdesk.url}" rel="noopener noreferrer">${t(locale, 'reset.retry.contactAdmin')}</a>`
      : helpdesk.kind === 'email'
        ? html`<a href="mailto:${helpdesk.email}">${t(locale, 'reset.retry.contactAdmin')}</a>`
        : html`<form method="post" action="${tabPath(frame, resetPaths.contactAdmin)}">${csrfField(frame.csrf)}<button type="submit" class="link">${t(locale, 'reset.retry.contactAdmin')}</button></form>`;
  return html`<section class="retry" aria-label="${t(locale, 'reset.retry.contactAdmin')}">
${waiting ? html`<p class="meta">${t(locale, waiting === 'sent' ? 'reset.retry.note' : 'reset.retry.otherNote')}</p>` : ''}
<div class="choices">${waiting ? html`<a href="${tabPath(frame, resetPaths.methods)}">${t(locale, waiting === 'sent' ? 'reset.retry.tryAgain' : 'reset.retry.otherMethod')}</a>` : ''}${contact}</div>
</section>`;
};

/** What a method plugin's fragment needs from a wizard page. */
const fragment = (frame: Frame, path: string, methodId: string) => ({
  ...fragmentContext(frame.request, frame.locale, {
    csrf: frame.csrf,
    path,
    methodId,
    autofocus: !frame.errors?.length,
  }),
  action: tabPath(frame, path),
  fieldErrors: Object.fromEntries((frame.errors ?? []).flatMap((e) => (e.field ? [[e.field, e.text]] : []))),
  values: frame.values ?? {},
});

/** Whether the method's challenge reaches the user by a message or a call (an email, a text, a voice call). */
const sendsSomething = (type: string) => {
  const rules = methodOf(type)?.rules;
  return rules !== undefined && (rules.asksWholeNumber || entryOf(rules.entryKind)?.sendsTo !== undefined);
};

/** The open challenge: a code to type, questions to answer or a call to take. */
export const renderChallenge = (frame: Frame, view: ResetFlowView) => {
  const { locale } = frame;
  const challenge = view.challenge!;
  const method = view.methods.find((m) => m.id === challenge.methodId);
  // A challenge always names one of the flow's methods; the first registered one stands in as before.
  const type = method?.type ?? methodTypes[0]!;
  // The method's own step, from its plugin; a method no plugin registers shows nothing to submit.
  const body =
    methodOf(type)?.plugin.views.resetChallenge({
      ...fragment(frame, resetPaths.verify, challenge.methodId),
      methodType: type,
      ...(challenge.questions && { questions: challenge.questions }),
      ...(challenge.ceremony && { ceremony: challenge.ceremony }),
    }) ?? '';
  return page(
    frame,
    stepOf(locale, view),
    html`<h3>${t(locale, `reset.method.${type}`)}</h3>
${body}
${helpdeskOffer(frame, view.helpdesk, sendsSomething(type) ? 'sent' : 'answered')}
${cancelForm(frame)}`,
  );
};

const isProtectionSettings = (value: unknown): value is PasswordProtectionSettings =>
  typeof value === 'object' &&
  value !== null &&
  ((value as { profile?: unknown }).profile === 'entra' || (value as { profile?: unknown }).profile === 'nist');

export const renderNewPassword = (frame: Frame, view: ResetFlowView) => {
  const { locale } = frame;
  return page(
    frame,
    t(locale, 'reset.password.heading'),
    html`${isProtectionSettings(view.passwordRules) ? passwordRules(locale, view.passwordRules) : ''}
<form method="post" action="${tabPath(frame, resetPaths.password)}" novalidate>
${csrfField(frame.csrf)}
<label for="newPassword">${t(locale, 'reset.password.new')}</label>
<input type="password" id="newPassword" name="newPassword" autocomplete="new-password" maxlength="${inputLimits.password}" required${fieldAria(frame.errors, 'newPassword', isProtectionSettings(view.passwordRules) ? ['policy'] : [])}${frame.errors?.length ? '' : html` autofocus`}>
${fieldMessage(frame.errors, 'newPassword')}
<label for="confirmPassword">${t(locale, 'reset.password.confirm')}</label>
<input type="password" id="confirmPassword" name="confirmPassword" autocomplete="new-password" maxlength="${inputLimits.password}" required${fieldAria(frame.errors, 'confirmPassword')}>
${fieldMessage(frame.errors, 'confirmPassword')}
${view.canUnlock ? html`<div class="choice"><input type="checkbox" id="unlock" name="unlock" value="1" checked><label for="unlock">${t(locale, 'reset.password.unlockToo')}</label></div>` : ''}
<button type="submit">${t(locale, 'reset.password.finish')}</button>
</form>
${cancelForm(frame)}
<script src="/static/password-feedback.js" defer></script>`,
  );
};

export const renderUnlock = (frame: Frame) => {
  const { locale } = frame;
  return page(
    frame,
    t(locale, 'reset.unlock.heading'),
    html`<p>${t(locale, 'reset.unlock.intro')}</p>
<form method="post" action="${tabPath(frame, resetPaths.unlock)}">${csrfField(frame.csrf)}<button type="submit">${t(locale, 'reset.unlock.submit')}</button></form>
${cancelForm(frame)}`,
  );
};

/** The end: no automatic sign-in (DESIGN §3), only a link to the sign-in page. */
export const renderDone = (frame: Frame, outcome: 'passwordReset' | 'unlocked') => {
  const { locale, request } = frame;
  const key = outcome === 'passwordReset' ? 'reset' : 'unlock';
  return page(
    frame,
    t(locale, `reset.done.${key}`),
    // The heading says what happened; a status box repeating it would say it twice.
    html`<p>${t(locale, `reset.done.${key}.body`)}</p>
<p><a class="button" href="${withMkt(request, '/signin')}">${t(locale, 'reset.done.signin')}</a></p>`,
    resetPaths.done,
  );
};

/** FLOW_INVALID: unknown, expired, cancelled or finished all read the same — start again. */
export const renderRestart = (frame: Frame) => {
  const { locale, request } = frame;
  return page(
    frame,
    t(locale, 'reset.restart.heading'),
    html`<p>${t(locale, 'portal.restart.tab')}</p>
<p><a class="button" href="${withMkt(request, resetPaths.start)}">${t(locale, 'reset.restart.link')}</a></p>`,
    resetPaths.start,
  );
};

/** A stop: ineligible (reveal-eligibility), blocked or unavailable. The message is in `frame.errors`. */
export const renderStop = (frame: Frame, helpdesk: Helpdesk | null) => {
  const { locale, request } = frame;
  return page(
    frame,
    t(locale, 'reset.unavailable.heading'),
    html`${helpdesk ? helpdeskOffer(frame, helpdesk) : ''}
<p><a href="${withMkt(request, '/signin')}">${t(locale, 'reset.done.signin')}</a></p>`,
  );
};

export const renderContacted = (frame: Frame, helpdesk: Helpdesk) => {
  const { locale } = frame;
  const body =
    helpdesk.kind === 'notifyAdmins'
      ? html`<p>${t(locale, 'reset.contacted.body')}</p>`
      : html`<p>${t(locale, 'reset.contacted.link')} ${
          helpdesk.kind === 'url'
            ? html`<a href="${helpdesk.url}" rel="noopener noreferrer">${helpdesk.url}</a>`
            : html`<a href="mailto:${helpdesk.email}">${helpdesk.email}</a>`
        }</p>`;
  return page(
    frame,
    t(locale, helpdesk.kind === 'notifyAdmins' ? 'reset.contacted.heading' : 'reset.retry.contactAdmin'),
    html`${body}
${cancelForm(frame)}`,
  );
};

export const ineligibleMessage = (locale: Locale, reason: Ineligible) => t(locale, `reset.ineligible.${reason}`);

import type { FastifyRequest } from 'fastify';
import type { Locale } from '../../i18n/i18n.js';
import type {
  MethodList,
  MethodType,
  MethodView,
  SecurityQuestion,
} from '../../services/security-info/security-info-service.js';
import { html, SafeHtml } from '../../core/html.js';
import { inputLimits } from '../../core/input-limits.js';
import { unbrokenMask } from '../../core/methods/masking.js';
import { withMkt } from '../request-context.js';
import { isLimitedSession } from '../limited-session.js';
import { enrolments, entryOf } from '../../methods/registry.js';
import { fragmentContext, translatorFor } from './fragment-context.js';
import { alertBox, layout, t } from './layout.js';
import { errorSummary, fieldAria, fieldMessage, type FieldError } from './form-state.js';
import {
  addPath,
  addPicker,
  codeTypes,
  methodList,
  methodName,
  methodPath,
  registrationSummary,
  securityInfoPath,
} from './security-info-list.js';
import { recoveryFragments } from './recovery-codes-page.js';

export { codeTypes, methodList, methodPath, registrationSummary, securityInfoPath } from './security-info-list.js';

/** An app proves itself with its own code: no code is sent to it, none resent. */
export const provesWithApp = (type: MethodType): boolean => entryOf(type)?.verifiedBy === 'totp';

export interface Messages {
  errors?: string[];
  notice?: string;
}

export interface SecurityInfoView extends Messages {
  locale: Locale;
  csrf: string;
  listing: MethodList;
  /** false: changes need the password again, so the step-up form replaces the add forms. */
  stepUpFresh: boolean;
}

const csrfField = (csrf: string) => html`<input type="hidden" name="_csrf" value="${csrf}">`;
const replacesField = (id: string | undefined) => (id ? html`<input type="hidden" name="replaces" value="${id}">` : '');

/** Verified methods that can step the session up instead of the password (a code to them, or from the app). */
export const canStepUp = (method: MethodView) => method.status === 'verified' && codeTypes.includes(method.type);

const stepUpByMethod = (request: FastifyRequest, locale: Locale, csrf: string, methods: MethodView[]) => {
  const usable = methods.filter(canStepUp);
  if (usable.length === 0) return '';
  return html`<p>${t(locale, 'account.securityInfo.stepUp.orMethod')}</p>
<ul class="methods">${usable.map(
    (method) =>
      html`<li>${
        provesWithApp(method.type)
          ? html`<a href="${withMkt(request, methodPath(method.id, 'verify'))}">${t(locale, 'account.securityInfo.stepUp.useApp', { method: methodName(locale, method) })}</a>`
          : html`<form method="post" action="${withMkt(request, methodPath(method.id, 'resend'))}">${csrfField(csrf)}<button type="submit" class="link">${t(locale, 'account.securityInfo.stepUp.sendCode', { method: methodName(locale, method) })}</button></form>`
      }</li>`,
  )}</ul>`;
};

export const stepUpForm = (
  request: FastifyRequest,
  locale: Locale,
  csrf: string,
  methods: MethodView[] = [],
) => html`<section class="add" aria-labelledby="step-up-title">
<h2 id="step-up-title">${t(locale, 'account.securityInfo.stepUp.title')}</h2>
<p>${t(locale, 'account.securityInfo.stepUp.intro')}</p>
<form method="post" action="${withMkt(request, `${securityInfoPath}/step-up`)}" novalidate>${csrfField(csrf)}
<label for="stepUpPassword">${t(locale, 'account.securityInfo.stepUp.password')}</label>
<input type="password" id="stepUpPassword" name="password" autocomplete="current-password" required>
<button type="submit">${t(locale, 'account.securityInfo.stepUp.submit')}</button>
</form>
${stepUpByMethod(request, locale, csrf, methods)}
</section>`;

export interface AddPageView extends Messages {
  locale: Locale;
  csrf: string;
  kind: MethodType;
  /** The entry this one replaces once verified (Change), when it is a change. */
  replaces?: MethodView;
  questions: SecurityQuestion[];
  questionsToRegister: number;
  hasSet: boolean;
  /** The countries a phone number may be from (the picker beside a number). */
  regions: readonly string[];
  /** What the user typed, shown again after a refusal (each add form's `read` decides what is kept). */
  typed?: Record<string, string | string[]>;
  /** The input (its id) the refusal is about: the message goes at that field too, and the summary links to it. */
  errorField?: string;
}

/**
 * What happens to the entry a change replaces, as the code does it: a verified one that the new one must prove
 * itself against stays until the new one is verified (the verify route removes it then); an unverified one is
 * dropped when the new one is added (security-info-add.ts keeps one pending entry per kind), and a kind saved at
 * once (the questions) is replaced whole on save. Saying "the current one stays" for those would be untrue.
 */
const changeIntro = (replaces: MethodView) =>
  replaces.status === 'verified' && entryOf(replaces.type)?.verifiedBy
    ? 'securityInfo.change.intro'
    : 'securityInfo.change.introReplaced';

/** The add page of one kind: its plugin's form; for a change, the entry it replaces rides along hidden. */
export const renderAddPage = (request: FastifyRequest, view: AddPageView) => {
  const { locale, csrf, kind, replaces, errorField, errors = [] } = view;
  const enrolment = enrolments.find((e) => e.kind === kind)!;
  // The plugin's form has no field for a change; the page's own hidden field travels with the CSRF token.
  const hidden = html`${csrfField(csrf)}${replaces ? html`<input type="hidden" name="replaces" value="${replaces.id}">` : ''}`;
  const context = fragmentContext(request, locale, {
    csrf,
    path: `${securityInfoPath}/${enrolment.formPath}`,
    methodId: enrolment.kind,
    autofocus: !errors.length,
  });
  return layout({
    locale,
    request,
    title: replaces
      ? t(locale, 'securityInfo.change.title', { method: methodName(locale, replaces) })
      : t(locale, 'securityInfo.add.pageTitle'),
    selfPath: addPath(kind, replaces?.id),
    body: html`${errorSummary(errors.map((text) => ({ text, ...(errorField && { field: errorField }) })))}${replaces ? html`<p>${t(locale, changeIntro(replaces))}</p>` : ''}
${enrolment.view.addForm({
  ...context,
  ...(errorField && errors[0] && { fieldErrors: { [errorField]: errors[0] } }),
  csrfField: hidden,
  typed: view.typed ?? {},
  extra: {
    questions: view.questions,
    questionsToRegister: view.questionsToRegister,
    hasSet: view.hasSet,
    regions: view.regions,
  },
})}
<p><a href="${withMkt(request, securityInfoPath)}">${t(locale, 'account.securityInfo.verify.cancel')}</a></p>`,
  });
};

export const renderSecurityInfo = (request: FastifyRequest, view: SecurityInfoView) => {
  const { locale, listing } = view;
  return layout({
    locale,
    request,
    title: t(locale, 'account.securityInfo.title'),
    selfPath: securityInfoPath,
    body: html`${alertBox(view.errors ?? [])}${view.notice ? alertBox([view.notice], 'success') : ''}
<p>${t(locale, 'account.securityInfo.intro')}</p>
${registrationSummary(locale, listing)}
<h2>${t(locale, 'account.securityInfo.yours')}</h2>
${methodList(request, locale, listing.methods, { actions: true, counted: listing.countedKinds })}
${view.stepUpFresh ? addPicker(request, locale, listing) : stepUpForm(request, locale, view.csrf, listing.methods)}
${recoveryFragments(request, locale)}
${closingLink(request, locale, view.csrf)}`,
  });
};

/**
 * The page's last line: back to the account page, or — in a Temporary Access Pass session, which cannot open the
 * account page (its link would lead straight back here) — a sign-out button, the only way out of that session.
 */
const closingLink = (request: FastifyRequest, locale: Locale, csrf: string) =>
  request.active && isLimitedSession(request.active.session)
    ? html`<form method="post" action="${withMkt(request, '/signout')}"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit" class="link">${t(locale, 'account.signout')}</button></form>`
    : html`<p><a href="${withMkt(request, '/account')}">${t(locale, 'account.securityInfo.back')}</a></p>`;

export interface CodeEntryView extends Messages {
  locale: Locale;
  csrf: string;
  method: MethodView;
  /** A change: the entry the verified new one replaces. */
  replaces?: string;
  /** Only right after an authenticator app was added: the secret is never shown again. */
  setup?: { secret: string; otpauthUri: string; qrSvg?: string };
  /** The refusal is about the code typed: shown at the input too, which is marked invalid. */
  codeRefused?: boolean;
}

/**
 * The QR code is inline SVG that the TOTP adapter makes with the `qrcode` package from our own
 * otpauth URI: generated markup, not user input, drawn with presentation attributes only, so the
 * CSP's style-src 'self' does not block it and no image request is made.
 */
const authenticatorSetup = (locale: Locale, setup: NonNullable<CodeEntryView['setup']>) => html`${
  setup.qrSvg
    ? html`<p>${t(locale, 'account.securityInfo.app.scan')}</p>
<div class="qr" role="img" aria-label="${t(locale, 'account.securityInfo.app.qrLabel')}">${new SafeHtml(setup.qrSvg)}</div>`
    : ''
}
<p>${t(locale, 'account.securityInfo.app.manual')}</p>
<code class="secret" id="secret">${setup.secret}</code>
<p>${t(locale, 'account.securityInfo.app.link')} <a href="${setup.otpauthUri}">${setup.otpauthUri}</a></p>
<p class="meta">${t(locale, 'account.securityInfo.app.once')}</p>`;

export const renderCodeEntry = (request: FastifyRequest, view: CodeEntryView) => {
  const { locale, method, csrf } = view;
  // Every kind verified by a code has its own intro (the registry test checks the key exists).
  const intro = translatorFor(locale)(`account.securityInfo.verify.${method.type}`, {
    display: unbrokenMask(method.display),
  });
  // A refused code is named at the input as well (aria-invalid, its message linked), as in the reset wizard.
  const errors: FieldError[] = (view.errors ?? []).map((text) => ({
    text,
    ...(view.codeRefused && { field: 'code' }),
  }));
  return layout({
    locale,
    request,
    title: t(locale, view.setup ? 'account.securityInfo.app.title' : 'account.securityInfo.verify.title'),
    selfPath: methodPath(method.id, 'verify'),
    body: html`${errorSummary(errors)}${view.notice ? alertBox([view.notice], 'success') : ''}
${view.setup ? authenticatorSetup(locale, view.setup) : ''}
<p id="code-intro">${intro}</p>
<form method="post" action="${withMkt(request, methodPath(method.id, 'verify'))}" novalidate>${csrfField(csrf)}${replacesField(view.replaces)}
<label for="code">${t(locale, 'account.securityInfo.verify.code')}</label>
<input type="text" id="code" name="code" autocomplete="one-time-code" inputmode="numeric" maxlength="${inputLimits.code}" required${fieldAria(errors, 'code', ['code-intro'])}${view.errors?.length || view.setup ? '' : html` autofocus`}>
${fieldMessage(errors, 'code')}
<button type="submit">${t(locale, 'account.securityInfo.verify.submit')}</button>
</form>
${provesWithApp(method.type) ? '' : html`<form method="post" action="${withMkt(request, methodPath(method.id, 'resend'))}">${csrfField(csrf)}${replacesField(view.replaces)}<button type="submit" class="secondary">${t(locale, 'account.securityInfo.verify.resend')}</button></form>`}
<p><a href="${withMkt(request, securityInfoPath)}">${t(locale, 'account.securityInfo.verify.cancel')}</a></p>`,
  });
};

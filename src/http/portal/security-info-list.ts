/**
 * The security-info overview in the shape of Microsoft's My Sign-ins (issue 14 item 4): one row per
 * entry with its kind, Change and Delete (Delete asks first, on a page of its own, so no JavaScript is
 * needed), a count that names what counts toward registration, administrator-set entries said to be
 * such, and one "Add sign-in method" picker. Everything is read from the method registry, so a new
 * method appears here without an edit.
 */
import type { FastifyRequest } from 'fastify';
import { locales, type Locale } from '../../i18n/i18n.js';
import type { MethodList, MethodType, MethodView } from '../../services/security-info/security-info-service.js';
import { html } from '../../core/html.js';
import { unbrokenMask } from '../../core/methods/masking.js';
import { withMkt } from '../request-context.js';
import { enrolments, entryOf } from '../../methods/registry.js';
import { layout, t } from './layout.js';
import { withQuery } from './page-session.js';

export const securityInfoPath = '/account/security-info';
export const methodPath = (id: string, action: 'verify' | 'resend' | 'delete') =>
  `${securityInfoPath}/methods/${encodeURIComponent(id)}/${action}`;
/** The add page of one kind; `replaces` makes it a change of that entry. */
export const addPath = (kind: string, replaces?: string) =>
  `${securityInfoPath}/add?kind=${encodeURIComponent(kind)}${replaces ? `&replaces=${encodeURIComponent(replaces)}` : ''}`;

/** A path that may carry a query, with `?mkt=` kept (withMkt alone would add a second `?`). */
export const localised = (request: FastifyRequest, path: string) => {
  const [base = path, query = ''] = path.split('?');
  return withQuery(request, base, Object.fromEntries(new URLSearchParams(query)));
};

/** Types whose pending entry waits for a code (each kind's `verifiedBy`; office phone is admin-defined only). */
export const codeTypes: readonly MethodType[] = enrolments
  .filter((e) => entryOf(e.kind)?.verifiedBy !== undefined)
  .map((e) => e.kind);

export const typeLabel = (locale: Locale, type: MethodType) => t(locale, `account.securityInfo.type.${type}`);

/**
 * An entry's masked value as a page shows it. The service describes an answer set in the API's words
 * ("3 questions", which API clients may read); a page says it in the page's language ("3 vragen").
 */
export const shownDisplay = (locale: Locale, method: Pick<MethodView, 'display' | 'type'>) => {
  // Only an answer set: an app the user named "2 questions" keeps its name.
  const count = method.type === 'securityQuestions' ? /^(\d+) questions$/.exec(method.display)?.[1] : undefined;
  return count === undefined
    ? unbrokenMask(method.display)
    : t(locale, 'securityInfo.questionsCount', { count: Number(count) });
};

/**
 * The method in words, for button names a screen reader reads out of context. An app left unnamed carries its
 * kind's name as its label (in the language it was added in): said once, not "Authenticator app Authenticator app".
 */
export const methodName = (locale: Locale, method: MethodView) => {
  const kind = typeLabel(locale, method.type);
  const unnamed = locales.some((other) => typeLabel(other, method.type) === method.display);
  return unnamed ? kind : `${kind} ${shownDisplay(locale, method)}`;
};

const hasEnrolment = (type: MethodType) => enrolments.some((e) => e.kind === type);

/** Link with a name that says which method it acts on (several rows have the same visible word). */
const actionLink = (href: string, text: string, label: string) =>
  html`<a href="${href}" aria-label="${label}">${text}</a>`;

const actions = (request: FastifyRequest, locale: Locale, method: MethodView) => {
  const name = methodName(locale, method);
  // Pre-populated data belongs to the administrator or the directory: the user only uses it.
  if (method.source !== 'user') return html`<p class="meta">${t(locale, 'securityInfo.adminSet')}</p>`;
  return html`<div class="actions">${
    method.status === 'pending' && codeTypes.includes(method.type)
      ? actionLink(
          withMkt(request, methodPath(method.id, 'verify')),
          t(locale, 'account.securityInfo.enterCode'),
          t(locale, 'account.securityInfo.enterCodeFor', { method: name }),
        )
      : ''
  }${
    hasEnrolment(method.type)
      ? actionLink(
          localised(request, addPath(method.type, method.id)),
          t(locale, 'securityInfo.change'),
          t(locale, 'securityInfo.changeFor', { method: name }),
        )
      : ''
  }${actionLink(
    withMkt(request, methodPath(method.id, 'delete')),
    t(locale, 'account.securityInfo.delete'),
    t(locale, 'account.securityInfo.deleteFor', { method: name }),
  )}</div>`;
};

export interface ListOptions {
  /** Change / Delete / Enter code (the overview); without, the list only shows (the interrupt). */
  actions?: boolean;
  /** The kinds counting toward registration: each row says whether it counts. */
  counted?: readonly MethodType[];
}

export const methodItem = (request: FastifyRequest, locale: Locale, method: MethodView, options: ListOptions = {}) => {
  const counts = options.counted && method.status === 'verified' && options.counted.includes(method.type);
  return html`<li>
<span class="kind">${typeLabel(locale, method.type)}</span>
<span>${shownDisplay(locale, method)}</span>
<span class="badge ${method.status}">${t(locale, `account.securityInfo.status.${method.status}`)}</span>
<span class="meta">${t(locale, `account.securityInfo.source.${method.source}`)}</span>
${options.counted ? html`<span class="meta">${t(locale, counts ? 'securityInfo.counts' : 'securityInfo.countsNot')}</span>` : ''}
${options.actions ? actions(request, locale, method) : ''}
</li>`;
};

export const methodList = (
  request: FastifyRequest,
  locale: Locale,
  methods: MethodView[],
  options: ListOptions = {},
) =>
  methods.length === 0
    ? html`<p>${t(locale, 'account.securityInfo.none')}</p>`
    : html`<ul class="methods">${methods.map((m) => methodItem(request, locale, m, options))}</ul>`;

/** How many are listed, and which kinds count toward registration: the same numbers the rows show. */
export const registrationSummary = (locale: Locale, listing: MethodList) => {
  const { registration } = listing;
  // One is singular in both languages: "1 sign-in method", "1 aanmeldmethode".
  const methods = listing.methods.length;
  const count = html`<p id="method-count">${methods === 1 ? t(locale, 'securityInfo.countOne') : t(locale, 'securityInfo.count', { count: methods })}</p>`;
  if (!registration.inScope) return html`${count}<p class="meta">${t(locale, 'account.securityInfo.outOfScope')}</p>`;
  const kinds = [...new Set(listing.countedKinds)].map((kind) => typeLabel(locale, kind)).join(', ');
  const params = { registered: registration.registeredCount, required: registration.methodsRequired, kinds };
  return html`${count}<p>${t(locale, kinds ? 'securityInfo.counting' : 'securityInfo.countingNone', params)}</p>`;
};

/** The kinds the picker offers: allowed by the policy, with a self-service form, not held yet. */
export const offeredKinds = (listing: MethodList): MethodType[] =>
  enrolments
    .filter((e) => listing.allowedTypes.includes(e.kind) && !listing.methods.some((m) => m.type === e.kind))
    .map((e) => e.kind);

/** One picker, a GET form: it only opens the chosen kind's add page. */
export const addPicker = (request: FastifyRequest, locale: Locale, listing: MethodList) => {
  const offered = offeredKinds(listing);
  return html`<section class="add" aria-labelledby="add-picker-title">
<h2 id="add-picker-title">${t(locale, 'securityInfo.addPicker.title')}</h2>${
    offered.length === 0
      ? html`<p>${t(locale, 'securityInfo.addPicker.nothing')}</p>`
      : html`<form method="get" action="${`${securityInfoPath}/add`}">${
          request.query && typeof (request.query as { mkt?: unknown }).mkt === 'string'
            ? html`<input type="hidden" name="mkt" value="${(request.query as { mkt: string }).mkt}">`
            : ''
        }
<label for="add-kind">${t(locale, 'securityInfo.addPicker.label')}</label>
<select id="add-kind" name="kind">${offered.map((kind) => html`<option value="${kind}">${typeLabel(locale, kind)}</option>`)}</select>
<button type="submit">${t(locale, 'securityInfo.addPicker.submit')}</button>
</form>`
  }
</section>`;
};

/** "Are you sure?" before a delete: a page of its own, its button posts the delete. */
export const renderDeleteConfirm = (request: FastifyRequest, locale: Locale, csrf: string, method: MethodView) =>
  layout({
    locale,
    request,
    title: t(locale, 'securityInfo.confirm.title'),
    selfPath: methodPath(method.id, 'delete'),
    body: html`<p>${t(locale, 'securityInfo.confirm.question', { method: methodName(locale, method) })}</p>
<p>${t(locale, 'securityInfo.confirm.consequence')}</p>
<form method="post" action="${withMkt(request, methodPath(method.id, 'delete'))}"><input type="hidden" name="_csrf" value="${csrf}">
<button type="submit">${t(locale, 'securityInfo.confirm.submit')}</button>
</form>
<p><a href="${withMkt(request, securityInfoPath)}">${t(locale, 'securityInfo.confirm.cancel')}</a></p>`,
  });

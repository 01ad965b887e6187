import { defaultDeletionThreshold, maxDeletionThreshold } from '../../core/directory/sync-safety.js';
import type { DirectorySyncState, SyncFailureRecord } from '../../core/directory/sync-model.js';
import { isMessageKey, type Locale } from '../../i18n/i18n.js';
import type { DirectoryConnectionView } from '../../services/directory/directory-service.js';
import { html, type SafeHtml } from '../../core/html.js';
import { alertBox, t } from '../portal/layout.js';
import { dialectOf } from '../../dialects/registry.js';

/** The threshold form of a writer (Global / Hybrid Identity Administrator), and a refused value to show again. */
export interface ThresholdForm {
  action: string;
  csrf: string;
  refused?: { connectionId: string; value: string };
}

export interface SyncSection {
  /** `directorySync.state(…)` per connection id (absent: never synced). */
  states: ReadonlyMap<string, DirectorySyncState | undefined>;
  /** One of the tenant's domains, for the `sspr sync --tenant` command the warning shows. */
  domain: string;
  form?: ThresholdForm;
  saved?: boolean;
}

const when = (at: string) => `${at.slice(0, 16).replace('T', ' ')} UTC`;

const failureText = (locale: Locale, failure: SyncFailureRecord | null): string => {
  const code = failure?.code ?? 'INTERNAL_ERROR';
  const key = `admin.onPremises.sync.failed.${code}`;
  const reason = typeof failure?.details.reason === 'string' ? failure.details.reason : '-';
  return isMessageKey(key) ? t(locale, key, { reason }) : t(locale, 'admin.onPremises.sync.failed', { code });
};

/**
 * The last run: when, full or incremental, and how it ended. A success's counts say whether it was full; a failure
 * record says so since the console shows it (older records leave it out rather than guess).
 */
const lastRunLine = (locale: Locale, state: DirectorySyncState): string => {
  if (!state.lastRunAt) return t(locale, 'admin.onPremises.sync.never');
  const full = state.lastOutcome === 'success' ? state.lastCounts?.full : state.lastFailure?.full;
  const kind =
    full === undefined ? [] : [t(locale, full ? 'admin.onPremises.sync.full' : 'admin.onPremises.sync.incremental')];
  const outcome =
    state.lastOutcome === 'success'
      ? t(locale, 'admin.onPremises.sync.succeeded')
      : failureText(locale, state.lastFailure);
  return [when(state.lastRunAt), ...kind, outcome].join(' · ');
};

/**
 * An incremental AD run that could not read the tombstones says so: deletions then wait for the full run. Not for
 * OpenLDAP, where that is always so (documented), nor for counts stored before `deletionsSeen` (undefined).
 */
const countsLine = (
  locale: Locale,
  state: DirectorySyncState | undefined,
  type: DirectoryConnectionView['type'],
): string => {
  const counts = state?.lastCounts;
  if (!counts) return t(locale, 'admin.onPremises.sync.counts.none');
  const line = t(locale, 'admin.onPremises.sync.counts.line', {
    created: counts.created,
    updated: counts.updated,
    disabled: counts.disabled,
    unchanged: counts.unchanged,
  });
  const unseen =
    dialectOf(type).tombstones !== null && (counts.deletionsSeen as boolean | undefined) === false
      ? ` · ${t(locale, 'admin.onPremises.sync.counts.deletionsUnseen')}`
      : '';
  return `${line} (${t(locale, counts.full ? 'admin.onPremises.sync.full' : 'admin.onPremises.sync.incremental')})${unseen}`;
};

/** A count from the stored failure details (JSON), as text; anything but a number or text shows as '-'. */
const countText = (value: unknown) => (typeof value === 'number' || typeof value === 'string' ? String(value) : '-');

/** The last run stopped at the threshold: what happened and the two ways on, with the exact command. */
const stoppedWarning = (locale: Locale, state: DirectorySyncState | undefined, domain: string): SafeHtml | string => {
  const failure = state?.lastOutcome === 'failure' ? state.lastFailure : null;
  if (failure?.code !== 'DIRECTORY_SYNC_THRESHOLD_EXCEEDED') return '';
  const { details } = failure;
  const pending = countText(details.pending ?? '-');
  const threshold = countText(details.threshold ?? '-');
  // A record from before groups were counted has `pending` only: all of them users.
  const users = countText(details.pendingUsers ?? details.pending ?? '-');
  const groups = countText(details.pendingGroups ?? 0);
  // An incremental run is stopped by users disabled in the directory: the same kind of run lets them through.
  const command = `sspr sync --tenant ${domain}${failure.full === false ? '' : ' --full'} --allow-deletions`;
  return html`<div class="alert warning" role="status"><p>${t(locale, 'admin.onPremises.sync.stopped', { pending, users, groups, threshold })}</p>
<p>${t(locale, 'admin.onPremises.sync.stopped.action')}</p>
<pre><code>${command}</code></pre></div>`;
};

const thresholdText = (locale: Locale, threshold: number): string =>
  threshold === 0
    ? t(locale, 'admin.onPremises.sync.threshold.off')
    : t(locale, 'admin.onPremises.sync.threshold.value', { threshold });

/**
 * A number field (0 = off) posting to the same service method as the admin API's PATCH; no script needed. A refused
 * value comes back in the field, which takes focus (without JavaScript `autofocus` is the only way) and names the
 * error through aria-describedby.
 */
const thresholdForm = (
  locale: Locale,
  connection: DirectoryConnectionView,
  threshold: number,
  form: ThresholdForm,
): SafeHtml => {
  const refused = form.refused?.connectionId === connection.connectionId ? form.refused : undefined;
  const id = `deletionThreshold-${connection.connectionId}`;
  const described = refused ? `${id}-hint ${id}-error` : `${id}-hint`;
  return html`<form method="post" action="${form.action}" novalidate><input type="hidden" name="_csrf" value="${form.csrf}"><input type="hidden" name="connectionId" value="${connection.connectionId}">
<label for="${id}">${t(locale, 'admin.onPremises.sync.threshold.label')}<span class="hint" id="${id}-hint">${t(locale, 'admin.onPremises.sync.threshold.hint', { max: maxDeletionThreshold })}</span></label>
${refused ? html`<p class="error" id="${id}-error">${t(locale, 'admin.onPremises.sync.threshold.invalid', { max: maxDeletionThreshold })}</p>` : ''}
<input type="number" id="${id}" name="deletionThreshold" value="${refused ? refused.value : String(threshold)}" min="0" max="${String(maxDeletionThreshold)}" inputmode="numeric" aria-describedby="${described}"${refused ? html` aria-invalid="true" autofocus` : ''}>
<button type="submit">${t(locale, 'admin.onPremises.sync.threshold.submit')}</button></form>`;
};

/**
 * One connection's directory sync on the On-premises integration tab: the last run, the counts of the last
 * completed one, the last full run, the deletion threshold (readers see the value, writers also get the form) and,
 * when the last full run stopped at the threshold, a warning that says how to go on.
 */
export const renderSyncStatus = (locale: Locale, connection: DirectoryConnectionView, sync: SyncSection): SafeHtml => {
  const state = sync.states.get(connection.connectionId);
  const threshold = connection.deletionThreshold ?? defaultDeletionThreshold;
  const headingId = `sync-${connection.connectionId}`;
  return html`<section class="sync" aria-labelledby="${headingId}"><h3 id="${headingId}">${t(locale, 'admin.onPremises.sync')}</h3>
${sync.saved ? alertBox([t(locale, 'admin.onPremises.sync.threshold.saved')], 'success') : ''}${stoppedWarning(locale, state, sync.domain)}
<dl class="facts">
<dt>${t(locale, 'admin.onPremises.sync.lastRun')}</dt><dd>${state ? lastRunLine(locale, state) : t(locale, 'admin.onPremises.sync.never')}</dd>
<dt>${t(locale, 'admin.onPremises.sync.counts')}</dt><dd>${countsLine(locale, state, connection.type)}</dd>
<dt>${t(locale, 'admin.onPremises.sync.lastFull')}</dt><dd>${state?.lastFullRunAt ? when(state.lastFullRunAt) : t(locale, 'admin.onPremises.sync.lastFull.none')}</dd>
<dt>${t(locale, 'admin.onPremises.sync.threshold')}</dt><dd>${thresholdText(locale, threshold)}</dd>
</dl>
${sync.form ? thresholdForm(locale, connection, threshold, sync.form) : ''}</section>`;
};

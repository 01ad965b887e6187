import type { Locale } from '../../i18n/i18n.js';
import type { AgentView } from '../../services/agent/agent-service.js';
import type { DirectoryConnectionView } from '../../services/directory/directory-service.js';
import { html, type SafeHtml } from '../../core/html.js';
import { t } from '../portal/layout.js';
import { dialectOf } from '../../dialects/registry.js';
import { agentDetails, agentStatusLine } from './agents-panel.js';
import { renderSyncStatus, type SyncSection } from './sync-panel.js';

/**
 * The "On-premises integration" tab's status: each directory connection with Entra's writeback status
 * message for its last test (reference §3, "Writeback status messages"), or the "not configured" line when
 * there is none. A writer gets a Test connection button (a CSRF-protected form; works without JavaScript). With
 * `sync`, each connection also shows its directory sync (`sync-panel.ts`).
 */
const statusLine = (locale: Locale, connection: DirectoryConnectionView, agent: AgentView | undefined): string => {
  // Through an agent, the client is the agent: its heartbeat and version are the status (Entra's Connect agent alike).
  if (connection.agentId) return agentStatusLine(locale, agent);
  const last = connection.lastTest;
  if (!last) return t(locale, 'admin.onPremises.status.untested');
  if (last.outcome === 'ok') return t(locale, 'admin.onPremises.status.ok');
  if (last.outcome === 'unreachable') return t(locale, 'admin.onPremises.status.unreachable');
  return t(locale, 'admin.onPremises.status.misconfigured', { reason: last.reason ?? '-' });
};

const agentFacts = (locale: Locale, agent: AgentView | undefined): SafeHtml | string =>
  agent ? html`<dt>${t(locale, 'admin.onPremises.agent')}</dt><dd>${agentDetails(locale, agent)}</dd>` : '';

export const renderOnPremisesStatus = (
  locale: Locale,
  connections: DirectoryConnectionView[],
  test?: { action: string; csrf: string },
  agents: readonly AgentView[] = [],
  sync?: SyncSection,
): SafeHtml => {
  if (connections.length === 0) return html`<p class="status">${t(locale, 'admin.onPremises.status')}</p>`;
  const agentOf = (c: DirectoryConnectionView) => (c.agentId ? agents.find((a) => a.agentId === c.agentId) : undefined);
  return html`${connections.map(
    (c) => html`<section class="connection">
<p class="status">${statusLine(locale, c, agentOf(c))}</p>
<dl class="facts">
<dt>${t(locale, 'admin.onPremises.connection')}</dt><dd>${dialectOf(c.type).texts[locale].label} · ${c.url}${c.startTls ? ' (StartTLS)' : ''}<p class="meta">${c.baseDn}</p></dd>
<dt>${t(locale, 'admin.onPremises.mode')}</dt><dd>${c.mode}</dd>
<dt>${t(locale, 'admin.onPremises.protectedGroups')}</dt><dd>${c.protectedGroups.length === 0 ? '-' : html`<ul>${c.protectedGroups.map((g) => html`<li>${g}</li>`)}</ul>`}</dd>
${agentFacts(locale, agentOf(c))}
<dt>${t(locale, 'admin.onPremises.lastTest')}</dt><dd>${c.lastTest ? `${c.lastTest.at.slice(0, 16).replace('T', ' ')} UTC` : t(locale, 'admin.onPremises.neverTested')}</dd>
</dl>
${test ? html`<form method="post" action="${test.action}"><input type="hidden" name="_csrf" value="${test.csrf}"><input type="hidden" name="connectionId" value="${c.connectionId}"><button type="submit">${t(locale, 'admin.onPremises.test')}</button></form>` : ''}
${sync ? renderSyncStatus(locale, c, sync) : ''}
</section>`,
  )}`;
};

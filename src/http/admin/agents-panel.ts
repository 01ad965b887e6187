import type { Locale } from '../../i18n/i18n.js';
import { agentNameMaxLength, type AgentView } from '../../services/agent/agent-service.js';
import { html, type SafeHtml } from '../../core/html.js';
import { alertBox, t } from '../portal/layout.js';
import { field } from './form-controls.js';
import { directoryTypes } from '../../dialects/registry.js';

/** Entra's writeback client line for an agent (reference §3), with the versions where it is out-of-date. */
export const agentStatusLine = (locale: Locale, agent: AgentView | undefined): string =>
  t(locale, `admin.onPremises.agent.${agent?.status ?? 'notConnected'}`, {
    version: agent?.version ?? '-',
    upgradeTo: agent?.upgradeTo ?? '-',
  });

export const agentDetails = (locale: Locale, agent: AgentView): string => {
  const at = agent.lastHeartbeatAt
    ? `${agent.lastHeartbeatAt.slice(0, 16).replace('T', ' ')} UTC`
    : t(locale, 'admin.onPremises.agent.never');
  return t(locale, 'admin.onPremises.agent.details', { name: agent.name, version: agent.version ?? '-', at });
};

export interface AgentForms {
  /** Where the enrol, revoke and rotate-keys forms post (`…/agents`, `…/agents/revoke`, `…/agents/rotate-keys`), with ?mkt=. */
  actions: { enroll: string; revoke: string; rotateKeys: string };
  csrf: string;
  /** A refused enrolment: the name as typed and why. */
  name?: string;
  errors?: string[];
}

/** One CSRF-protected button for one agent; the wording says what happens, so no script asks "are you sure?". */
const agentAction = (
  action: string,
  csrf: string,
  agentId: string,
  label: string,
  hint: string,
  id: string,
): SafeHtml =>
  html`<form method="post" action="${action}" class="inline"><input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="agentId" value="${agentId}"><p class="hint" id="${id}">${hint}</p><button type="submit" aria-describedby="${id}">${label}</button></form>`;

/** Enrol an agent: a name is all it takes; the token comes on the next page. */
export const enrollForm = (locale: Locale, forms: AgentForms): SafeHtml =>
  html`<h4>${t(locale, 'admin.onPremises.agents.enroll')}</h4>${alertBox(forms.errors ?? [])}<form method="post" action="${forms.actions.enroll}" novalidate><input type="hidden" name="_csrf" value="${forms.csrf}">
${field('agentName', t(locale, 'admin.onPremises.agents.name'), forms.name ?? '', { hint: t(locale, 'admin.onPremises.agents.name.hint'), maxlength: agentNameMaxLength })}
<button type="submit">${t(locale, 'admin.onPremises.agents.enrollSubmit')}</button></form>`;

/**
 * The tab's "On-premises agents" section: every agent with its name, version, last heartbeat and status line.
 * Writers also get the enrol form and, per live agent, revoke and rotate-keys buttons; readers see the list only.
 */
export const renderAgentsPanel = (
  locale: Locale,
  agents: readonly AgentView[],
  forms?: AgentForms,
  saved?: string,
): SafeHtml => {
  const done =
    saved === 'revoked' || saved === 'rotated'
      ? alertBox([t(locale, `admin.onPremises.agents.saved.${saved}`)], 'success')
      : '';
  const items = agents.map(
    (agent) => html`<li class="agent">
<p class="status">${agentStatusLine(locale, agent)}</p>
<p class="meta">${agentDetails(locale, agent)}</p>
${
  forms && agent.status !== 'revoked'
    ? html`${agentAction(forms.actions.rotateKeys, forms.csrf, agent.agentId, t(locale, 'admin.onPremises.agents.rotate'), t(locale, 'admin.onPremises.agents.rotate.hint'), `rotate-${agent.agentId}`)}
${agentAction(forms.actions.revoke, forms.csrf, agent.agentId, t(locale, 'admin.onPremises.agents.revoke', { name: agent.name }), t(locale, 'admin.onPremises.agents.revoke.hint'), `revoke-${agent.agentId}`)}`
    : ''
}
</li>`,
  );
  const enroll = forms ? enrollForm(locale, forms) : '';
  return html`<section class="agents" aria-labelledby="agents-heading"><h3 id="agents-heading">${t(locale, 'admin.onPremises.agents')}</h3>${done}
${agents.length === 0 ? html`<p>${t(locale, 'admin.onPremises.agents.none')}</p>` : html`<ul class="agents">${items}</ul>`}
${enroll}</section>`;
};

/** The page after enrolling: the token once, and the exact command to start the agent next to the directory. */
export const renderEnrolled = (
  locale: Locale,
  enrolled: AgentView & { token: string },
  publicUrl: string,
  back: string,
): SafeHtml =>
  html`${alertBox([t(locale, 'admin.onPremises.agents.enrolled.token')])}
<dl class="facts"><dt>${t(locale, 'admin.onPremises.agents.name')}</dt><dd>${enrolled.name}</dd><dt>${t(locale, 'admin.onPremises.agents.enrolled.tokenLabel')}</dt><dd><code class="secret">${enrolled.token}</code></dd></dl>
<p>${t(locale, 'admin.onPremises.agents.enrolled.run')}</p>
<pre><code>sspr agent --server ${publicUrl} --token ${enrolled.token}</code></pre>
<p class="hint">${t(locale, 'admin.onPremises.agents.enrolled.options', { types: directoryTypes.join('|') })}</p>
<p>${t(locale, 'admin.onPremises.agents.enrolled.link', { agentId: enrolled.agentId })}</p>
<p><a href="${back}">${t(locale, 'admin.onPremises.agents.enrolled.back')}</a></p>`;

import { describe, expect, it } from 'vitest';
import type { AgentView } from '../../services/agent-service.js';
import type { DirectoryConnectionView } from '../../services/directory-service.js';
import { escapeHtml } from '../html.js';
import { renderAgentsPanel } from './agents-panel.js';
import { renderOnPremisesStatus } from './on-premises-panel.js';

const connection: DirectoryConnectionView = {
  tenantId: 't', connectionId: 'c1', type: 'ad', url: 'ldaps://dc1.contoso.local', bindDn: 'CN=sspr,DC=contoso,DC=local', baseDn: 'DC=contoso,DC=local',
  userFilter: null, startTls: false, caFile: null, mode: 'passwordHashSync', protectedGroups: [], createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z', lastTest: null, agentId: 'a1',
};
const agent = (status: AgentView['status'], version = '0.1.0', upgradeTo: string | null = null): AgentView => ({
  tenantId: 't', agentId: 'a1', name: '<b>Amsterdam</b>', version, lastHeartbeatAt: '2026-03-01T09:05:00.000Z',
  createdAt: '2026-03-01T09:00:00.000Z', revokedAt: status === 'revoked' ? '2026-03-01T10:00:00.000Z' : null, keyPinned: true, status, message: '', upgradeTo,
});
const forms = { actions: { enroll: '/e', revoke: '/r', rotateKeys: '/k' }, csrf: 'tok' };

describe('On-premises tab with an agent connection', () => {
  it("shows Entra's writeback client line from the agent's heartbeat, with its version, in English and Dutch", () => {
    const up = renderOnPremisesStatus('en', [connection], undefined, [agent('connected')]).toString();
    expect(up).toContain('Your on-premises writeback client is up and running.');
    expect(up).toContain('version 0.1.0 · last heartbeat 2026-03-01 09:05 UTC');
    expect(up).toContain('&lt;b&gt;Amsterdam&lt;/b&gt;');
    expect(up).not.toContain('<b>Amsterdam');
    const down = renderOnPremisesStatus('nl', [connection], undefined, [agent('notConnected')]).toString();
    expect(down).toContain('We kunnen nu geen verbinding maken met uw on-premises terugschrijfclient');
    expect(renderOnPremisesStatus('en', [connection], undefined, []).toString()).toContain('connect to your on-premises writeback client right now.');
  });

  it("says an agent is out-of-date as Entra does, and that one below the minimum can't be checked or used (EN/NL)", () => {
    const outdated = renderOnPremisesStatus('en', [connection], undefined, [agent('outdated', '0.1.0', '0.2.0')]).toString();
    expect(outdated).toContain('Your on-premises writeback client is connected. However, the installed version of the OpenSSPR agent (0.1.0) is out-of-date. Please upgrade the agent to version 0.2.0.');
    const unsupported = renderOnPremisesStatus('nl', [connection], undefined, [agent('unsupported', '0.0.9', '0.2.0')]).toString();
    expect(unsupported).toContain('We kunnen de status van uw on-premises terugschrijfclient niet controleren omdat de geïnstalleerde versie van de OpenSSPR-agent (0.0.9) verouderd is');
    expect(renderOnPremisesStatus('en', [connection], undefined, [agent('revoked')]).toString()).toContain('this agent was revoked');
  });
});

describe('the On-premises agents section', () => {
  it('gives writers the enrol form and, per live agent, rotate and revoke buttons with their CSRF token', () => {
    const page = renderAgentsPanel('en', [agent('connected'), { ...agent('revoked'), agentId: 'a2' }], forms).toString();
    expect(page).toContain('action="/e"');
    expect(page.match(/name="_csrf" value="tok"/g)).toHaveLength(3);
    expect(page).toContain('name="agentId" value="a1"');
    expect(page).not.toContain('name="agentId" value="a2"');
    expect(page).toContain('Revoke &lt;b&gt;Amsterdam&lt;/b&gt;');
    expect(page).toContain(escapeHtml("can't be undone"));
  });

  it('shows readers the list only, and says when there is no agent (NL)', () => {
    const page = renderAgentsPanel('en', [agent('notConnected')]).toString();
    expect(page).toContain(escapeHtml("We can't connect to your on-premises writeback client right now."));
    expect(page).toContain('version 0.1.0 · last heartbeat 2026-03-01 09:05 UTC');
    expect(page).not.toContain('<form');
    expect(renderAgentsPanel('nl', []).toString()).toContain('Er is geen agent ingeschreven.');
  });
});

import { describe, expect, it } from 'vitest';
import type { AgentView } from '../../services/agent-service.js';
import type { DirectoryConnectionView } from '../../services/directory-service.js';
import { renderOnPremisesStatus } from './on-premises-panel.js';

const connection: DirectoryConnectionView = {
  tenantId: 't', connectionId: 'c1', type: 'ad', url: 'ldaps://dc1.contoso.local', bindDn: 'CN=sspr,DC=contoso,DC=local', baseDn: 'DC=contoso,DC=local',
  userFilter: null, startTls: false, caFile: null, mode: 'passwordHashSync', protectedGroups: [], createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z', lastTest: null, agentId: 'a1',
};
const agent = (status: AgentView['status']): AgentView => ({
  tenantId: 't', agentId: 'a1', name: '<b>Amsterdam</b>', version: '0.1.0', lastHeartbeatAt: '2026-03-01T09:05:00.000Z',
  createdAt: '2026-03-01T09:00:00.000Z', revokedAt: null, keyPinned: true, status, message: '',
});

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
});
